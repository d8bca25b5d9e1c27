// Boots a service's Nest app the same way everywhere: JSON body limit, the error filter, OpenAPI
// at /docs and /docs-json, graceful shutdown.
import { type INestApplication, type Type, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpErrorFilter } from './error-filter.js';

export interface ServiceAppOptions {
  readonly title: string;
  readonly description?: string;
  /** Largest accepted JSON body; bulk imports may raise it for their own routes. */
  readonly bodyLimit?: string;
  readonly logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

export function configureServiceApp(app: INestApplication, options: ServiceAppOptions): INestApplication {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: options.bodyLimit ?? '256kb' });
  express.disable('x-powered-by');
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, options);
  return app;
}

export function setupOpenApi(app: INestApplication, options: Pick<ServiceAppOptions, 'title' | 'description'>): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  return configureServiceApp(app, options);
}
