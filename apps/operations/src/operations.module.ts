// Everything of the operations service in one dynamic module, so that it runs as its own process
// (app.module.ts) or beside the other services in the embedded launcher (apps/platform). It reads
// the other services only through their HTTP APIs (readiness, metrics, deadlines, the projection's
// lag, the trend) and the broker (dead-letter and retry topics); its own store holds one thing: what
// operations did with each dead letter (stream `dead-letters:<topic>`, events on operations.events).
import { Module, type DynamicModule } from '@nestjs/common';
import { allContracts, parseServiceUrls } from '#contracts';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import {
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { OperationsHttpController } from './monitoring/adapters/operations.http.controller.js';
import {
  OPERATIONS_OPTIONS,
  type OperationsOptions,
  OperationsService,
} from './monitoring/application/operations.service.js';
import { DEFAULT_WORKBENCH_URL } from './monitoring/domain/workbench-links.js';

export interface OperationsServiceOptions {
  readonly relay?: RelaySettings;
  /** Required in real mode; omitted in embedded mode, authentication is off. */
  readonly auth?: AuthSettings;
  /** Prefixed to every topic it writes and reads (tests sharing one broker). */
  readonly topicPrefix?: string;
  /** Where each service answers (default `SERVICE_URLS`; a service not named: the caller's own origin). */
  readonly serviceUrls?: Readonly<Record<string, string>>;
  /** The topics whose dead letters it looks after (default every service's events topic but its own). */
  readonly topics?: readonly string[];
  /** Where the workbench is served (the page's links to a case); default `/workbench/`. */
  readonly workbenchUrl?: string;
}

@Module({})
export class OperationsServiceModule {
  static register(runtime: EventSourcingRuntime, options: OperationsServiceOptions = {}): DynamicModule {
    // Operations replays and reads letters of every topic: its registry knows every published contract.
    const eventSourcing = EventSourcingModule.forService({
      service: 'operations',
      contracts: allContracts,
      runtime,
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
    });
    const operations: OperationsOptions = {
      serviceUrls: options.serviceUrls ?? parseServiceUrls(process.env.SERVICE_URLS),
      workbenchUrl: options.workbenchUrl ?? DEFAULT_WORKBENCH_URL,
      ...(options.topics ? { topics: options.topics } : {}),
    };
    return {
      module: OperationsServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'operations', eventSourcing }),
        AuthModule.forService({ service: 'operations', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [OperationsHttpController],
      providers: [{ provide: OPERATIONS_OPTIONS, useValue: operations }, OperationsService],
    };
  }
}
