// Everything of the enforcement service (执法监察) in one dynamic module, so that it runs as its own
// process (app.module.ts) or beside the other services in the embedded launcher.
import { Module, type DynamicModule } from '@nestjs/common';
import { enforcementContracts } from '#contracts/enforcement';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import {
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { demolitions } from './demolition/demolitions.js';
import { idleLand } from './idle-land/idle-land.js';
import { SatelliteInspectionsHttpController } from './satellite-inspection/adapters/satellite-inspections.http.controller.js';
import { SatelliteInspectionsService } from './satellite-inspection/application/satellite-inspections.service.js';
import { ViolationCasesHttpController } from './violation-case/adapters/violation-cases.http.controller.js';
import { ViolationCasesService } from './violation-case/application/violation-cases.service.js';

export interface EnforcementServiceOptions {
  readonly relay?: RelaySettings;
  /** Prefixed to the topics it writes and reads (tests sharing one broker). */
  readonly topicPrefix?: string;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
}

@Module({})
export class EnforcementServiceModule {
  static register(runtime: EventSourcingRuntime, options: EnforcementServiceOptions = {}): DynamicModule {
    const eventSourcing = EventSourcingModule.forService({
      service: 'enforcement',
      contracts: enforcementContracts,
      runtime,
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
    });
    return {
      module: EnforcementServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'enforcement', eventSourcing }),
        AuthModule.forService({ service: 'enforcement', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [
        ViolationCasesHttpController,
        idleLand.controller,
        SatelliteInspectionsHttpController,
        demolitions.controller,
      ],
      providers: [ViolationCasesService, idleLand.provider, SatelliteInspectionsService, demolitions.provider],
    };
  }
}
