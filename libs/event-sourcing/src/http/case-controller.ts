// The base class of a hand-written case controller (one whose routes differ from `caseRoutes`'):
// the read routes every such controller has — erase a case's free text (supervisors, ADR 0008),
// read the case, read its events — and the two ways its own routes run a command, `open` and
// `change` (one read of the stream each, the caller's agency checked inside the command):
//
//   class XHttpController extends CaseController<XCommand, XView>(BASE, summaries) {
//     constructor(@Inject(XService) x: XService) { super(x.cases); }
//   }
//
// The read routes sit under `<base>/:id`. The controller's own routes are registered before them
// (Nest walks a class's own methods before its base's), so a literal path such as `<base>/count`
// still wins over `<base>/:id`. Operation ids stay `<controller>_eraseTexts`, `_get`, `_history`.
import { Param, Req, Res } from '@nestjs/common';
import { type EventEnvelope } from '#contracts';
import { type WithDateWarnings } from '#contracts/legal-time';
import { type HttpRequest, type ResponseLike } from '#http';
import { type DomainEvent } from '../decider.js';
import { type StreamViews } from '../read-model/stream-views.js';
import { changeCaseToday, openCase } from './case-commands.js';
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

/** The views a case controller reads, lists, erases and runs commands through. */
export type CaseControllerViews<TCommand, TView extends AgencyView> = Pick<
  StreamViews<TCommand, DomainEvent, unknown, TView>,
  'get' | 'history' | 'eraseTexts' | 'idForCreate' | 'run' | 'list'
>;

/** The base class of a controller of cases under `base` (`DELETE :id/texts`, `GET :id`, `GET :id/history`). */
export function CaseController<TCommand extends object, TView extends AgencyView>(
  base: string,
  summaries: CaseReadSummaries,
) {
  abstract class CaseControllerBase {
    /** `views`: the kind's StreamViews. */
    constructor(readonly views: CaseControllerViews<TCommand, TView>) {}

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

    /**
     * Opens a case of the body's agency with the command made on the legal day: 201's ETag and
     * Location `/<base>/<id>`; a retry with the same Idempotency-Key must repeat `op` and the body.
     */
    protected open(
      op: string,
      body: { readonly agencyId: string },
      command: (today: string) => TCommand,
      req: HttpRequest,
      res: ResponseLike,
    ): Promise<WithDateWarnings<TView>> {
      return openCase(this.views, base, body.agencyId, command, req, res, { hashed: { op, ...body } });
    }

    /** Changes case `id` with the command made on the legal day (If-Match, Idempotency-Key for `op`). */
    protected change(
      op: string,
      id: string,
      command: (today: string) => TCommand,
      req: HttpRequest,
      res: ResponseLike,
    ): Promise<WithDateWarnings<TView>> {
      return changeCaseToday(this.views, id, op, command, req, res);
    }
  }
  return CaseControllerBase;
}
