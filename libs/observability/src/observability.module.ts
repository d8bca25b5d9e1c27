// What a service imports to be operable (issue 8):
//
//   const eventSourcing = EventSourcingModule.forService({ service: 'applications', runtime, … });
//   imports: [
//     eventSourcing,
//     ObservabilityModule.forService({
//       service: 'applications',
//       imports: [eventSourcing],                      // the same object: the same module instance
//       inject: [MONGO_CONNECTION, MESSAGE_TRANSPORT, OutboxRelay],
//       probes: (connection, transport) => [mongoProbe(connection), transportProbe(transport)],
//       metrics: (metrics, _connection, _transport, relay) =>
//         metrics.addCollector('outbox', async () => ({ outbox: await relay.stats() })),
//     }),
//   ]
//
// It serves GET /<service>/health/live, /<service>/health/ready (503 while a probe fails) and
// /<service>/metrics, times the service's requests, runs every request under a correlation id, and
// exports SERVICE_METRICS (a ServiceMetrics) for handlers, consumers and the kernel.
import {
  Controller,
  Get,
  Header,
  Inject,
  Logger,
  Module,
  RequestMethod,
  Res,
  ServiceUnavailableException,
  type DynamicModule,
  type InjectionToken,
  type MiddlewareConsumer,
  type ModuleMetadata,
  type NestModule,
  type Type,
} from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '#auth';
import { correlationMiddleware, serviceHttpMiddleware } from './http.js';
import { PrometheusServiceMetrics, type ServiceMetrics } from './metrics.js';
import { runProbe, type HealthProbe } from './probes.js';

/** The service's ServiceMetrics (a PrometheusServiceMetrics). */
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');
/** The service's readiness probes. */
export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
/** The service name alone, so that Nest tells two services' modules apart (cf. EventSourcingModule). */
const OBSERVABILITY_SERVICE = Symbol('OBSERVABILITY_SERVICE');

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/* eslint-disable @typescript-eslint/no-explicit-any -- the factories receive whatever `inject` names */
export interface ObservabilityOptions {
  /** Also the path prefix: `/<service>/health/…`, `/<service>/metrics`. */
  readonly service: string;
  /** Modules whose exports `inject` names (pass the very DynamicModule object the service imports). */
  readonly imports?: ModuleMetadata['imports'];
  /** Handed, in this order, to `probes` and (after the metrics) to `metrics`. */
  readonly inject?: readonly InjectionToken[];
  /** The readiness probes; none means ready as soon as the process answers. */
  readonly probes?: (...deps: any[]) => readonly HealthProbe[] | Promise<readonly HealthProbe[]>;
  /** Registers collectors and trackers on the service's metrics at start. */
  readonly metrics?: (metrics: ServiceMetrics, ...deps: any[]) => void | Promise<void>;
  /** How long a probe may take before it counts as down. Default 2000. */
  readonly probeTimeoutMs?: number;
  /** Add the process metrics to `/<service>/metrics`. Default true. */
  readonly processMetrics?: boolean;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const pascal = (service: string): string =>
  service
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

interface StatusSetter {
  status(code: number): unknown;
}

/**
 * Terminus answers "not ready" by throwing a 503 carrying its result; it is answered here, as it is,
 * rather than by the error filter, which would log every failed probe again with a stack trace
 * (terminus already logs which probe failed and why).
 */
async function answer(res: StatusSetter, check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
  try {
    return await check();
  } catch (err) {
    if (!(err instanceof ServiceUnavailableException)) throw err;
    res.status(err.getStatus());
    return err.getResponse() as HealthCheckResult;
  }
}

/**
 * A controller class of the service's own, so that its routes carry the service prefix. Liveness and
 * readiness answer anyone (orchestrators probe without tokens); the metrics are for operations.
 */
function operationsController(service: string): Type<unknown> {
  @ApiTags('operations')
  @Controller(service)
  class OperationsController {
    constructor(
      @Inject(HealthCheckService) private readonly health: HealthCheckService,
      @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
      @Inject(HEALTH_PROBES) private readonly probes: readonly HealthProbe[],
      @Inject(SERVICE_METRICS) private readonly metrics: PrometheusServiceMetrics,
      @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    ) {}

    /** The process answers: restart it only when this fails. */
    @Get('health/live')
    @Public()
    @HealthCheck()
    live(@Res({ passthrough: true }) res: StatusSetter): Promise<HealthCheckResult> {
      return answer(res, () => this.health.check([]));
    }

    /** The service can do its work: its store and its broker answer. */
    @Get('health/ready')
    @Public()
    @HealthCheck()
    ready(@Res({ passthrough: true }) res: StatusSetter): Promise<HealthCheckResult> {
      const timeoutMs = this.options.probeTimeoutMs ?? 2_000;
      return answer(res, () =>
        this.health.check(
          this.probes.map((probe) => async () => {
            const outcome = await runProbe(probe, timeoutMs);
            const session = this.indicators.check(probe.name);
            return outcome.status === 'up' ? session.up() : session.down({ message: outcome.message ?? 'down' });
          }),
        ),
      );
    }

    @Get('metrics')
    @Roles('operations')
    @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
    @Header('Cache-Control', 'no-store')
    @ApiOperation({ summary: 'Prometheus metrics of this service (text exposition format)' })
    @ApiProduces(PROMETHEUS_CONTENT_TYPE)
    metricsPage(): Promise<string> {
      return this.metrics.scrape();
    }
  }
  Object.defineProperty(OperationsController, 'name', { value: `${pascal(service)}OperationsController` });
  return OperationsController;
}

@Module({})
export class ObservabilityModule implements NestModule {
  constructor(@Inject(SERVICE_METRICS) private readonly metrics: PrometheusServiceMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(correlationMiddleware(), serviceHttpMiddleware(this.metrics.service, this.metrics))
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }

  static forService(options: ObservabilityOptions): DynamicModule {
    const inject = [...(options.inject ?? [])];
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...(options.imports ?? [])],
      controllers: [operationsController(options.service)],
      providers: [
        { provide: OBSERVABILITY_SERVICE, useValue: options.service },
        // Factories close over `options` rather than holding it as a value (see EventSourcingModule).
        { provide: OBSERVABILITY_OPTIONS, useFactory: () => options },
        {
          provide: SERVICE_METRICS,
          inject,
          useFactory: async (...deps: unknown[]): Promise<ServiceMetrics> => {
            const logger = new Logger(`Metrics:${options.service}`);
            const metrics = new PrometheusServiceMetrics({
              service: options.service,
              ...(options.processMetrics !== undefined ? { processMetrics: options.processMetrics } : {}),
              onCollectFailure: (collector, error) =>
                logger.warn(`collector ${collector} failed`, error instanceof Error ? error : { error: String(error) }),
            });
            await options.metrics?.(metrics, ...deps);
            return metrics;
          },
        },
        {
          provide: HEALTH_PROBES,
          inject,
          useFactory: async (...deps: unknown[]): Promise<readonly HealthProbe[]> => {
            const probes = (await options.probes?.(...deps)) ?? [];
            const names = probes.map((p) => p.name);
            const twice = names.find((n, i) => names.indexOf(n) !== i);
            if (twice !== undefined) throw new Error(`two readiness probes are named ${twice}`);
            return probes;
          },
        },
      ],
      exports: [SERVICE_METRICS, HEALTH_PROBES],
    };
  }
}
