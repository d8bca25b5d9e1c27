// Everything of the `publications` service in one dynamic module, so that it runs as its own process
// (main.ts) or, with the five others, inside the embedded launcher.
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import { publicationsContracts } from '#contracts/publications';
import {
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { CatalogueHttpController } from './catalogue/adapters/catalogue.http.controller.js';
import { CatalogueService } from './catalogue/application/catalogue.service.js';
import { NormativeDocumentsHttpController } from './normative-document/adapters/normative-documents.http.controller.js';
import { NormativeDocumentsService } from './normative-document/application/normative-documents.service.js';
import { NormativeStockHttpController } from './normative-stock/adapters/normative-stock.http.controller.js';
import { NormativeStockService } from './normative-stock/application/normative-stock.service.js';
import {
  CoercionDecisionsHttpController,
  LicensingDecisionsHttpController,
  PenaltyDecisionsHttpController,
} from './period-figures/adapters/decision-counts.js';
import { PeriodFiguresHttpController } from './period-figures/adapters/period-figures.http.controller.js';
import { PeriodFiguresService } from './period-figures/application/period-figures.service.js';
import { PublicationsHttpController } from './publication/adapters/publications.http.controller.js';
import { PublicationsService } from './publication/application/publications.service.js';

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
export class PublicationsServiceModule {
  static register(runtime: EventSourcingRuntime, options: ServiceModuleOptions = {}): DynamicModule {
    const eventSourcing = EventSourcingModule.forService({
      service: 'publications',
      contracts: publicationsContracts,
      runtime,
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
      ...(options.relay !== undefined ? { relay: options.relay } : {}),
    });
    return {
      module: PublicationsServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'publications', eventSourcing }),
        AuthModule.forService({ service: 'publications', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [
        PublicationsHttpController,
        CatalogueHttpController,
        NormativeDocumentsHttpController,
        NormativeStockHttpController,
        LicensingDecisionsHttpController,
        PenaltyDecisionsHttpController,
        CoercionDecisionsHttpController,
        PeriodFiguresHttpController,
      ],
      providers: [
        PublicationsService,
        CatalogueService,
        NormativeDocumentsService,
        NormativeStockService,
        PeriodFiguresService,
      ],
    };
  }
}
