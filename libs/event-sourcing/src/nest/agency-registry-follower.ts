// Keeps a service's agency registry current in real mode (ADR 0014): reporting owns the registry's
// changes (stream `agency-registry`, published on `reporting.events`); every other service reads that
// topic from its beginning at boot and then every few seconds from where it stopped, and applies each
// change over the list it booted with (AGENCIES_FILE). No consumer group: every instance of every
// service must see every change (a group would share them out), and a restarted process reads them
// all again. Changes apply in stream-version order, each once, whatever the topic delivers twice.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { agencies, ContractRegistry, eventsTopic, fromWireValue, useAgencies } from '#contracts';
import {
  AGENCY_REGISTRY_STREAM,
  agencyRegistryContracts,
  withAgencyChange,
  type AgencyChange,
} from '#contracts/reporting';
import { type CommittedOffset, type MessageTransport, UnknownTopicError } from '#messaging';
import { EVENT_SOURCING_OPTIONS, MESSAGE_TRANSPORT } from './tokens.js';

/** How often a follower looks for new changes: a registered agency is usable this long after. */
export const AGENCY_FOLLOW_INTERVAL_MS = 2000;

const CHANGE_TYPES: ReadonlySet<string> = new Set(agencyRegistryContracts.map((c) => c.type));

@Injectable()
export class AgencyRegistryFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AgencyRegistryFollower.name);
  private readonly contracts = new ContractRegistry(agencyRegistryContracts);
  /** Per partition of the topic, the next offset to read. */
  private next: CommittedOffset[] = [];
  /** The stream version of the last change applied. */
  private applied = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(EVENT_SOURCING_OPTIONS) private readonly options: { readonly topicPrefix?: string },
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A broker not reachable yet leaves the booted list in force; the next reads catch up.
    await this.tryCatchUp();
    this.timer = setInterval(() => {
      this.reading ??= this.tryCatchUp().finally(() => (this.reading = undefined));
    }, AGENCY_FOLLOW_INTERVAL_MS);
    this.timer.unref();
  }

  private async tryCatchUp(): Promise<void> {
    try {
      await this.catchUp();
    } catch (err) {
      this.logger.warn(`agency registry changes not read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
  }

  /** Applies the changes published since the last read; the registry in force is replaced once. */
  async catchUp(): Promise<void> {
    const topic = `${this.options.topicPrefix ?? ''}${eventsTopic('reporting')}`;
    let messages;
    try {
      messages = await this.transport.read(topic, { from: this.next });
    } catch (err) {
      if (err instanceof UnknownTopicError) return; // reporting has not published anything yet
      throw err;
    }
    let registry = agencies();
    for (const m of messages) {
      this.next = [
        ...this.next.filter((o) => o.partition !== m.partition),
        { partition: m.partition, offset: String(Number(m.offset) + 1) },
      ];
      const raw = fromWireValue(m.value) as { type?: unknown; streamId?: unknown };
      if (raw.streamId !== AGENCY_REGISTRY_STREAM || typeof raw.type !== 'string' || !CHANGE_TYPES.has(raw.type)) {
        continue;
      }
      const event = this.contracts.read(raw);
      if (event.streamVersion <= this.applied) continue;
      const type = event.type.slice(event.type.indexOf('.') + 1);
      registry = withAgencyChange(registry, { type, data: event.data } as AgencyChange);
      this.applied = event.streamVersion;
    }
    useAgencies(registry);
  }
}
