// The embedded platform: every service's module in one Nest app (ADR 0002). Each keeps its own
// in-memory event store; they share the process's one in-memory transport, the embedded "broker".
import { Module, type DynamicModule } from '@nestjs/common';
import { type AuthSettings } from '#auth';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { AppealsServiceModule } from '../../appeals/src/appeals.module.js';
import { ApplicationsServiceModule } from '../../applications/src/applications.module.js';
import { ConsultationsServiceModule } from '../../consultations/src/consultations.module.js';
import { EnforcementServiceModule } from '../../enforcement/src/enforcement.module.js';
import { PublicationsServiceModule } from '../../publications/src/publications.module.js';
import { ReportingServiceModule } from '../../reporting/src/reporting.module.js';
import { OperationsServiceModule } from '../../operations/src/operations.module.js';

@Module({})
export class PlatformModule {
  static register(runtime: EventSourcingRuntime, auth: AuthSettings): DynamicModule {
    const options = { auth };
    return {
      module: PlatformModule,
      imports: [
        ApplicationsServiceModule.register(runtime, options),
        PublicationsServiceModule.register(runtime, options),
        ConsultationsServiceModule.register(runtime, options),
        EnforcementServiceModule.register(runtime, options),
        AppealsServiceModule.register(runtime, options),
        ReportingServiceModule.register(runtime, options),
        OperationsServiceModule.register(runtime, options),
      ],
    };
  }
}
