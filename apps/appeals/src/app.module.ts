// The appeals service as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { AppealsServiceModule } from './appeals.module.js';
import { type ServiceConfig } from './config.js';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppealsServiceModule.register(config.runtime, { auth: config.auth, topicPrefix: config.topicPrefix })],
    };
  }
}
