// One runtime schema per event type and version. Producers validate before append, consumers on
// read; an event stored under an older version is upcast, step by step, to the current one.
import { type z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope.js';

/** An older version of an event's data and how to lift it to the next version. */
export interface EventVersionHistory {
  readonly schemaVersion: number;
  readonly schema: z.ZodType;
  /** Turns data valid under `schemaVersion` into data valid under `schemaVersion + 1`. */
  readonly upcast: (data: unknown) => unknown;
}

export interface EventContract<TType extends string = string, TData = unknown> {
  /** Qualified type, `<service>.<PastTenseFact>`. */
  readonly type: TType;
  /** The version producers write now. */
  readonly schemaVersion: number;
  readonly schema: z.ZodType<TData>;
  /** What the fact means, for integrators (shown in the topic contract docs). */
  readonly description: string;
  /** A valid `data`, checked by the contract tests and shown in the docs. */
  readonly example: TData;
  /** Older versions in ascending order, each with its upcaster. */
  readonly history?: readonly EventVersionHistory[];
}

export function defineEvent<TType extends string, TData>(
  contract: EventContract<TType, TData>,
): EventContract<TType, TData> {
  const versions = [...(contract.history ?? []).map((h) => h.schemaVersion), contract.schemaVersion];
  versions.forEach((v, i) => {
    if (v !== i + 1)
      throw new Error(`${contract.type}: versions must run 1..${contract.schemaVersion} (got ${versions})`);
  });
  return contract;
}

/** The data of an event type, as producers write it now. */
export type EventDataOf<C> = C extends EventContract<string, infer D> ? D : never;

/** An event that breaks its contract; `issues` name each field (`data.receiptDate`) and rule. */
export class ContractViolation extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`${eventType}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function issuesOf(error: z.ZodError, prefix: string): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

export class ContractRegistry {
  private readonly byType = new Map<string, EventContract>();

  constructor(contracts: Iterable<EventContract>) {
    for (const c of contracts) {
      if (this.byType.has(c.type)) throw new Error(`event type ${c.type} registered twice`);
      this.byType.set(c.type, c);
    }
  }

  get contracts(): EventContract[] {
    return [...this.byType.values()];
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  contractOf(type: string): EventContract {
    const c = this.byType.get(type);
    if (!c) throw new ContractViolation(type, [{ path: 'type', message: `unknown event type ${type}` }]);
    return c;
  }

  /** Validates data a producer is about to write under the current version. */
  validateData<T = unknown>(type: string, data: unknown): T {
    const c = this.contractOf(type);
    const parsed = c.schema.safeParse(data);
    if (!parsed.success) throw new ContractViolation(type, issuesOf(parsed.error, 'data'));
    return parsed.data as T;
  }

  /**
   * Validates an envelope as read from the store or a topic and returns it at the current schema
   * version (upcast if it was written under an older one).
   */
  read(envelope: unknown): EventEnvelope {
    const outer = envelopeSchema.safeParse(envelope);
    const type = typeof (envelope as { type?: unknown })?.type === 'string' ? (envelope as { type: string }).type : '?';
    if (!outer.success) throw new ContractViolation(type, issuesOf(outer.error, ''));
    const env = outer.data as EventEnvelope;
    const c = this.contractOf(env.type);
    if (env.schemaVersion > c.schemaVersion) {
      throw new ContractViolation(env.type, [
        {
          path: 'schemaVersion',
          message: `version ${env.schemaVersion} is newer than this reader knows (${c.schemaVersion})`,
        },
      ]);
    }
    let data = env.data;
    for (let v = env.schemaVersion; v < c.schemaVersion; v++) {
      const step = c.history?.find((h) => h.schemaVersion === v);
      if (!step) throw new ContractViolation(env.type, [{ path: 'schemaVersion', message: `no upcaster from v${v}` }]);
      const old = step.schema.safeParse(data);
      if (!old.success) throw new ContractViolation(env.type, issuesOf(old.error, 'data'));
      data = step.upcast(old.data);
    }
    return { ...env, schemaVersion: c.schemaVersion, data: this.validateData(env.type, data) };
  }
}
