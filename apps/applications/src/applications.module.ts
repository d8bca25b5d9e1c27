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

export interface ServiceModuleOptions {
  /** Prefixed to the topics (tests sharing one broker). */
  readonly topicPrefix?: string;
  readonly relay?: RelaySettings;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
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
      ],
      controllers: [DisclosureRequestsHttpController, ApplicantsHttpController],
      providers: [DisclosureRequestsService, ApplicantsService, OverdueRequestsMetrics],
    };
  }
}
