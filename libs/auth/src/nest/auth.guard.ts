// The one guard in front of every route of an app (deny by default, ADR 0009): which service owns a
// route is read from the path the route was DECLARED with (its controller's and handler's metadata),
// never from the request's raw path — so letter case, percent-encoding or a second service's prefix
// cannot move a request out of its owner's reach. Who may call it is the route's @Public or @Roles,
// else the owner's default: reading for those who read cases, changing for those who change them.
// A route no registered service owns is refused. A token is a bearer JWT (`Authorization: Bearer …`);
// without a valid one the answer is 401, with the wrong role 403. The caller is left on the request
// (`principalOf(req)`) for the handler's agency checks and as the actor of its commands.
import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { TokenRejected } from '../jwt.js';
import { READ_ROLES, UNAUTHENTICATED, WRITE_ROLES, hasAnyRole, type Principal, type Role } from '../principal.js';
import { authenticate, type AuthSettings } from '../settings.js';
import { requireRole, type RequestWithPrincipal } from './access.js';
import { PUBLIC_KEY, ROLES_KEY } from './decorators.js';

export type AccessRule = { readonly public: true } | { readonly roles: readonly Role[] };

export interface AuthPolicy {
  /** Who may call an undecorated GET or HEAD. Default clerk, supervisor, auditor. */
  readonly read?: readonly Role[];
  /** Who may call any other undecorated route. Default clerk, supervisor. */
  readonly write?: readonly Role[];
}

export interface AuthModuleOptions {
  /** The service whose routes (declared under `<service>/…`) these options guard. */
  readonly service: string;
  readonly settings: AuthSettings;
  readonly policy?: AuthPolicy;
  readonly now?: () => Date;
}

/** Who may call a route (pure): its own decoration, else the default for its method. */
export function accessRule(input: {
  readonly method: string;
  readonly decorated: { readonly public?: boolean | undefined; readonly roles?: readonly Role[] | undefined };
  readonly policy?: AuthPolicy | undefined;
}): AccessRule {
  if (input.decorated.public) return { public: true };
  if (input.decorated.roles) return { roles: input.decorated.roles };
  const reading = input.method === 'GET' || input.method === 'HEAD';
  return { roles: reading ? (input.policy?.read ?? READ_ROLES) : (input.policy?.write ?? WRITE_ROLES) };
}

const firstSegment = (path: string): string => path.split('/').find((s) => s.length > 0) ?? '';

/**
 * The service a route belongs to: the first segment of the path it was declared with (controller
 * path, else handler path — `@Controller('reporting/operations')`, or `@Controller()` with
 * `@Get('applications/…')`). Undefined when that is empty or its declared paths disagree.
 */
export function declaredService(controllerPath: unknown, handlerPath: unknown): string | undefined {
  const list = (p: unknown): string[] => (Array.isArray(p) ? p.map(String) : typeof p === 'string' ? [p] : ['']);
  const owners = new Set(
    list(controllerPath).flatMap((c) => list(handlerPath).map((h) => firstSegment(c) || firstSegment(h))),
  );
  const [owner] = [...owners];
  return owners.size === 1 && owner ? owner : undefined;
}

/** The services guarded in one app (each `AuthModule.forService` registers its own). */
@Injectable()
export class GuardedServices {
  private readonly byService = new Map<string, AuthModuleOptions>();

  register(options: AuthModuleOptions): void {
    if (this.byService.has(options.service)) {
      throw new Error(`authentication for ${options.service} is registered twice in one app`);
    }
    this.byService.set(options.service, options);
    if (options.settings.mode === 'disabled') {
      new Logger(`Auth:${options.service}`).warn(
        `authentication is switched off (AUTH_DISABLED): anyone may call /${options.service}/`,
      );
    }
  }

  optionsFor(service: string | undefined): AuthModuleOptions | undefined {
    return service === undefined ? undefined : this.byService.get(service);
  }
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
export class RouteAccessGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(GuardedServices) private readonly services: GuardedServices,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const service = declaredService(
      Reflect.getMetadata(PATH_METADATA, context.getClass()),
      Reflect.getMetadata(PATH_METADATA, context.getHandler()),
    );
    const options = this.services.optionsFor(service);
    if (!options) {
      // A wiring mistake (a controller outside every service, or a service without AuthModule): nobody may call it.
      this.logger.error(`${req.method} ${pathOf(req)} belongs to no guarded service (${service ?? 'no prefix'})`);
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'this route belongs to no guarded service',
        rule: 'auth.route-unguarded',
      });
    }
    const rule = accessRule({
      method: req.method,
      decorated: {
        public: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      },
      policy: options.policy,
    });
    if ('public' in rule) return true;

    if (options.settings.mode === 'disabled') {
      req.principal = UNAUTHENTICATED;
      return true;
    }
    const principal = this.authenticate(req, context, options);
    if (!hasAnyRole(principal, rule.roles)) {
      this.logger.log(`${principal.sub} (${principal.roles.join(',')}) refused ${req.method} ${pathOf(req)}`);
    }
    requireRole(principal, rule.roles, `${req.method} ${pathOf(req)}`);
    req.principal = principal;
    return true;
  }

  private authenticate(req: GuardedRequest, context: ExecutionContext, options: AuthModuleOptions): Principal {
    const settings = options.settings;
    if (settings.mode !== 'jwt') throw new Error('unreachable: authentication is off');
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const challenge = (error?: string): void => {
      const res = context.switchToHttp().getResponse<{ setHeader(n: string, v: string): unknown }>();
      res.setHeader('WWW-Authenticate', `Bearer realm="${options.service}"${error ? `, error="${error}"` : ''}`);
    };
    const token = value === undefined ? undefined : BEARER.exec(value.trim())?.[1];
    if (token === undefined) {
      challenge();
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'a bearer token is required (Authorization: Bearer <JWT>)',
        rule: 'auth.token-missing',
      });
    }
    try {
      return authenticate(token, settings, (options.now ?? (() => new Date()))());
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
