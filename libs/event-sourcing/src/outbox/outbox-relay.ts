// The outbox relay (DESIGN §3): publishes every committed event to `<service>.events`, keyed by
// stream id, and only then marks its commit published. A crash between the broker's acknowledgement
// and the mark re-sends the commit on restart — duplicates are normal, consumers tolerate them;
// losing an event is not.
//
// It wakes on each append in this process and on an interval (appends by other replicas, retries
// after errors). Commits are read oldest first with each stream in version order, and published in
// that order, many messages per request, one request at a time, so per-stream order holds on the
// topic. With a lease, only the replica holding it publishes; a standby takes over when the holder
// stops renewing.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { eventsTopic, toWireMessage, type ServiceName } from '#contracts';
import { type MessageTransport, type OutgoingMessage } from '#messaging';
import {
  type Commit,
  type CommitFeed,
  type CommitListener,
  type EventStore,
  type OutboxStats,
} from '../event-store.js';
import { type LeaseStore } from '../lease.js';

export interface RelayLeaseOptions {
  readonly store: LeaseStore;
  /** Default `outbox-relay:<service>`. */
  readonly name?: string;
  /** This replica's id. Default host, pid and a random suffix. */
  readonly owner?: string;
  /** How long a lease lasts without renewal: the longest a dead holder blocks publishing. Default 3000. */
  readonly ttlMs?: number;
  /** How often the holder renews and a standby tries to acquire. Default 1000. */
  readonly renewEveryMs?: number;
}

export interface OutboxRelayOptions {
  readonly service: ServiceName;
  readonly store: EventStore;
  readonly transport: MessageTransport;
  /** Default `<service>.events`. */
  readonly topic?: string;
  /** Without a lease this relay always publishes (a single process, the embedded mode). */
  readonly lease?: RelayLeaseOptions;
  /** How often to look for commits even without an in-process append. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Commits read per batch. Default 200. */
  readonly batchSize?: number;
  /** Messages per publish request. Default 500. */
  readonly maxMessagesPerPublish?: number;
  readonly listeners?: readonly CommitListener[];
  readonly now?: () => Date;
  /** Errors are retried on the next wake-up; this only reports them. Default: console.error. */
  readonly onError?: (error: unknown) => void;
  /** How long `stop()` waits for a pass in progress. Default 10 000. */
  readonly stopTimeoutMs?: number;
  /**
   * A pass still running after this long is reported once (onError), naming the step it waits on:
   * a relay that publishes nothing must say where it hangs. Default 60 000.
   */
  readonly slowPassAfterMs?: number;
  /** Told after each send the broker acknowledged: how many messages and how long it took (metrics). */
  readonly onPublished?: (topic: string, messages: number, seconds: number) => void;
  /** Fault injection for tests: runs after the broker acknowledged a batch, before it is marked. */
  readonly afterPublishBeforeMark?: (commits: readonly Commit[]) => void | Promise<void>;
}

export interface RelayStats extends OutboxStats {
  /** True while this instance may publish (it holds the lease, or needs none) and is started. */
  readonly active: boolean;
  /** Events this instance published (acknowledged by the broker), duplicates after a retry included. */
  readonly publishedEvents: number;
  readonly lastError: string | undefined;
}

export interface StopOptions {
  /**
   * Give the lease up so a standby takes over at once (default true). False simulates a crash:
   * the standby must wait for the lease to expire.
   */
  readonly releaseLease?: boolean;
}

