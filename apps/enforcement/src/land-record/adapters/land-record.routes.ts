// HTTP: the routes of a kind of land record — record one, erase its text, read one, list many
// filtered by agency and a range of its legal date — made by the kernel from the kind's declaration.
import { type Type } from '@nestjs/common';
import { type z } from 'zod';
import { dateRangeWhere } from '#contracts/legal-time';
import { caseRoutes, type CaseRoutesDeclaration } from '#event-sourcing/http';
import { legalDate } from '#http';
import { type LandRecordCommand, type LandRecordKind } from '../domain/land-record.decider.js';

/** The HTTP names of a kind of land record: its controller, path, tag, body and texts. */
export interface LandRecordRoutes<K extends LandRecordKind, TBody extends { readonly agencyId: string }> {
  readonly name: string;
  readonly path: string;
  readonly tag: string;
  readonly create: Omit<CaseRoutesDeclaration<TBody, LandRecordCommand<K>, never>['create'], 'command'>;
  readonly listSummary: string;
  readonly eraseTextsSummary: string;
}

const dateFilter = { from: legalDate.optional(), to: legalDate.optional() };

export function landRecordRoutes<K extends LandRecordKind, TBody extends { readonly agencyId: string }>(
  kind: K,
  token: symbol,
  routes: LandRecordRoutes<K, TBody>,
): Type {
  return caseRoutes({
    name: routes.name,
    path: routes.path,
    tag: routes.tag,
    views: token,
    create: {
      ...routes.create,
      command: (body, today) => ({ type: kind.command, ...body, today }) as unknown as LandRecordCommand<K>,
    },
    list: {
      summary: routes.listSummary,
      sort: { [kind.date]: -1 },
      query: dateFilter,
      where: (q: z.output<z.ZodObject<typeof dateFilter>>) => dateRangeWhere(kind.date, q.from, q.to),
    },
    eraseTexts: { summary: routes.eraseTextsSummary },
  });
}
