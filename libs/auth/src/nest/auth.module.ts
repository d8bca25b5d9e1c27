// What a service module imports to be behind authentication:
//
//   AuthModule.forService({ service: 'applications', settings })   // settings: authSettingsFromEnv(…)
//
// Every forService registers its options with the app's one RouteAccessGuard (a global module, so
// one guard per app however many services the app holds): the guard decides each route by the
// service that declared it, and refuses a route no registered service declared.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GuardedServices, RouteAccessGuard, type AuthModuleOptions } from './auth.guard.js';

@Global()
@Module({
  providers: [GuardedServices, { provide: APP_GUARD, useClass: RouteAccessGuard }],
  exports: [GuardedServices],
})
class AuthCoreModule {}

/** The service name alone, so that Nest tells two services' auth modules apart. */
const AUTH_SERVICE = Symbol('AUTH_SERVICE');
const AUTH_REGISTERED = Symbol('AUTH_REGISTERED');

@Module({})
export class AuthModule {
  static forService(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [AuthCoreModule],
      providers: [
        { provide: AUTH_SERVICE, useValue: options.service },
        // A factory, not a value: the secret stays out of the module's metadata (which Nest hashes).
        {
          provide: AUTH_REGISTERED,
          useFactory: (services: GuardedServices) => {
            services.register(options);
            return true;
          },
          inject: [GuardedServices],
        },
      ],
    };
  }
}
