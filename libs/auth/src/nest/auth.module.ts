// What a service module imports to be behind authentication:
//
//   AuthModule.forService({ service: 'applications', settings })   // settings: authSettingsFromEnv(…)
//
// It installs the service's guard for every route under /<service>/ (several services in one
// embedded app each guard their own prefix).
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, ServiceAuthGuard, type AuthModuleOptions } from './auth.guard.js';

/** The service name alone, so that Nest tells two services' auth modules apart. */
const AUTH_SERVICE = Symbol('AUTH_SERVICE');

@Module({})
export class AuthModule {
  static forService(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_SERVICE, useValue: options.service },
        // A factory, not a value: the secret stays out of the module's metadata (which Nest hashes).
        { provide: AUTH_OPTIONS, useFactory: () => options },
        { provide: APP_GUARD, useClass: ServiceAuthGuard },
      ],
    };
  }
}
