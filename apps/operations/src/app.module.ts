// The operations service as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type OperationsConfig } from './config.js';
import { OperationsServiceModule } from './operations.module.js';
import { WATCHED_TOPICS } from './monitoring/application/operations.service.js';

@Module({})
export class AppModule {
  static forRoot(config: OperationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        OperationsServiceModule.register(config.runtime, {
          auth: config.auth,
          topicPrefix: config.topicPrefix,
          serviceUrls: config.serviceUrls,
          workbenchUrl: config.workbenchUrl,
          ...(config.topicPrefix ? { topics: WATCHED_TOPICS.map((topic) => `${config.topicPrefix}${topic}`) } : {}),
        }),
      ],
    };
  }
}
