// The read routes a hand-written case controller shares with every other one — erase a case's free
// text (supervisors, ADR 0008), read the case, read its events — as a base class the controller
// extends: `class XHttpController extends CaseReadRoutes<XView>(BASE, {...}) { views = … }`. The
// routes sit under `<base>/:id`; the controller's own routes are registered before them (Nest walks
// a class's own methods before its base's), so a literal path such as `<base>/count` still wins
// over `<base>/:id`. The operation ids stay `<controller>_eraseTexts`, `_get`, `_history`.
import { Param, Req, Res } from '@nestjs/common';
import { type EventEnvelope } from '#contracts';
import { type HttpRequest, type ResponseLike } from '#http';
import { type DomainEvent } from '../decider.js';
import { type StreamViews } from '../read-model/stream-views.js';
import {
  caseHistory,
  CaseReadRoute,
  eraseCaseTexts,
  EraseTextsRoute,
  readCase,
  type AgencyView,
} from './case-routes.js';

/** The OpenAPI summaries of the three read routes. */
export interface CaseReadSummaries {
  readonly eraseTexts: string;
  readonly get: string;
  readonly history: string;
}

/** The views the read routes read and erase through. */
export type ReadViews<TView extends AgencyView> = Pick<
  StreamViews<never, DomainEvent, unknown, TView>,
  'get' | 'history' | 'eraseTexts'
>;

/** The base class of a controller with `DELETE <base>/:id/texts`, `GET <base>/:id` and `GET <base>/:id/history`. */
export function CaseReadRoutes<TView extends AgencyView>(base: string, summaries: CaseReadSummaries) {
  abstract class CaseReads {
    /** The kind's StreamViews. */
    abstract readonly views: ReadViews<TView>;

    @EraseTextsRoute(`${base}/:id/texts`, summaries.eraseTexts)
    eraseTexts(@Param('id') id: string, @Req() req: HttpRequest): Promise<TView> {
      return eraseCaseTexts(this.views, id, req);
    }

    @CaseReadRoute(`${base}/:id`, summaries.get)
    get(
      @Param('id') id: string,
      @Req() req: HttpRequest,
      @Res({ passthrough: true }) res: ResponseLike,
    ): Promise<TView> {
      return readCase(this.views, id, req, res);
    }

    @CaseReadRoute(`${base}/:id/history`, summaries.history)
    history(@Param('id') id: string, @Req() req: HttpRequest): Promise<EventEnvelope[]> {
      return caseHistory(this.views, id, req);
    }
  }
  return CaseReads;
}
