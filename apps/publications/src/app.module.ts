// The Nest root of the service when it runs as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { PublicationsServiceModule, type ServiceModuleOptions } from './publications.module.js';

@Module({})
export class AppModule {
  static forRuntime(runtime: EventSourcingRuntime, options: ServiceModuleOptions = {}): DynamicModule {
    return { module: AppModule, imports: [PublicationsServiceModule.register(runtime, options)] };
  }
}
