// The disclosure-request use cases over the kind's StreamViews (disclosure-request.stream.ts declares
// it): load → decide → append with the caller's agency checked on that one load, the list view written
// from the command's own state (read-your-writes), kept converged by the relay's commit listener
// should a process die in between; what people typed kept beside the case as its texts.
import { Inject, Injectable } from '@nestjs/common';
import { agencyAndDescendants, agencyCondition, type EventEnvelope } from '#contracts';
import { type ApplicantType, type Channel } from '#contracts/applications';
import { DomainError, type CommandContext, type CommandOptions } from '#event-sourcing';
import { CaseTexts, type FieldCondition, type FindResult, type Where } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import { ApplicantsService, applicantRefFor, type ApplicantPersonalData } from '../../applicant/index.js';
import { officeDateWarnings } from '../domain/office-dates.js';
import { matchesFreeText, SEARCHED_TEXT_FIELDS } from '../domain/free-text-search.js';
import { type DisclosureRequestCommand } from '../domain/disclosure-request.js';
import { dateRange, type LegalDateWarning, legalToday, OFFICIAL_CALENDAR } from '#contracts/legal-time';
import {
  disclosureRequestDetail,
  disclosureRequestViews,
  type DisclosureRequestDetail,
  type DisclosureRequestViews,
  type ShownRequest,
  type DisclosureRequestView,
  type RequestStatus,
} from './disclosure-request.stream.js';

export interface ReceiveRequestInput {
  readonly agencyId: string;
  readonly receiptDate: string;
  readonly channel: Channel;
  readonly applicantType: ApplicantType;
  readonly informationRequested: string;
  /** A new applicant's personal data… */
  readonly applicant?: ApplicantPersonalData;
  /** …or the reference of an applicant already on file. */
  readonly applicantRef?: string;
}

/**
 * What a command answers: the request as it now stands, and warnings about what was accepted but
 * looks wrong (a legal date on a day off). Warnings come from the command alone, so a retry with
 * the same Idempotency-Key answers the same ones.
 */
export type CommandAnswer = ShownRequest<DisclosureRequestView> & { readonly warnings: readonly LegalDateWarning[] };

/** A change command as the HTTP layer builds it; `today` is added here from the command time. */
export type ChangeCommand = DisclosureRequestCommand extends infer C
  ? C extends { type: 'ReceiveRequest' }
    ? never
    : C extends unknown
      ? Omit<C, 'today'>
      : never
  : never;

export interface ListFilter {
  readonly agencyId?: string;
  /** With `agencyId`: include the agencies below it (the city's roll-up). */
  readonly withSubordinates?: boolean;
  readonly status?: RequestStatus | 'open' | 'concluded';
  readonly receivedFrom?: string;
  readonly receivedTo?: string;
  readonly concludedFrom?: string;
  readonly concludedTo?: string;
  /** Open, clock running, due date before `asOf`. */
  readonly overdue?: boolean;
  /** Open, clock running, due between `asOf` and this many working days after it. */
  readonly dueWithinWorkingDays?: number;
  /** The day overdue / due-soon are judged on; default today. */
  readonly asOf: string;
  /** Words of what is asked for (free text: personal data, matched here and never logged). */
  readonly q?: string;
  readonly sort: 'receiptDate' | 'dueDate';
  readonly skip: number;
  readonly limit: number;
}

export interface DeadlineSummary {
  readonly asOf: string;
  readonly agencyIds: string[];
  readonly open: number;
  readonly running: number;
  readonly paused: number;
  /** Open requests whose due date cannot be computed yet (a year's holiday notice is missing). */
  readonly unknown: number;
  readonly dueSoon: number;
  readonly dueSoonWorkingDays: number;
  readonly overdue: number;
}

@Injectable()
export class DisclosureRequestsService {
  private readonly requests: DisclosureRequestViews;
  /** What people typed into requests, beside the applicants' personal data (never in an event). */
  private readonly texts: CaseTexts;

  constructor(
    @Inject(CaseKinds) kinds: CaseKinds,
    @Inject(ApplicantsService) private readonly applicants: ApplicantsService,
  ) {
    const texts = new CaseTexts(kinds.documents, { collection: REQUEST_TEXTS });
    this.texts = texts;
    this.requests = kinds.of((registry) => disclosureRequestViews(registry, texts));
  }

  async receive(input: ReceiveRequestInput, ctx: CommandContext, meta: CommandOptions): Promise<CommandAnswer> {
    const id = await this.requests.idForCreate(input.agencyId, meta.idempotencyKey);
    if (input.applicantRef !== undefined) await this.applicants.requireHeld(input.applicantRef);
    const applicantRef = input.applicantRef ?? applicantRefFor(id);
    const command: DisclosureRequestCommand = {
      type: 'ReceiveRequest',
      today: legalToday(ctx.now),
      agencyId: input.agencyId,
      receiptDate: input.receiptDate,
      channel: input.channel,
      applicantType: input.applicantType,
      applicantRef,
      informationRequested: input.informationRequested,
    };
    const view = await this.requests.run(id, command, ctx, {
      ...(meta.idempotencyKey === undefined ? {} : { idempotencyKey: meta.idempotencyKey }),
      ...(meta.requestHash === undefined ? {} : { requestHash: meta.requestHash }),
    });
    // After the append (its text kept, about this applicant: erased with their data): a refused
    // request leaves no personal data behind. A crash in between is healed by the client's retry
    // with the same Idempotency-Key (a duplicate lands here too).
    if (input.applicant) await this.applicants.record(applicantRef, input.applicant, ctx.now, { keepExisting: true });
    return { ...(view as ShownRequest<DisclosureRequestView>), warnings: officeDateWarnings(command) };
  }

