// Everything of the consultations service (咨询) in one dynamic module, so that it runs as its own
// process (app.module.ts) or beside the other services in the embedded launcher.
import { Module, type DynamicModule } from '@nestjs/common';
import { consultationsContracts } from '#contracts/consultations';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import {
  EventSourcingModule,
  observeEventSourcing,
  streamViewsProvider,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { ConsultationsHttpController } from './consultation/adapters/consultations.http.controller.js';
import { CONSULTATIONS, consultationViews } from './consultation/application/consultation.stream.js';
import { ConsultationBatchesHttpController } from './consultation-import/adapters/consultation-batches.http.controller.js';
import {
  BATCH_CHUNK_ROWS,
  ConsultationBatchesService,
} from './consultation-import/application/consultation-batches.service.js';
import { TalliesHttpController } from './tallies/adapters/tallies.http.controller.js';
import { TalliesService } from './tallies/application/tallies.service.js';

export interface ConsultationsServiceOptions {
  readonly relay?: RelaySettings;
  /** Prefixed to the topics it writes and reads (tests sharing one broker). */
  readonly topicPrefix?: string;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
  /** Rows per chunk stream for new bulk batches (default DEFAULT_CHUNK_ROWS). */
  readonly batchChunkRows?: number;
}

@Module({})
export class ConsultationsServiceModule {
  static register(runtime: EventSourcingRuntime, options: ConsultationsServiceOptions = {}): DynamicModule {
    const eventSourcing = EventSourcingModule.forService({
      service: 'consultations',
      contracts: consultationsContracts,
      runtime,
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
    });
    return {
      module: ConsultationsServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'consultations', eventSourcing }),
        AuthModule.forService({ service: 'consultations', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [ConsultationsHttpController, ConsultationBatchesHttpController, TalliesHttpController],
      providers: [
        streamViewsProvider(CONSULTATIONS, consultationViews),
        ConsultationBatchesService,
        TalliesService,
        { provide: BATCH_CHUNK_ROWS, useValue: options.batchChunkRows ?? null },
      ],
    };
  }
}
