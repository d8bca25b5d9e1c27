// What the kernel reports to a service's metrics: commands by result and events appended (the
// CommandRunner), publish latency (the outbox relay), consumer lag, projection lag and dead letters
// (the subscriptions). The kernel's providers exist before the service's ObservabilityModule has
// built its metrics, so they report to this stand-in, which forwards once `bind` hands it the real
// ones (`observeEventSourcing` does) and until then — or for a service without metrics — costs nothing.
import {
  NOOP_SERVICE_METRICS,
  type Collector,
  type CommandResult,
  type ConsumerTracking,
  type OffsetSource,
  type ServiceMetrics,
  type TrackedConsumer,
} from '#observability';

type Registration = (target: ServiceMetrics) => void;

export class KernelMetrics implements ServiceMetrics {
  private target: ServiceMetrics = NOOP_SERVICE_METRICS;
  private bound = false;
  // Collectors and trackers registered before `bind` are handed over then, in order.
  private readonly registrations: Registration[] = [];

  /** Forwards to `metrics` from now on (once per service; a second call is refused). */
  bind(metrics: ServiceMetrics): void {
    if (this.bound) throw new Error('the kernel metrics are already bound to a service metrics');
    this.bound = true;
    this.target = metrics;
    for (const register of this.registrations.splice(0)) register(metrics);
  }

  get isBound(): boolean {
    return this.bound;
  }

  recordCommand(command: string, result: CommandResult): void {
    this.target.recordCommand(command, result);
  }

  trackCommand<T>(command: string, run: () => Promise<T>): Promise<T> {
    return this.target.trackCommand(command, run);
  }

  recordAppended(eventTypes: readonly string[]): void {
    this.target.recordAppended(eventTypes);
  }

  observePublish(topic: string, messages: number, seconds: number): void {
    this.target.observePublish(topic, messages, seconds);
  }

  recordDeadLetter(topic: string, groupId: string): void {
    this.target.recordDeadLetter(topic, groupId);
  }

  addCollector(name: string, collect: Collector): void {
    this.register((target) => target.addCollector(name, collect));
  }

  trackConsumer(tracking: ConsumerTracking): TrackedConsumer {
    // `applied` may be called before the real tracker exists: the furthest position is kept and
    // handed to it at bind time.
    let tracked: TrackedConsumer | undefined;
    let furthest: Date | undefined;
    this.register((target) => {
      tracked = target.trackConsumer(tracking);
      if (furthest !== undefined) tracked.applied(furthest);
    });
    return {
      applied: (recordedAt) => {
        if (tracked) {
          tracked.applied(recordedAt);
          return;
        }
        const at = typeof recordedAt === 'string' ? new Date(recordedAt) : recordedAt;
        if (!Number.isNaN(at.getTime()) && (furthest === undefined || at > furthest)) furthest = at;
      },
    };
  }

  trackDeadLetterTopics(transport: Pick<OffsetSource, 'topicOffsets'>, topics: readonly string[]): void {
    this.register((target) => target.trackDeadLetterTopics(transport, topics));
  }

  private register(registration: Registration): void {
    if (this.bound) registration(this.target);
    else this.registrations.push(registration);
  }
}
