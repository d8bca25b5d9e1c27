// Everything of the reporting service in one dynamic module, so that it runs as its own process
// (app.module.ts) or beside the other services in the embedded launcher (apps/platform).
import { Module, type DynamicModule } from '@nestjs/common';
import { allContracts } from '#contracts';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import {
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { type RetryPolicy } from '#messaging';
import { AnnualReportsHttpController } from './annual-report/adapters/annual-reports.http.controller.js';
import { PublishedReportsHttpController } from './annual-report/adapters/published-reports.http.controller.js';
import { ProjectionHttpController } from './annual-report/adapters/projection.http.controller.js';
import { AnnualReportsService } from './annual-report/application/annual-reports.service.js';
import {
  PROJECTION_OPTIONS,
  type ProjectionOptions,
  StatisticsProjection,
} from './annual-report/application/statistics-projection.js';
import { AgenciesHttpController } from './agencies/adapters/agencies.http.controller.js';
import { AgenciesService } from './agencies/application/agencies.service.js';

export interface ReportingServiceOptions {
  readonly relay?: RelaySettings;
  /** The topics the projection reads; default every source service's `<service>.events`. */
  readonly topics?: readonly string[];
  /** The projection's consumer groups are `<groupPrefix>.g<generation>`; default `reporting.statistics`. */
  readonly groupPrefix?: string;
  /** Retries of the projection's consumers before an event goes to the dead-letter topic. */
  readonly retry?: RetryPolicy;
  readonly followEveryMs?: number;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
  /** Prefixed to the topic it writes (tests sharing one broker); pass `topics` for the ones it reads. */
  readonly topicPrefix?: string;
}

@Module({})
export class ReportingServiceModule {
  static register(runtime: EventSourcingRuntime, options: ReportingServiceOptions = {}): DynamicModule {
    const projection: ProjectionOptions = {
      ...(options.topics ? { topics: options.topics } : {}),
      ...(options.groupPrefix ? { groupPrefix: options.groupPrefix } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.followEveryMs !== undefined ? { followEveryMs: options.followEveryMs } : {}),
    };
    // Reporting reads every service's topic, so its registry knows every published contract.
    const eventSourcing = EventSourcingModule.forService({
      service: 'reporting',
      contracts: allContracts,
      runtime,
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
    });
    return {
      module: ReportingServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'reporting', eventSourcing }),
        AuthModule.forService({ service: 'reporting', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [
        AnnualReportsHttpController,
        PublishedReportsHttpController,
        ProjectionHttpController,
        AgenciesHttpController,
      ],
      providers: [
        { provide: PROJECTION_OPTIONS, useValue: projection },
        StatisticsProjection,
        AnnualReportsService,
        AgenciesService,
      ],
    };
  }
}
