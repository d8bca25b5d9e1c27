// The Nest root of the service when it runs as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { ApplicationsServiceModule, type ServiceModuleOptions } from './applications.module.js';

@Module({})
export class AppModule {
  static forRuntime(runtime: EventSourcingRuntime, options: ServiceModuleOptions = {}): DynamicModule {
    return { module: AppModule, imports: [ApplicationsServiceModule.register(runtime, options)] };
  }
}
