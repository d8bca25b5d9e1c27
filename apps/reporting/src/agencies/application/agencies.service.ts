// The agency registry's use cases (ADR 0014): changes are commands on the stream `agency-registry`,
// published on `reporting.events` through the outbox like every event; the registry in force in this
// process is the booted list with the stream folded over it, put in force at boot and after each change.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { agencies, ContractRegistry, useAgencies, type Agency } from '#contracts';
import { type CommandContext, type StreamType } from '#event-sourcing';
import { CommandRunner } from '#event-sourcing/nest';
import { StatisticsProjection } from '../../annual-report/index.js';
import {
  AGENCY_REGISTRY_STREAM,
  type AgencyRegistryCommand,
  agencyRegistryDecider,
  type AgencyRegistryEvent,
  type AgencyRegistryState,
} from '../domain/agency-registry.decider.js';

@Injectable()
export class AgenciesService implements OnApplicationBootstrap {
  private readonly streamType: StreamType<AgencyRegistryCommand, AgencyRegistryEvent, AgencyRegistryState>;

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(StatisticsProjection) private readonly projection: StatisticsProjection,
  ) {
    // The list the process booted with (AGENCIES_FILE, or the 2009 scenario's), put in force by main.
    const booted = agencies();
    this.streamType = {
      service: 'reporting',
      decider: agencyRegistryDecider(booted),
      registry,
      agencyOf: (state) => state.lastChanged ?? state.registry.top(),
    };
  }

  /** The changes recorded so far, over the booted list, before the first request is served. */
  async onApplicationBootstrap(): Promise<void> {
    useAgencies((await this.runner.load(this.streamType, AGENCY_REGISTRY_STREAM)).state.registry);
  }

  list(): readonly Agency[] {
    return agencies().all();
  }

  /** The agency's parent now (undefined at the top), or undefined when it is not in the registry. */
  parentOf(agencyId: string): string | undefined {
    return agencies().parentOf(agencyId);
  }

  async change(
    command: Exclude<AgencyRegistryCommand, { type: 'RemoveAgency' }> | { type: 'RemoveAgency'; agencyId: string },
    ctx: CommandContext,
  ): Promise<{ agency: Agency | undefined; version: number }> {
    const full: AgencyRegistryCommand =
      command.type === 'RemoveAgency'
        ? { ...command, hasCases: await this.projection.activeStore().hasCase(command.agencyId) }
        : command;
    const result = await this.runner.run(this.streamType, AGENCY_REGISTRY_STREAM, full, ctx, { retryOnConflict: 3 });
    useAgencies(result.state.registry);
    const agencyId = command.type === 'RegisterAgency' ? command.agency.agencyId : command.agencyId;
    return { agency: result.state.registry.get(agencyId), version: result.version };
  }
}
