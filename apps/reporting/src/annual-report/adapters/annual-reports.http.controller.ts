// HTTP: the annual report of an agency-year, `/reporting/annual-reports/{agencyId}/{scope}/{year}`
// (scope `agency`: the agency's own cases; `rollup`: with every agency below it):
//   GET   …                       the report's status, declared facts (who, when), closes, reopenings
//   PUT   …/declared-facts        staff and expenditure no case records
//   PUT   …/narrative/{template}/{sectionId}   the office's text of a section of the report document
//   POST  …/close | …/reopen | …/publish
//   GET   …/report?template=&format=json|csv|md|html|pdf|docx|xlsx&asOf=   (drafts too: for the office and auditors;
//                                 the published report is public: published-reports.http.controller.ts)
//   GET   …/adjustments           what arrived after the close
//   POST  …/reconciliations       a hand-filed report against the derived one
//   GET   …/forecast?template=&asOf=
//   GET   /reporting/trend?agencyId=&scope=&year=&asOf=   cases per month per area against the forecast
// Who (ADR 0004): reading — clerk, supervisor, auditor of the agency or of one above it (a county
// bureau's users read their own county's report, scope `agency`; the city's read any agency and the
// roll-up); declaring facts, closing, reopening, publishing — a supervisor of the agency itself.
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { agencyAndDescendants, agencyNameIn } from '#contracts';
import { type Principal, principalOf, requireOwnAgency, requireReadable, Roles } from '#auth';
import { DomainError } from '#event-sourcing';
import { ApiZodQuery, changeOptions, commandContext, parseWith, ZodValidationPipe, zodOpenApi } from '#http';
import {
  type AnnualReportsService as Service,
  AnnualReportsService,
  type AnnualReportView,
  type MonthlyTrend,
  type PostCloseAdjustments,
} from '../application/annual-reports.service.js';
import { legalDateOf, minDate, yearEnd, yearOf } from '#contracts/legal-time';
import { type Forecast } from '../domain/forecast.js';
import {
  declaredFactsBody,
  filingBody,
  narrativeBody,
  narrativePath,
  forecastQuery,
  trendQuery,
  type HttpRequest,
  reopenBody,
  reportPath,
  reportQuery,
  requireKnownAgency,
  type ResponseLike,
  setVersionHeaders,
} from './http-schemas.js';
import { reportFile } from './report-formats.js';

const PATH = 'annual-reports/:agencyId/:scope/:year';
const pathParams = [
  ApiParam({
    name: 'agencyId',
    description: 'an agency of the registry (GET /reporting/agencies)',
    example: 'zhuzhou-city',
  }),
  ApiParam({ name: 'scope', enum: ['agency', 'rollup'], example: 'rollup' }),
  ApiParam({ name: 'year', example: 2024 }),
];
const ApiReportPath = (): MethodDecorator => (target, key, descriptor) => {
  for (const d of pathParams) d(target, key, descriptor);
};

type ReportKey = z.output<typeof reportPath>;

/** Reading a report: every agency it covers must be within the caller's reach. */
function readableKey(req: unknown, params: unknown): ReportKey {
  return requireReadableScope(req, parseWith(reportPath, params));
}

/** The agency is known and within the caller's reach, and a roll-up is read only by a user above other agencies. */
function requireReadableScope<K extends Pick<ReportKey, 'agencyId' | 'scope'>>(req: unknown, key: K): K {
  requireKnownAgency(key.agencyId);
  const p: Principal = principalOf(req);
  requireReadable(p, key.agencyId);
  if (key.scope === 'rollup' && p.authenticated && agencyAndDescendants(p.agencyId).length === 1) {
    throw new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message: `${p.sub} of ${p.agencyId} reads the agency's own report (scope agency); the roll-up is the city's`,
      rule: 'auth.agency',
    });
  }
  return key;
}

/** Changing a report: a supervisor of the agency itself (the guard has checked the role). */
function ownKey(req: unknown, params: unknown): ReportKey {
  const key = parseWith(reportPath, params);
  requireKnownAgency(key.agencyId);
  requireOwnAgency(principalOf(req), key.agencyId);
  return key;
}

