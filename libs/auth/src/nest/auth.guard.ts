// The guard in front of a service's routes (everything under /<service>/): who may call a route is
// the route's @Roles or @Public, else a rule for its path, else — the default — reading for those
// who read cases and changing for those who change them. A token is a bearer JWT (`Authorization:
// Bearer …`); without a valid one the answer is 401, with the wrong role 403. The caller is left on
// the request (`principalOf(req)`) for the handler's agency checks and as the actor of its commands.
import {
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenRejected } from '../jwt.js';
import { READ_ROLES, UNAUTHENTICATED, WRITE_ROLES, hasAnyRole, type Principal, type Role } from '../principal.js';
import { authenticate, type AuthSettings } from '../settings.js';
import { requireRole, type RequestWithPrincipal } from './access.js';
import { PUBLIC_KEY, ROLES_KEY } from './decorators.js';

export type AccessRule = { readonly public: true } | { readonly roles: readonly Role[] };

export interface PathRule {
  /** Matched against the request path (without its query string). */
  readonly pattern: RegExp;
  readonly rule: AccessRule;
}

export interface AuthPolicy {
  /** Rules for routes the service does not decorate, e.g. the operations routes of libs/observability. */
  readonly paths?: readonly PathRule[];
  /** Who may call an undecorated GET or HEAD. Default clerk, supervisor, auditor. */
  readonly read?: readonly Role[];
  /** Who may call any other undecorated route. Default clerk, supervisor. */
  readonly write?: readonly Role[];
}

export interface AuthModuleOptions {
  /** The path prefix the guard watches: `/<service>/…`. */
  readonly service: string;
  readonly settings: AuthSettings;
  readonly policy?: AuthPolicy;
  readonly now?: () => Date;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Liveness and readiness answer anyone (orchestrators probe without tokens); the metrics are for
 * operations.
 */
export function operationsPathRules(service: string): PathRule[] {
  const base = `^/${escape(service)}`;
  return [
    { pattern: new RegExp(`${base}/health/(live|ready)/?$`), rule: { public: true } },
    { pattern: new RegExp(`${base}/metrics/?$`), rule: { roles: ['operations'] } },
  ];
}

/** Who may call a route (pure: the guard hands it what it read). */
export function accessRule(input: {
  readonly service: string;
  readonly path: string;
  readonly method: string;
  readonly decorated: { readonly public?: boolean | undefined; readonly roles?: readonly Role[] | undefined };
  readonly policy?: AuthPolicy | undefined;
}): AccessRule {
  if (input.decorated.public) return { public: true };
  if (input.decorated.roles) return { roles: input.decorated.roles };
  const paths = input.policy?.paths ?? operationsPathRules(input.service);
  const byPath = paths.find((p) => p.pattern.test(input.path));
  if (byPath) return byPath.rule;
  const reading = input.method === 'GET' || input.method === 'HEAD';
  return { roles: reading ? (input.policy?.read ?? READ_ROLES) : (input.policy?.write ?? WRITE_ROLES) };
}

interface GuardedRequest extends RequestWithPrincipal {
  readonly method: string;
  readonly url: string;
  readonly originalUrl?: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

const pathOf = (req: Pick<GuardedRequest, 'url' | 'originalUrl'>): string => {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

@Injectable()
export class ServiceAuthGuard implements CanActivate {
  private readonly logger: Logger;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
  ) {
    this.logger = new Logger(`Auth:${options.service}`);
    if (options.settings.mode === 'disabled') {
      this.logger.warn(`authentication is switched off (AUTH_DISABLED): anyone may call /${options.service}/`);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const path = pathOf(req);
    const { service, settings } = this.options;
    // In the embedded mode every service's guard sees every route; each answers for its own.
    if (path !== `/${service}` && !path.startsWith(`/${service}/`)) return true;

    const targets = [context.getHandler(), context.getClass()];
    const rule = accessRule({
      service,
      path,
      method: req.method,
      decorated: {
        public: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      },
      policy: this.options.policy,
    });
    if ('public' in rule) return true;

    if (settings.mode === 'disabled') {
      req.principal = UNAUTHENTICATED;
      return true;
    }
    const principal = this.authenticate(req, context);
    if (!hasAnyRole(principal, rule.roles)) {
      this.logger.log(`${principal.sub} (${principal.roles.join(',')}) refused ${req.method} ${path}`);
    }
    requireRole(principal, rule.roles, `${req.method} ${path}`);
    req.principal = principal;
    return true;
  }

  private authenticate(req: GuardedRequest, context: ExecutionContext): Principal {
    const settings = this.options.settings;
    if (settings.mode !== 'jwt') throw new Error('unreachable: authentication is off');
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const challenge = (error?: string): void => {
      const res = context.switchToHttp().getResponse<{ setHeader(n: string, v: string): unknown }>();
      res.setHeader('WWW-Authenticate', `Bearer realm="${this.options.service}"${error ? `, error="${error}"` : ''}`);
    };
    const match = value === undefined ? null : BEARER.exec(value.trim());
    if (!match) {
      challenge();
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'a bearer token is required (Authorization: Bearer <JWT>)',
        rule: 'auth.token-missing',
      });
    }
    try {
      return authenticate(match[1]!, settings, (this.options.now ?? (() => new Date()))());
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      this.logger.log(`token refused on ${req.method} ${pathOf(req)}: ${err.problem}`);
      challenge('invalid_token');
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: err.message,
        rule: `auth.token-${err.problem}`,
      });
    }
  }
}
