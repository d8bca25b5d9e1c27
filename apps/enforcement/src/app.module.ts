// The enforcement service as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type ServiceConfig } from './config.js';
import { EnforcementServiceModule } from './enforcement.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnforcementServiceModule.register(config.runtime, { auth: config.auth, topicPrefix: config.topicPrefix }),
      ],
    };
  }
}
