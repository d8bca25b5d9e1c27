// The operations API's work: pipeline health per service (their readiness and metrics over HTTP),
// the projection's lag, dead letters (list, inspect, replay, discard — each action an event on the
// stream `dead-letters:<topic>`), overdue and due-soon cases per agency, and the monthly trend.
import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry, deadLetterTopic, eventsTopic, retryTopic, SERVICES } from '#contracts';
import { type DeadLetterActionData } from '#contracts/operations';
import { type CommandContext, DomainError, type StreamType } from '#event-sourcing';
import { CommandRunner, MESSAGE_TRANSPORT } from '#event-sourcing/nest';
import { type DeadLetter, listDeadLetters, type MessageTransport, replayToGroup, UnknownTopicError } from '#messaging';
import { redact, redactText } from '#observability';
import { agencies } from '#contracts';
import {
  type DeadLetterActionCommand,
  type DeadLetterActionEvent,
  deadLetterActionsDecider,
  type DeadLetterActionsState,
  deadLetterStreamId,
  letterKey,
} from '../domain/dead-letter-actions.decider.js';
import {
  CATCH_UP_INTERVAL_MS,
  CATCH_UP_SAMPLES,
  catchUpSample,
  caughtUpFrom,
  type CaughtUpAnswer,
  type MetricsReading,
  type ProjectionReading,
  quietSample,
} from '../domain/caught-up.js';
import { parsePrometheus, type ServiceFigures, serviceFigures } from '../domain/pipeline-metrics.js';

export const OPERATIONS_OPTIONS = Symbol('OPERATIONS_OPTIONS');

export interface OperationsOptions {
  /** Base URL per service (`SERVICE_URLS`); a service not named answers at the caller's own origin. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  /** Bound on a probe of another service (its readiness, its metrics). Default 3 s. */
  readonly timeoutMs?: number;
  /**
   * Bound on a query another service computes (the trend, the projection's lag). Default 20 s: the
   * trend folds a year of facts (~0.2–0.5 s for the 2009 year on a quiet machine), and on a busy
   * one — the embedded platform answers every service in one process — 3 s was not enough (CI).
   */
  readonly queryTimeoutMs?: number;
  /**
   * The topics whose dead letters operations look after (default every event topic but operations'
   * own); a test sharing one broker passes its prefixed names.
   */
  readonly topics?: readonly string[];
  /** Where the workbench is served (WORKBENCH_URL): the page links a disclosure request there. */
  readonly workbenchUrl: string;
}

/** Every service's `<service>.events` but operations' own: where the consumers' dead letters come from. */
export const WATCHED_TOPICS: readonly string[] = SERVICES.filter((s) => s !== 'operations').map(eventsTopic);

/** A call to another service answered with an error status: the status and the body's message. */
export class ServiceCallError extends Error {
  constructor(
    readonly status: number,
    /** The error body as the service sent it, when it was JSON. */
    readonly body: unknown,
    message: string,
  ) {
    super(`${status} ${message}`);
  }
}

export interface ServiceHealth extends ServiceFigures {
  readonly service: string;
  readonly baseUrl: string;
  readonly ready: boolean;
  /** Why it is not ready, or why its metrics could not be read. */
  readonly problem: string | null;
}

export interface DeadLetterView {
  readonly id: string;
  readonly at: DeadLetter['at'];
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly key: string | null;
  readonly consumerGroup: string | null;
  readonly error: { readonly name: string; readonly message: string };
  readonly attempts: number;
  readonly failedAt: string | null;
  readonly replays: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The message value, parsed when it is JSON, with personal data redacted. */
  readonly payload: unknown;
  /** What operations did with the letter, null while it waits. */
  readonly handled: LetterHandling | null;
}

/** A replay or discard of a letter: who (from the token), when, and for which consumer group. */
export interface LetterHandling {
  readonly outcome: 'replayed' | 'discarded';
  readonly by: string;
  readonly at: string;
  readonly consumerGroup: string | null;
  /** Where a replay went: the retry topic only that group reads (ADR 0007). */
  readonly retryTopic: string | null;
}

