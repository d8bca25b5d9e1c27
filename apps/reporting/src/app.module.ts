// The reporting service as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type ServiceConfig } from './config.js';
import { ReportingServiceModule } from './reporting.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: AppModule, imports: [ReportingServiceModule.register(config.runtime, { auth: config.auth })] };
  }
}