/** A retried change with the same key (and If-Match) gets the first result; another body, 422. */
const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key (and the same If-Match) returns the first result',
  });

@ApiTags('annual reports')
@Controller('reporting')
export class AnnualReportsHttpController {
  constructor(@Inject(AnnualReportsService) private readonly reports: Service) {}

  @Get(PATH)
  @ApiReportPath()
  @ApiOperation({ summary: 'The annual report of an agency-year: status, declared facts, closes, reopenings' })
  async get(
    @Param() params: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const view = await this.reports.view(readableKey(req, params));
    setVersionHeaders(res, view.version);
    return view;
  }

  @Put(`${PATH}/declared-facts`)
  @Roles('supervisor')
  @ApiReportPath()
  @ApiOperation({
    summary: 'Declare staff (全职/兼职) and actual expenditure (万元), which no case records',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version (ETag) last seen' })
  @ApiIdempotencyKey()
  @ApiBody({ schema: zodOpenApi(declaredFactsBody, { fullTimeStaff: 3, partTimeStaff: 2, expenditureWanYuan: 1.5 }) })
  async declare(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(declaredFactsBody)) body: z.output<typeof declaredFactsBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const view = await this.reports.declareFacts(
      ownKey(req, params),
      body,
      commandContext(req),
      changeOptions(req, 'declare-facts'),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Put(`${PATH}/narrative/:template/:sectionId`)
  @Roles('supervisor')
  @ApiReportPath()
  @ApiParam({ name: 'template', enum: ['2008', 'national-2021'] })
  @ApiParam({ name: 'sectionId', example: 's1', description: 'intro (2008 引言), s1 … s9 (2008), s1 … s6 (national)' })
  @ApiOperation({
    summary: "Replace the text of a section of the report document (the office's edit, kept across regenerations)",
    description:
      'Paragraphs one per line. Figures as placeholders {{表.行….列}} (e.g. {{三.本年新收政府信息公开申请数量.总计}}, ' +
      '{{上年.…}}, {{增减.…}}) resolved against the report, or as literal figures, bound to the cell the draft cites with ' +
      'that value: a later change to the cell fails the check narrative.literal-matches-cell (GET …/report → document.checks).',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version (ETag) last seen' })
  @ApiIdempotencyKey()
  @ApiBody({
    schema: zodOpenApi(narrativeBody, {
      text: '本年度，本机关共收到政府信息公开申请{{三.本年新收政府信息公开申请数量.总计}}件。',
    }),
  })
  async editNarrative(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(narrativeBody)) body: z.output<typeof narrativeBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const { template, sectionId, ...key } = parseWith(narrativePath, params);
    requireOwnAgency(principalOf(req), key.agencyId);
    const view = await this.reports.editNarrative(
      key,
      template,
      sectionId,
      body.text,
      commandContext(req),
      changeOptions(req, 'narrative'),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Post(`${PATH}/close`)
  @Roles('supervisor')
  @HttpCode(200)
  @ApiReportPath()
  @ApiOperation({
    summary: 'Close the year: freeze both templates with a manifest (offsets consumed, event counts, hashes)',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiIdempotencyKey()
  async close(
    @Param() params: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const view = await this.reports.close(ownKey(req, params), commandContext(req), changeOptions(req, 'close'));
    setVersionHeaders(res, view.version);
    return view;
  }

  @Post(`${PATH}/reopen`)
  @Roles('supervisor')
  @HttpCode(200)
  @ApiReportPath()
  @ApiOperation({ summary: 'Reopen a closed year, with the reason' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiIdempotencyKey()
  @ApiBody({ schema: zodOpenApi(reopenBody, { reason: '补录年末遗漏的两件申请' }) })
  async reopen(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(reopenBody)) body: z.output<typeof reopenBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const view = await this.reports.reopen(
      ownKey(req, params),
      body.reason,
      commandContext(req),
      changeOptions(req, 'reopen'),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Post(`${PATH}/publish`)
  @Roles('supervisor')
  @HttpCode(200)
  @ApiReportPath()
  @ApiOperation({ summary: 'Publish the closed report (deadline: 31 January; 31 March before 2019)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiIdempotencyKey()
  async publish(
    @Param() params: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AnnualReportView> {
    const view = await this.reports.publish(ownKey(req, params), commandContext(req), changeOptions(req, 'publish'));
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(`${PATH}/report`)
  @ApiReportPath()
  @ApiOperation({
    summary:
      'The report document and its tables: JSON (with the balancing and prose checks), CSV, Markdown, a print page, PDF, Word or Excel',
    description:
      'Frozen once the year is closed — figures and text (the manifest lists post-close adjustments and the document hash); ' +
      'live before, or when asOf is given. PDF needs chromium on the server (503 report.pdf-unavailable otherwise).',
  })
  @ApiZodQuery(reportQuery)
  async report(
    @Param() params: unknown,
    @Query() query: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    const key = readableKey(req, params);
    const q = parseWith(reportQuery, query);
    const report = await this.reports.report(key, q.template, q.asOf);
    if (q.format === 'json') return report;
    const renderable = { ...report, agencyName: agencyNameIn(key.agencyId, key.year) };
    return reportFile(renderable, q.format, res, `${key.agencyId}-${key.scope}-${key.year}-${q.template}`);
  }

  @Get(`${PATH}/adjustments`)
  @ApiReportPath()
  @ApiOperation({ summary: 'Post-close adjustments: events that arrived after the close, and the figures they change' })
  async adjustments(@Param() params: unknown, @Req() req: HttpRequest): Promise<PostCloseAdjustments> {
    const found = await this.reports.adjustments(readableKey(req, params));
    if (!found) {
      throw new DomainError('annual-report.not-closed', 'the year is not closed: it has no post-close adjustments', {
        kind: 'not-found',
      });
    }
    return found;
  }

  @Post(`${PATH}/reconciliations`)
  @HttpCode(200)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiReportPath()
  @ApiOperation({
    summary: 'Reconcile a hand-filed report (figures keyed by printed labels) with the derived one',
    description:
      'Tables are named by id (2008-2), title, or its first word (附表二); 正文 holds figures the body text states. ' +
      'Answers every discrepancy, the filing’s own identity violations, text contradicting tables, tables printed twice.',
  })
  @ApiBody({
    schema: zodOpenApi(filingBody, {
      template: 'national-2021',
      tables: [{ table: '二', figures: [{ label: '规章', column: '本年制发件数', value: 0 }] }],
    }),
  })
  reconcile(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(filingBody)) body: z.output<typeof filingBody>,
    @Req() req: HttpRequest,
  ) {
    return this.reports.reconcile(readableKey(req, params), body.template, { tables: body.tables });
  }

  @Get(`${PATH}/forecast`)
  @ApiReportPath()
  @ApiOperation({ summary: 'Year-end forecast per figure from the year to date, with the method stated' })
  @ApiZodQuery(forecastQuery)
  forecast(@Param() params: unknown, @Query() query: unknown, @Req() req: HttpRequest): Promise<Forecast> {
    const key = readableKey(req, params);
    const q = parseWith(forecastQuery, query);
    const asOf = minDate(q.asOf ?? legalDateOf(new Date().toISOString()), yearEnd(key.year));
    return this.reports.forecast(key, q.template, asOf);
  }

  @Get('trend')
  @Roles('clerk', 'supervisor', 'auditor', 'operations')
  @ApiOperation({
    summary:
      'Cases per month per area for a year (default: the latest year with cases, else this one) against the year-end forecast',
    description:
      'Disclosure requests by receipt date, publications by publication date, violations by discovery date, confirmed ' +
      'appeals against disclosure acts by filing date — each counted only up to `asOf` (default today, never past the ' +
      "year's end), beside the 2008 template's year-end forecast of the same figures. The monitoring page of the " +
      'operations service draws it.',
  })
  @ApiZodQuery(trendQuery)
  async trend(@Query() query: unknown, @Req() req: HttpRequest): Promise<MonthlyTrend> {
    const q = requireReadableScope(req, parseWith(trendQuery, query));
    const today = legalDateOf(new Date().toISOString());
    const year = q.year ?? (await this.reports.latestYear(q)) ?? yearOf(today);
    return this.reports.trend({ agencyId: q.agencyId, scope: q.scope, year }, minDate(q.asOf ?? today, yearEnd(year)));
  }
}
