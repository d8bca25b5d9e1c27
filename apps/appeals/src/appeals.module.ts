// Everything of the appeals service (复议、诉讼) in one dynamic module, so that it runs as its own
// process (app.module.ts) or beside the other services in the embedded launcher.
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, serviceAuthSettings, type AuthSettings } from '#auth';
import { type DocumentCollections } from '#event-sourcing/read-model';
import {
  DOCUMENTS,
  EventSourcingModule,
  observeEventSourcing,
  type EventSourcingRuntime,
  type RelaySettings,
} from '#event-sourcing/nest';
import { ACTS_CONSUMER_GROUP, ActsConsumer } from './appeal/adapters/acts.consumer.js';
import { AppealsHttpController } from './appeal/adapters/appeals.http.controller.js';
import { ActConfirmationProcess } from './appeal/application/act-confirmation.process.js';
import {
  ACT_CONFIRMATION_SETTINGS,
  DEFAULT_ACT_CONFIRMATION,
  type ActConfirmationSettings,
} from './appeal/application/act-confirmation.settings.js';
import { ActConfirmationSweeper } from './appeal/application/act-confirmation.sweeper.js';
import { AppealsService } from './appeal/application/appeals.service.js';
import { KnownActs } from './appeal/application/known-acts.js';

export interface AppealsServiceOptions {
  readonly relay?: RelaySettings;
  /** Prefixed to the topics it writes and reads (tests sharing one broker). */
  readonly topicPrefix?: string;
  /**
   * Who may call the service (`authSettingsFromEnv`, or the embedded platform's `embeddedAuth`).
   * Required in real mode; omitted in embedded mode, authentication is off.
   */
  readonly auth?: AuthSettings;
  readonly actConfirmation?: Partial<ActConfirmationSettings>;
}

/**
 * The consumer group reading applications.events and enforcement.events: `appeals.acts`, after the
 * stack's topic prefix like everything else the stack owns on the broker. Stacks sharing a broker
 * must not share a group: kafkajs's assigner hands the union of the members' topics round-robin to
 * every member, so one stack's appeals was given the other's partitions and neither read them.
 */
export const actsConsumerGroup = (topicPrefix = ''): string => `${topicPrefix}appeals.acts`;

@Module({})
export class AppealsServiceModule {
  static register(runtime: EventSourcingRuntime, options: AppealsServiceOptions = {}): DynamicModule {
    // Every published contract: it writes its own and reads applications' and enforcement's.
    const eventSourcing = EventSourcingModule.forService({
      service: 'appeals',
      runtime,
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.topicPrefix !== undefined ? { topicPrefix: options.topicPrefix } : {}),
    });
    return {
      module: AppealsServiceModule,
      imports: [
        eventSourcing,
        observeEventSourcing({ service: 'appeals', eventSourcing }),
        AuthModule.forService({ service: 'appeals', settings: serviceAuthSettings(runtime.mode, options.auth) }),
      ],
      controllers: [AppealsHttpController],
      providers: [
        AppealsService,
        {
          provide: KnownActs,
          useFactory: (documents: DocumentCollections) => new KnownActs(documents),
          inject: [DOCUMENTS],
        },
        ActConfirmationProcess,
        ActsConsumer,
        ActConfirmationSweeper,
        { provide: ACTS_CONSUMER_GROUP, useValue: actsConsumerGroup(options.topicPrefix) },
        {
          provide: ACT_CONFIRMATION_SETTINGS,
          useValue: { ...DEFAULT_ACT_CONFIRMATION, ...options.actConfirmation } satisfies ActConfirmationSettings,
        },
      ],
    };
  }
}
