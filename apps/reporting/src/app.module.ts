// The reporting service as its own process.
import { Module, type DynamicModule } from '@nestjs/common';
import { type ReportingConfig } from './config.js';
import { SOURCE_TOPICS } from './annual-report/application/statistics-projection.js';
import { ReportingServiceModule } from './reporting.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ReportingServiceModule.register(config.runtime, {
          auth: config.auth,
          topicPrefix: config.topicPrefix,
          ...(config.topicPrefix
            ? {
                topics: SOURCE_TOPICS.map((topic) => `${config.topicPrefix}${topic}`),
                groupPrefix: `${config.topicPrefix}reporting.statistics`,
              }
            : {}),
        }),
      ],
    };
  }
}