type Action = 'replay' | 'discard';

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_QUERY_TIMEOUT_MS = 20_000;

@Injectable()
export class OperationsService {
  constructor(
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {}

  // ---------------------------------------------------------------- pipeline

  get workbenchUrl(): string {
    return this.options.workbenchUrl;
  }

  baseUrlOf(service: string, ownOrigin: string): string {
    return this.options.serviceUrls[service] ?? ownOrigin;
  }

  async pipeline(ownOrigin: string, authorization: string | undefined): Promise<ServiceHealth[]> {
    return Promise.all(
      SERVICES.map(async (service) => {
        const baseUrl = this.baseUrlOf(service, ownOrigin);
        const problems: string[] = [];
        let ready = false;
        try {
          const res = await this.call(`${baseUrl}/${service}/health/ready`, undefined);
          ready = res.ok;
          if (!res.ok) problems.push(`ready: ${res.status} ${redactText((await res.text()).slice(0, 300))}`);
        } catch (err) {
          problems.push(`ready: ${(err as Error).message}`);
        }
        const metrics = await this.metricsOf(service, baseUrl, authorization);
        const figures: ServiceFigures =
          'samples' in metrics
            ? serviceFigures(metrics.samples, service)
            : { outboxBacklog: null, outboxOldestAgeSeconds: null, consumerLag: null, deadLetters: 0 };
        if ('problem' in metrics) problems.push(`metrics: ${metrics.problem}`);
        return { service, baseUrl, ready, problem: problems.length ? problems.join('; ') : null, ...figures };
      }),
    );
  }

  /** A service's metrics, read with the caller's token, or why they could not be read. */
  private async metricsOf(
    service: string,
    baseUrl: string,
    authorization: string | undefined,
  ): Promise<MetricsReading> {
    try {
      const res = await this.call(`${baseUrl}/${service}/metrics`, authorization);
      if (!res.ok) return { service, problem: `${res.status}` };
      return { service, samples: parsePrometheus(await res.text()) };
    } catch (err) {
      return { service, problem: (err as Error).message };
    }
  }

  /**
   * Whether everything recorded so far is reflected in the reports (domain/caught-up.ts): a sample,
   * and when it shows nothing in flight, a second one CATCH_UP_INTERVAL_MS later (one with something in
   * flight already answers no: a client polling is not kept waiting for the second).
   */
  async caughtUp(ownOrigin: string, authorization: string | undefined): Promise<CaughtUpAnswer> {
    const samples = [await this.catchUpSample(ownOrigin, authorization)];
    while (samples.length < CATCH_UP_SAMPLES && samples.every(quietSample)) {
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_INTERVAL_MS));
      samples.push(await this.catchUpSample(ownOrigin, authorization));
    }
    return caughtUpFrom(samples);
  }

  private async catchUpSample(ownOrigin: string, authorization: string | undefined) {
    const [readings, projection] = await Promise.all([
      Promise.all(
        SERVICES.map((service) => this.metricsOf(service, this.baseUrlOf(service, ownOrigin), authorization)),
      ),
      // Fresh, not the answer shared for a second: a sample must not repeat the one before it.
      this.lag(ownOrigin, authorization, { fresh: true }).then(
        (lag): ProjectionReading => lag,
        (err: unknown): ProjectionReading => ({ problem: (err as Error).message }),
      ),
    ]);
    return catchUpSample(new Date().toISOString(), readings, projection);
  }

  private call(
    url: string,
    authorization: string | undefined,
    timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  ): Promise<Response> {
    return fetch(url, {
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  }

  /**
   * The statistics projection's lag, from reporting's API (GET /reporting/projection/lag) with the
   * caller's token: operations reads no store but its own.
   */
  lag(
    ownOrigin: string,
    authorization: string | undefined,
    options: { readonly fresh?: boolean } = {},
  ): Promise<ProjectionLag> {
    const query = options.fresh === true ? '?fresh=true' : '';
    return this.getJson<ProjectionLag>('reporting', ownOrigin, `/reporting/projection/lag${query}`, authorization);
  }

  /** The monthly trend against the year-end forecast, from reporting's API (GET /reporting/trend). */
  trend(ownOrigin: string, query: URLSearchParams, authorization: string | undefined): Promise<unknown> {
    const q = query.toString();
    return this.getJson('reporting', ownOrigin, `/reporting/trend${q ? `?${q}` : ''}`, authorization);
  }

  /** A JSON answer of `service`, or a ServiceCallError with its status and message. */
  private async getJson<T>(
    service: string,
    ownOrigin: string,
    path: string,
    authorization: string | undefined,
  ): Promise<T> {
    const res = await this.call(
      `${this.baseUrlOf(service, ownOrigin)}${path}`,
      authorization,
      this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    );
    const text = await res.text();
    if (!res.ok) throw new ServiceCallError(res.status, parsedOrNull(text), messageOf(text));
    return JSON.parse(text) as T;
  }

  // ---------------------------------------------------------------- dead letters

  /** The topics whose dead letters operations look after. */
  get sourceTopics(): readonly string[] {
    return this.options.topics ?? WATCHED_TOPICS;
  }

  requireSourceTopic(topic: string): void {
    if (!this.sourceTopics.includes(topic)) {
      throw new DomainError('dead-letter.unknown-topic', `${topic} is not one of ${this.sourceTopics.join(', ')}`, {
        field: 'topic',
        kind: 'not-found',
      });
    }
  }

  private streamType(): StreamType<DeadLetterActionCommand, DeadLetterActionEvent, DeadLetterActionsState> {
    // Operating the pipeline is the city bureau's platform team's work, whatever agency a letter concerns.
    return {
      service: 'operations',
      decider: deadLetterActionsDecider,
      registry: this.registry,
      agencyOf: () => agencies().top(),
    };
  }

  private async handledOf(topic: string): Promise<DeadLetterActionsState> {
    return (await this.runner.load(this.streamType(), deadLetterStreamId(topic))).state;
  }

  /** What was done with the letter at `at` (of `topic`'s dead-letter topic), if anything. */
  private async handlingOf(topic: string, at: DeadLetter['at']): Promise<LetterHandling | null> {
    const loaded = await this.runner.load(this.streamType(), deadLetterStreamId(topic));
    const event = loaded.events.find((e) => letterKey((e.data as DeadLetterActionData).letter) === letterKey(at));
    if (!event) return null;
    const outcome = event.type.endsWith('.DeadLetterReplayed') ? 'replayed' : 'discarded';
    return handlingOf(outcome, event.actor, event.recordedAt, event.data as DeadLetterActionData);
  }

  private async lettersOf(topic: string): Promise<DeadLetter[]> {
    try {
      return await listDeadLetters(this.transport, topic);
    } catch (err) {
      if (err instanceof UnknownTopicError) return [];
      throw err;
    }
  }

  /** The dead letters of every source topic not yet replayed or discarded, oldest first per partition. */
  async deadLetters(): Promise<Array<{ topic: string; letters: DeadLetterView[] }>> {
    return Promise.all(
      this.sourceTopics.map(async (topic) => {
        const [letters, state] = await Promise.all([this.lettersOf(topic), this.handledOf(topic)]);
        return {
          topic,
          letters: letters.filter((l) => state.handled[letterKey(l.at)] === undefined).map((l) => viewOf(l, null)),
        };
      }),
    );
  }

  async deadLetter(topic: string, partition: number, offset: string): Promise<DeadLetterView> {
    const letter = await this.find(topic, partition, offset);
    return viewOf(letter, await this.handlingOf(topic, letter.at));
  }

  private async find(topic: string, partition: number, offset: string): Promise<DeadLetter> {
    this.requireSourceTopic(topic);
    const at = { topic: deadLetterTopic(topic), partition, offset };
    const letter = (await this.lettersOf(topic)).find((l) => letterKey(l.at) === letterKey(at));
    if (!letter) {
      throw new DomainError('dead-letter.not-found', `no dead letter ${letterKey(at)}`, { kind: 'not-found' });
    }
    return letter;
  }

  /**
   * Replay sends the letter to the retry topic of the consumer group that gave up on it — that group
   * alone processes it again (ADR 0007), and deduplicates, so a letter it had applied meanwhile
   * changes nothing — then records who, when, for which group and why. The send comes first: a crash
   * between the two leaves the letter listed, and replaying it again only sends a duplicate.
   */
  async act(
    action: Action,
    where: { topic: string; partition: number; offset: string },
    reason: string,
    ctx: CommandContext,
  ): Promise<{ action: Action; letter: DeadLetterView; version: number }> {
    const letter = await this.find(where.topic, where.partition, where.offset);
    const data: DeadLetterActionData = {
      letter: { topic: letter.at.topic, partition: letter.at.partition, offset: letter.at.offset },
      originalTopic: letter.message.topic,
      consumerGroup: letter.consumerGroup,
      error: redactText(`${letter.error.name}: ${letter.error.message}`).slice(0, 2000),
      reason,
    };
    const command: DeadLetterActionCommand =
      action === 'replay' ? { type: 'ReplayDeadLetter', action: data } : { type: 'DiscardDeadLetter', action: data };
    const streamId = deadLetterStreamId(where.topic);
    // Refused now (no reason, already handled, no group to replay to) rather than after the message went out.
    deadLetterActionsDecider.decide(command, await this.handledOf(where.topic));
    if (action === 'replay') {
      if (letter.consumerGroup === null) {
        throw new DomainError(
          'dead-letter.no-consumer-group',
          'the letter names no consumer group to replay it to: discard it instead',
        );
      }
      await replayToGroup(this.transport, letter, ctx.now);
    }
    const result = await this.runner.run(this.streamType(), streamId, command, ctx, { retryOnConflict: 3 });
    const outcome = action === 'replay' ? 'replayed' : 'discarded';
    const handling = handlingOf(outcome, ctx.actor, ctx.now.toISOString(), data);
    return { action, letter: viewOf(letter, handling), version: result.version };
  }

  async actions(topic: string) {
    this.requireSourceTopic(topic);
    const loaded = await this.runner.load(this.streamType(), deadLetterStreamId(topic));
    return loaded.events.map((e) => ({
      type: e.type,
      actor: e.actor,
      recordedAt: e.recordedAt,
      ...(e.data as DeadLetterActionData),
    }));
  }
}

/** What reporting answers at GET /reporting/projection/lag (the parts operations reads). */
export type ProjectionLag = Exclude<ProjectionReading, { readonly problem: string }>;

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The `message` of an error body (every service answers `{ statusCode, message, rule }`), else the text. */
export function messageOf(text: string): string {
  const body = parsedOrNull(text);
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return message === undefined ? text.slice(0, 200) : String(message);
}

/** What a DeadLetterReplayed / DeadLetterDiscarded event says was done with its letter. */
function handlingOf(
  outcome: LetterHandling['outcome'],
  actor: string,
  recordedAt: string,
  data: DeadLetterActionData,
): LetterHandling {
  const replayed = outcome === 'replayed';
  return {
    outcome,
    by: actor,
    at: recordedAt,
    consumerGroup: data.consumerGroup,
    retryTopic: replayed && data.consumerGroup !== null ? retryTopic(data.originalTopic, data.consumerGroup) : null,
  };
}

function viewOf(letter: DeadLetter, handled: LetterHandling | null): DeadLetterView {
  const raw = letter.message.value ?? '';
  let payload: unknown;
  try {
    payload = redact(JSON.parse(raw));
  } catch {
    payload = redactText(raw.slice(0, 4000));
  }
  return {
    id: letterKey(letter.at),
    at: letter.at,
    originalTopic: letter.message.topic,
    originalPartition: letter.message.partition,
    originalOffset: letter.message.offset,
    key: letter.message.key,
    consumerGroup: letter.consumerGroup,
    error: { name: letter.error.name, message: redactText(letter.error.message) },
    attempts: letter.attempts,
    failedAt: letter.failedAt,
    replays: letter.replays,
    headers: redact(letter.message.headers) as Record<string, string>,
    payload,
    handled,
  };
}