  async change(id: string, command: ChangeCommand, ctx: CommandContext, meta: CommandOptions): Promise<CommandAnswer> {
    const full = { ...command, today: legalToday(ctx.now) } as DisclosureRequestCommand;
    const view = await this.requests.run(id, full, ctx, meta);
    return { ...(view as ShownRequest<DisclosureRequestView>), warnings: officeDateWarnings(full) };
  }

  async get(id: string): Promise<ShownRequest<DisclosureRequestDetail>> {
    return (await this.requests.read(id, disclosureRequestDetail)) as ShownRequest<DisclosureRequestDetail>;
  }

  /**
   * Erases the text typed into every request of an applicant (with their personal data): the
   * requests and every statistic stay as they were, the views show the text as erased.
   */
  eraseTextsOfApplicant(applicantRef: string, actor: string, now: Date): Promise<number> {
    return this.texts.eraseSubject(applicantRef, actor, now);
  }

  /** The agencies holding requests of an applicant (who may see, or name again, their personal data). */
  async agenciesOfApplicant(applicantRef: string): Promise<string[]> {
    const found = await this.requests.findStored({ where: { applicantRef }, limit: 1000 });
    return [...new Set(found.items.map((v) => v.agencyId))];
  }

  history(id: string): Promise<EventEnvelope[]> {
    return this.requests.history(id);
  }

  async list(filter: ListFilter): Promise<FindResult<ShownRequest<DisclosureRequestView>>> {
    const where: Record<string, FieldCondition | string | boolean> = {
      ...agencyCondition(filter.agencyId, filter.withSubordinates),
    };
    if (filter.status === 'open') where.open = true;
    else if (filter.status === 'concluded') where.open = false;
    else if (filter.status !== undefined) where.status = filter.status;
    const received = dateRange(filter.receivedFrom, filter.receivedTo);
    if (received) where.receiptDate = received;
    const concluded = dateRange(filter.concludedFrom, filter.concludedTo);
    if (concluded) where.concludedOn = concluded;
    if (filter.overdue && filter.dueWithinWorkingDays !== undefined) {
      throw new DomainError('list.overdue-and-due-soon', 'ask for overdue or for due soon, not both', {
        field: 'overdue',
      });
    }
    if (filter.overdue) {
      Object.assign(where, { open: true, deadlineStatus: 'running', dueDate: { $lt: filter.asOf } });
    }
    if (filter.dueWithinWorkingDays !== undefined) {
      const until = this.dueSoonUntil(filter.asOf, filter.dueWithinWorkingDays);
      Object.assign(where, { open: true, deadlineStatus: 'running', dueDate: { $gte: filter.asOf, $lte: until } });
    }
    if (filter.q !== undefined) {
      const query = filter.q;
      const ids = await this.texts.casesMatching(SEARCHED_TEXT_FIELDS, (text) => matchesFreeText(text, query));
      where.id = { $in: ids };
    }
    const sort: Record<string, 1 | -1> =
      filter.sort === 'dueDate' ? { dueDate: 1, receiptDate: 1 } : { receiptDate: -1 };
    const found = await this.requests.find({ where: where as Where, sort, skip: filter.skip, limit: filter.limit });
    return found as FindResult<ShownRequest<DisclosureRequestView>>;
  }

  async deadlineSummary(
    agencyId: string | undefined,
    withSubordinates: boolean,
    asOf: string,
    dueSoonWorkingDays: number,
  ): Promise<DeadlineSummary> {
    const agency = agencyCondition(agencyId, withSubordinates);
    const open = { ...agency, open: true };
    const until = this.dueSoonUntil(asOf, dueSoonWorkingDays);
    const [openCount, running, paused, unknown, dueSoon, overdue] = await Promise.all([
      this.requests.count(open),
      this.requests.count({ ...open, deadlineStatus: 'running' }),
      this.requests.count({ ...open, deadlineStatus: 'paused' }),
      this.requests.count({ ...open, deadlineStatus: 'unknown' }),
      this.requests.count({ ...open, deadlineStatus: 'running', dueDate: { $gte: asOf, $lte: until } }),
      this.requests.count({ ...open, deadlineStatus: 'running', dueDate: { $lt: asOf } }),
    ]);
    const agencyIds = agencyId ? (withSubordinates ? agencyAndDescendants(agencyId) : [agencyId]) : [];
    return { asOf, agencyIds, open: openCount, running, paused, unknown, dueSoon, dueSoonWorkingDays, overdue };
  }

  /**
   * Open requests past their statutory reply deadline on `asOf`, counted per agency (the operations
   * gauge `landbureau_overdue_cases`). Only the overdue views are read: a handful on a healthy day.
   */
  async overdueByAgency(asOf: string): Promise<Array<{ kind: string; agencyId: string; cases: number }>> {
    const found = await this.requests.findStored({
      where: { open: true, deadlineStatus: 'running', dueDate: { $lt: asOf } },
    });
    const byAgency = new Map<string, number>();
    for (const v of found.items) byAgency.set(v.agencyId, (byAgency.get(v.agencyId) ?? 0) + 1);
    return [...byAgency].map(([agencyId, cases]) => ({ kind: 'disclosure-request', agencyId, cases }));
  }

  private dueSoonUntil(asOf: string, workingDays: number): string {
    if (workingDays === 0) return asOf;
    const found = OFFICIAL_CALENDAR.nthWorkingDayAfter(asOf, workingDays);
    if ('date' in found) return found.date;
    const year = 'missingYear' in found ? found.missingYear : asOf.slice(0, 4);
    throw new DomainError('calendar.year-missing', `the holiday arrangement of ${year} is not on file`, {
      field: 'asOf',
    });
  }
}

/** The collection of the texts typed into requests. */
export const REQUEST_TEXTS = 'request_texts';
