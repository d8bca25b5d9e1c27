// The embedded platform: every service's module in one Nest app (ADR 0002). Each keeps its own
// in-memory event store; they share the process's one in-memory transport, the embedded "broker".
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, type AuthSettings } from '#auth';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { AppealsServiceModule } from '../../appeals/src/appeals.module.js';
import { ApplicationsServiceModule } from '../../applications/src/applications.module.js';
import { ConsultationsServiceModule } from '../../consultations/src/consultations.module.js';
import { EnforcementServiceModule } from '../../enforcement/src/enforcement.module.js';
import { PublicationsServiceModule } from '../../publications/src/publications.module.js';
import { ReportingServiceModule } from '../../reporting/src/reporting.module.js';
import { DEV_SIGN_IN, DevSignInHttpController, type DevSignIn } from './dev-sign-in.http.controller.js';
import { OperationsServiceModule } from '../../operations/src/operations.module.js';

@Module({})
export class PlatformModule {
  /** `devSignIn`: the development sign-in of the workbench (embedded mode only; none without tokens). */
  static register(runtime: EventSourcingRuntime, auth: AuthSettings, devSignIn?: DevSignIn): DynamicModule {
    const options = { auth };
    return {
      module: PlatformModule,
      controllers: devSignIn ? [DevSignInHttpController] : [],
      // The platform's own route (/platform/dev-sign-in) is guarded like every service's.
      providers: devSignIn ? [{ provide: DEV_SIGN_IN, useValue: devSignIn }] : [],
      imports: [
        AuthModule.forService({ service: 'platform', settings: auth }),
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