export class OutboxRelay implements CommitFeed {
  readonly topic: string;
  readonly owner: string;
  private readonly now: () => Date;
  private readonly listeners = new Set<CommitListener>();
  private started = false;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  /** Epoch ms until which this instance holds the lease (by its own clock). */
  private leaseUntil = 0;
  private leaseWork: Promise<void> | undefined;
  private published = 0;
  private lastError: string | undefined;
  /** The pass in progress: when it started, what it waits on, whether it was reported as slow. */
  private pass: { startedAt: number; step: string; reported: boolean } | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.topic = options.topic ?? eventsTopic(options.service);
    this.owner = options.lease?.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? (() => new Date());
    for (const l of options.listeners ?? []) this.listeners.add(l);
  }

  /** Registers a listener; returns a function that removes it. */
  addCommitListener(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.store.onAppended(() => this.wake());
    this.every(this.options.pollIntervalMs ?? 1000, () => {
      this.reportSlowPass();
      this.wake();
    });
    if (this.options.lease) {
      // Renewal runs beside publishing, on its own timer; renewLease() reports its own errors and never rejects.
      this.every(this.options.lease.renewEveryMs ?? 1000, () => void this.renewLease());
      void this.renewLease();
    } else {
      this.wake();
    }
  }

  async stop({ releaseLease = true }: StopOptions = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.unsubscribe?.();
    // A publish hanging on an unreachable broker must not hang the shutdown: its commits stay
    // unpublished and the next relay re-sends them.
    await withTimeout(Promise.all([this.leaseWork, this.draining]), this.options.stopTimeoutMs ?? 10_000);
    const lease = this.options.lease;
    if (lease && releaseLease && this.leaseUntil > 0) {
      await lease.store.release(this.leaseName(), this.owner).catch((err: unknown) => this.report(err));
    }
    this.leaseUntil = 0;
  }

  /** True while this instance may publish. */
  get active(): boolean {
    if (!this.started || this.stopped) return false;
    return !this.options.lease || this.now().getTime() < this.leaseUntil;
  }

  /** Publishes until the outbox is empty (if this instance is active); for tools and tests. */
  async flush(): Promise<void> {
    this.wake();
    while (this.draining) await this.draining;
  }

  async stats(): Promise<RelayStats> {
    const outbox = await this.options.store.outboxStats(this.now());
    return { ...outbox, active: this.active, publishedEvents: this.published, lastError: this.lastError };
  }

  /** Asks for a publishing pass; passes never overlap, one requested during a pass runs after it. */
  wake(): void {
    if (!this.active) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 200;
    this.pass = { startedAt: Date.now(), step: 'reading the outbox', reported: false };
    try {
      while (this.active) {
        this.again = false;
        this.pass.step = 'reading the outbox';
        const batch = await this.options.store.readUnpublished(batchSize);
        if (batch.length === 0) return;
        await this.relay(batch);
        if (batch.length < batchSize && !this.again) return;
      }
    } catch (err) {
      // Nothing is marked that was not acknowledged; the next wake-up retries from the outbox.
      this.again = false;
      this.report(err);
    } finally {
      this.pass = undefined;
    }
  }

  private reportSlowPass(): void {
    const pass = this.pass;
    if (!pass || pass.reported) return;
    const runningMs = Date.now() - pass.startedAt;
    if (runningMs < (this.options.slowPassAfterMs ?? 60_000)) return;
    pass.reported = true;
    this.report(new Error(`a publishing pass has run for ${(runningMs / 1000).toFixed(1)} s; it is ${pass.step}`));
  }

  private step(step: string): void {
    if (this.pass) this.pass.step = step;
  }

  private async relay(batch: readonly Commit[]): Promise<void> {
    const messages: OutgoingMessage[] = batch.flatMap((c) => c.events.map(toWireMessage));
    const chunk = this.options.maxMessagesPerPublish ?? 500;
    for (let i = 0; i < messages.length; i += chunk) {
      const part = messages.slice(i, i + chunk);
      this.step(`publishing ${part.length} messages to ${this.topic}`);
      const started = process.hrtime.bigint();
      await this.options.transport.publish(this.topic, part);
      this.published += part.length;
      this.options.onPublished?.(this.topic, part.length, Number(process.hrtime.bigint() - started) / 1e9);
    }
    await this.options.afterPublishBeforeMark?.(batch);
    this.step('telling the commit listeners');
    for (const commit of batch) {
      for (const listener of this.listeners) await listener(commit);
    }
    this.step(`marking ${batch.length} commits published`);
    await this.options.store.markPublished(batch, this.now());
  }

  private renewLease(): Promise<void> {
    const lease = this.options.lease;
    if (!lease || this.stopped || this.leaseWork) return this.leaseWork ?? Promise.resolve();
    this.leaseWork = (async () => {
      const askedAt = this.now();
      const wasActive = this.active;
      try {
        const held = await lease.store.acquire(this.leaseName(), this.owner, lease.ttlMs ?? 3000, askedAt);
        // Counted from when we asked, not when the answer came: never longer than the store grants.
        this.leaseUntil = held ? askedAt.getTime() + (lease.ttlMs ?? 3000) : 0;
      } catch (err) {
        this.report(err);
      }
      if (!wasActive && this.active) this.wake();
    })().finally(() => {
      this.leaseWork = undefined;
    });
    return this.leaseWork;
  }

  private leaseName(): string {
    return this.options.lease?.name ?? `outbox-relay:${this.options.service}`;
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private report(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    (this.options.onError ?? ((e: unknown) => console.error(`[outbox-relay ${this.topic}]`, e)))(err);
  }
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.then(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
