// The land-record slice: a kind of land record (demolitions, idle-land findings) is one declaration
// of this slice — its names, its view collection and its routes — and gets its decider, its
// StreamViews provider and its controller from here.
import { type Provider, type Type } from '@nestjs/common';
import { streamViewsProvider } from '#event-sourcing/nest';
import { landRecordDecider, type LandRecordKind } from './domain/land-record.decider.js';
import { landRecordViews, type LandRecordViews } from './application/land-records.js';
import { landRecordRoutes, type LandRecordRoutes } from './adapters/land-record.routes.js';

export { landRecordDecider, type LandRecordKind } from './domain/land-record.decider.js';

export interface LandRecordDeclaration<
  K extends LandRecordKind,
  TBody extends { readonly agencyId: string },
> extends Omit<LandRecordViews<K>, 'kind'> {
  readonly kind: K;
  readonly routes: LandRecordRoutes<K, TBody>;
}

export interface LandRecordSlice<K extends LandRecordKind> {
  readonly decider: ReturnType<typeof landRecordDecider<K>>;
  readonly provider: Provider;
  readonly controller: Type;
}

export function landRecordSlice<const K extends LandRecordKind, TBody extends { readonly agencyId: string }>(
  declaration: LandRecordDeclaration<K, TBody>,
): LandRecordSlice<K> {
  const token = Symbol(declaration.collection);
  return {
    decider: landRecordDecider(declaration.kind),
    provider: streamViewsProvider(token, landRecordViews(declaration)),
    controller: landRecordRoutes(declaration.kind, token, declaration.routes),
  };
}
