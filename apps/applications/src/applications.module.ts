// Everything of the `applications` service in one dynamic module, so that it runs as its own process
// (main.ts) or, with the five others, inside the embedded launcher.
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import { applicationsContracts } from '#contracts/applications';
import {
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { ApplicantsHttpController } from './applicant/adapters/applicants.http.controller.js';
import { ApplicantsService } from './applicant/application/applicants.service.js';
import { DisclosureRequestsHttpController } from './disclosure-request/adapters/disclosure-requests.http.controller.js';
import { DisclosureRequestsService } from './disclosure-request/application/disclosure-requests.service.js';
import { OverdueRequestsMetrics } from './disclosure-request/application/overdue-requests.metrics.js';
import { WorkbenchEntry, WorkbenchHttpController } from './workbench/adapters/workbench.http.controller.js';
import { WORKBENCH_SETTINGS, type WorkbenchSettings } from './workbench/workbench-settings.js';

export interface ServiceModuleOptions {
  /** Prefixed to the topics (tests sharing one broker). */
  readonly topicPrefix?: string;
  readonly relay?: RelaySettings;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
  /** Where the workbench finds the other services (default: at its own origin, as in the embedded platform). */
  readonly workbench?: WorkbenchSettings;
}

@Module({})
export class ApplicationsServiceModule {
  static register(runtime: EventSourcingRuntime, options: ServiceModuleOptions = {}): DynamicModule {
    const eventSourcing = EventSourcingModule.forService({
      service: 'applications',
      contracts: applicationsContracts,
      runtime,
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
      ...(options.relay !== undefined ? { relay: options.relay } : {}),
    });
    return {
      module: ApplicationsServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'applications', eventSourcing }),
        AuthModule.forService({ service: 'applications', settings: serviceAuthSettings(runtime.mode, options.auth) }),
        // The disclosure office's workbench (/workbench/…) is this service's page: guarded like its API.
        AuthModule.forService({ service: 'workbench', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [DisclosureRequestsHttpController, ApplicantsHttpController, WorkbenchHttpController],
      providers: [
        DisclosureRequestsService,
        ApplicantsService,
        OverdueRequestsMetrics,
        WorkbenchEntry,
        { provide: WORKBENCH_SETTINGS, useValue: options.workbench ?? { serviceUrls: {} } },
      ],
    };
  }
}
