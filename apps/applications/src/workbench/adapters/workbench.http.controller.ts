// HTTP: the disclosure office's workbench (issue 18.1), a static page that works every case through
// the services' public APIs with the user's bearer token:
//   GET /workbench/                   the page (hash routes: #/requests, #/requests/<id>, #/report);
//                                     also at /workbench/index.html (/workbench redirects to /workbench/)
//   GET /workbench/assets/<asset>     its script and style
//   GET /workbench/config.json        where the other services answer, and the contracts' vocabulary
// All three are public: they hold no case data (the page asks the APIs for that, with a token).
import { Controller, Get, Inject, Injectable, Param, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { readFile } from 'node:fs/promises';
import { Public } from '#auth';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  CHANNEL_LABELS,
  CHANNELS,
  CONSULTEE_LABELS,
  CONSULTEES,
  NOT_HELD_BECAUSE,
  OUTCOME_CATEGORY_LABELS,
  OUTCOME_REASON_LABELS,
  OUTCOME_TREE,
  THIRD_PARTY_INTERESTS,
} from '#contracts/applications';
import { DomainError } from '#event-sourcing';
import { type ResponseLike } from '#http';
import { REQUEST_STATUSES } from '../../disclosure-request/index.js';
import { WORKBENCH_SETTINGS, type WorkbenchSettings } from '../workbench-settings.js';
import {
  knownWorkbenchFile,
  WORKBENCH_FILES,
  workbenchContentSecurityPolicy,
  workbenchFile,
} from './workbench-files.js';

/** What the page needs to know that is not case data: the services' origins and the contracts' choices. */
export interface WorkbenchConfig {
  /** Base URL per service on another origin; a service not named answers at the page's own origin. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  /** The codes of the contracts, each with the label the report prints (REPORTS.md): the page's choices. */
  readonly vocabulary: {
    readonly channels: ReadonlyArray<{ code: string; label: string }>;
    readonly applicantTypes: ReadonlyArray<{ code: string; label: string }>;
    readonly consultees: ReadonlyArray<{ code: string; label: string }>;
    readonly statuses: readonly string[];
    /** The national outcome tree: each category with its reasons (none for 予以公开 and 部分公开). */
    readonly outcomes: ReadonlyArray<{
      code: string;
      label: string;
      reasons: ReadonlyArray<{ code: string; label: string }>;
    }>;
    readonly thirdPartyInterests: readonly string[];
    readonly notHeldBecause: readonly string[];
  };
}

const labelled = <C extends string>(codes: readonly C[], labels: Readonly<Record<C, string>>) =>
  codes.map((code) => ({ code, label: labels[code] }));

/** The page's configuration: pure, from the settings and the contracts. */
export function workbenchConfig(settings: WorkbenchSettings): WorkbenchConfig {
  return {
    serviceUrls: settings.serviceUrls,
    vocabulary: {
      channels: labelled(CHANNELS, CHANNEL_LABELS),
      applicantTypes: labelled(APPLICANT_TYPES, APPLICANT_TYPE_LABELS),
      consultees: labelled(CONSULTEES, CONSULTEE_LABELS),
      statuses: REQUEST_STATUSES,
      outcomes: Object.entries(OUTCOME_TREE).map(([code, reasons]) => ({
        code,
        label: OUTCOME_CATEGORY_LABELS[code as keyof typeof OUTCOME_CATEGORY_LABELS],
        reasons: reasons.map((r) => ({
          code: r,
          label: OUTCOME_REASON_LABELS[r as keyof typeof OUTCOME_REASON_LABELS],
        })),
      })),
      thirdPartyInterests: THIRD_PARTY_INTERESTS,
      notHeldBecause: NOT_HELD_BECAUSE,
    },
  };
}

@ApiTags('workbench (依申请公开工作台)')
@Controller('workbench')
export class WorkbenchHttpController {
  private readonly csp: string;

  constructor(@Inject(WORKBENCH_SETTINGS) private readonly settings: WorkbenchSettings) {
    this.csp = workbenchContentSecurityPolicy(Object.values(settings.serviceUrls));
  }

  @Get('index.html')
  @Public()
  @ApiOperation({
    summary: "The disclosure office's workbench (zh-CN; sign in with a bearer token); also answered at /workbench/",
  })
  page(@Res({ passthrough: true }) res: ResponseLike): Promise<string> {
    return this.asset('workbench.html', res);
  }

  @Get('assets/:asset')
  @Public()
  @ApiParam({ name: 'asset', example: 'workbench.js' })
  @ApiOperation({ summary: "The workbench's script and style" })
  async asset(@Param('asset') asset: string, @Res({ passthrough: true }) res: ResponseLike): Promise<string> {
    const known = knownWorkbenchFile(asset);
    if (!known) {
      throw new DomainError('page.unknown-file', `the workbench has no file ${asset}`, { kind: 'not-found' });
    }
    res.setHeader('Content-Type', known.contentType);
    res.setHeader('Content-Security-Policy', this.csp);
    return readFile(workbenchFile(asset), 'utf8');
  }

  @Get('config.json')
  @Public()
  @ApiOperation({ summary: "Where the workbench finds the other services, and the contracts' choices" })
  @ApiOkResponse({ description: 'serviceUrls (empty: every service at this origin) and the vocabulary' })
  config(): WorkbenchConfig {
    return workbenchConfig(this.settings);
  }
}

/**
 * The workbench's address, `/workbench/`: routing is strict (a trailing slash is another path) and
 * Nest drops a route's trailing slash, so the page is answered there by the HTTP server itself, like
 * /asyncapi.json — registered before Nest's 404 handler, public like the page's own route.
 */
@Injectable()
export class WorkbenchEntry implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(WORKBENCH_SETTINGS) private readonly settings: WorkbenchSettings,
  ) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    const csp = workbenchContentSecurityPolicy(Object.values(this.settings.serviceUrls));
    adapter.get('/workbench/', (_req: unknown, res: RawResponse) => {
      void readFile(workbenchFile('workbench.html'), 'utf8').then(
        (body) => {
          res.setHeader('Content-Type', WORKBENCH_FILES['workbench.html']?.contentType ?? 'text/html');
          res.setHeader('Content-Security-Policy', csp);
          res.end(body);
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    });
    adapter.get('/workbench', (_req: unknown, res: RawResponse) => {
      res.statusCode = 301;
      res.setHeader('Location', '/workbench/');
      res.end();
    });
  }
}

interface RawResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body?: string): void;
}
