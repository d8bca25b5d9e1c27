// HTTP: the operations API and the monitoring page, served by the operations service (issues 8, 14.4).
//   GET  /operations                                the monitoring page (HTML; its script and style are files)
//   GET  /operations/assets/<file>                  monitoring.js, monitoring.css
//   GET  …/api/pipeline                             readiness and outbox/consumer figures per service
//   GET  …/api/lag                                  the statistics projection's lag per source topic (from reporting)
//   GET  …/api/caught-up                            whether everything recorded so far is in the reports
//   GET  …/api/dead-letters                         dead letters not yet replayed or discarded, per topic
//   GET  …/api/dead-letters/{topic}/{partition}/{offset}            one letter: headers, error, payload (redacted), handled
//   POST …/api/dead-letters/{topic}/{partition}/{offset}/replay     { reason } → to the failing group's retry topic
//   POST …/api/dead-letters/{topic}/{partition}/{offset}/discard    { reason }
//   GET  …/api/dead-letters/{topic}/actions         who replayed or discarded what, and why
//   GET  …/api/deadlines?asOf=&dueSoonWorkingDays=  overdue and due-soon requests and appeals per agency
//   GET  …/api/trend?agencyId=&scope=&year=&asOf=   cases per month per area against the forecast (from reporting)
// Everything under …/api is for the role `operations`. What other services own is read from their
// APIs with the caller's own token (the deadlines from applications and appeals, the projection's lag
// and the trend from reporting), so the page shows only what the caller may read there.
import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { type IncomingMessage } from 'node:http';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { principalOf, Public, readableAgencies, Roles } from '#auth';
import { DomainError } from '#event-sourcing';
import { ApiZodQuery, commandContext, parseWith, ZodValidationPipe, zodOpenApi } from '#http';
import { legalDateOf } from '#contracts/legal-time';
import { OperationsService, ServiceCallError } from '../application/operations.service.js';
import { CATCH_UP_INTERVAL_MS } from '../domain/caught-up.js';
import { collectDeadlines } from './deadlines.js';
import { knownPageFile, pageFile, PAGE_CONTENT_SECURITY_POLICY } from './page-files.js';
import { PAGE_LANGUAGES, pageLanguage, withPageLanguage } from '../domain/page-language.js';

const isoDate = z.iso.date();
const letterPath = z.strictObject({
  topic: z.string().regex(/^[a-z0-9._-]{1,249}$/, 'a topic name'),
  partition: z.coerce.number().int().min(0).max(100_000),
  offset: z.string().regex(/^\d{1,20}$/, 'a decimal offset'),
});
/** The page's language switch: `?lang=zh-CN|en` (anything else a 400 naming `lang`). */
const pageLanguageQuery = z.strictObject({ lang: z.enum(PAGE_LANGUAGES).optional() });
const reasonBody = z.strictObject({ reason: z.string().trim().min(5).max(2000) });
const deadlinesQuery = z.strictObject({
  asOf: isoDate.optional(),
  dueSoonWorkingDays: z.coerce.number().int().min(0).max(40).default(5),
});
/** Passed on to GET /reporting/trend, which fills the defaults (the top agency's roll-up, the latest year with cases). */
const trendQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  scope: z.enum(['agency', 'rollup']).optional(),
  year: z.coerce.number().int().min(2000).max(2999).optional(),
  asOf: isoDate.optional(),
});

/** A dead letter is named by its source topic, partition and offset (the letter's place on `<topic>.dlq`). */
const TOPIC_PARAM = { name: 'topic', description: 'the source topic', example: 'applications.events' };
const ApiLetterPath = (): MethodDecorator =>
  applyDecorators(
    ApiParam(TOPIC_PARAM),
    ApiParam({ name: 'partition', example: 0 }),
    ApiParam({ name: 'offset', example: '0' }),
  );

/** The request as the handlers read it: its socket (own origin), headers and the principal the guard set. */
type SocketRequest = IncomingMessage & { header(name: string): string | undefined };

/** What a page file's handler sets on the response. */
interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

/**
 * Another service's answer to a call made for the caller: its 4xx as it came (the caller's own
 * refusal, with its rule), anything else a 502 naming the service's failure.
 */
async function relayed<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof ServiceCallError && err.status >= 400 && err.status < 500) {
      throw new HttpException(err.body ?? { statusCode: err.status, message: err.message }, err.status);
    }
    throw new HttpException(
      { statusCode: 502, error: 'Bad Gateway', message: (err as Error).message, rule: 'operations.upstream' },
      502,
    );
  }
}

/** This process's own address, from the socket the request came in on (never the Host header). */
function ownOrigin(req: SocketRequest): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

@ApiTags('operations')
@Controller('operations')
export class OperationsHttpController {
  constructor(@Inject(OperationsService) private readonly ops: OperationsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The monitoring page (paste an operations token; it is kept in sessionStorage)',
    description:
      'In Chinese (zh-CN) by default; in English with `?lang=en` (the page’s switch keeps the choice in the URL) or ' +
      'when Accept-Language prefers English to Chinese. The page’s own `year`, `asOf` and `refresh` parameters are ' +
      'read by its script.',
  })
  @ApiZodQuery(pageLanguageQuery)
  async page(
    @Query('lang') lang: unknown,
    @Req() req: SocketRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<string> {
    const asked = parseWith(pageLanguageQuery, { lang }).lang;
    const html = await this.asset('monitoring.html', res);
    const language = pageLanguage({ lang: asked, acceptLanguage: req.header('accept-language') });
    res.setHeader('Content-Language', language);
    // The answer depends on Accept-Language: a cache must not hand one reader's language to another.
    res.setHeader('Vary', 'Accept-Language');
    return withPageLanguage(html, language);
  }

  @Get('assets/:file')
  @Public()
  @ApiOperation({ summary: "The monitoring page's script and style" })
  async asset(@Param('file') file: string, @Res({ passthrough: true }) res: ResponseLike): Promise<string> {
    const known = knownPageFile(file);
    // The documented 404: an error body naming the rule, like every other route's.
    if (!known)
      throw new DomainError('page.unknown-file', `the monitoring page has no file ${file}`, { kind: 'not-found' });
    res.setHeader('Content-Type', known.contentType);
    res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
    return readFile(pageFile(file), 'utf8');
  }

  @Get('api/pipeline')
  @Roles('operations')
  @ApiOperation({ summary: "Every service's readiness, outbox backlog and oldest age, consumer lag, dead letters" })
  pipeline(@Req() req: SocketRequest) {
    return this.ops.pipeline(ownOrigin(req), req.header('authorization'));
  }

  @Get('api/lag')
  @Roles('operations')
  @ApiOperation({ summary: "The statistics projection's lag per source topic" })
  lag(@Req() req: SocketRequest) {
    return relayed(this.ops.lag(ownOrigin(req), req.header('authorization')));
  }

  @Get('api/caught-up')
  @Roles('operations')
  @ApiOperation({
    summary: 'Whether everything recorded so far is reflected in the reports',
    description:
      'Reads every service’s metrics (with the caller’s token) and the projection’s lag: no commit left in an outbox, ' +
      'no message a consumer group has not committed, no event the statistics projection has not applied — in two ' +
      `samples ${CATCH_UP_INTERVAL_MS} ms apart (a consumer may append and so refill an outbox just read as empty), ` +
      'with every service answering. One sample with something in flight answers false at once. `inFlight` is the ' +
      'most seen at each place during the check; `problems` names what could not be read. Poll it after writing ' +
      'until `caughtUp` is true before reading a report that must include the writes.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['caughtUp', 'checkedAt', 'samples', 'inFlight', 'problems'],
      properties: {
        caughtUp: { type: 'boolean' },
        checkedAt: { type: 'string', format: 'date-time' },
        samples: {
          type: 'integer',
          description: 'samples taken (1 when the first already showed something in flight)',
        },
        inFlight: {
          type: 'object',
          properties: {
            outboxes: { type: 'object', additionalProperties: { type: 'number' }, description: 'per service' },
            consumers: {
              type: 'object',
              additionalProperties: { type: 'number' },
              description: 'per `consumer group/topic`',
            },
            projection: { type: 'object', additionalProperties: { type: 'number' }, description: 'per source topic' },
          },
        },
        problems: { type: 'array', items: { type: 'string' } },
      },
      example: {
        caughtUp: false,
        checkedAt: '2026-03-02T08:15:30.120Z',
        samples: 1,
        inFlight: {
          outboxes: { applications: 2, publications: 0, enforcement: 0, appeals: 0, consultations: 0, reporting: 0 },
          consumers: {
            'appeals.acts/applications.events': 1,
            'reporting.statistics.g1/applications.events': 3,
            'reporting.statistics.g1/appeals.events': 0,
          },
          projection: { 'applications.events': 3, 'appeals.events': 0 },
        },
        problems: [],
      },
    },
  })
  caughtUp(@Req() req: SocketRequest) {
    return this.ops.caughtUp(ownOrigin(req), req.header('authorization'));
  }

  @Get('api/dead-letters')
  @Roles('operations')
  @ApiOperation({ summary: 'Dead letters of every source topic not yet replayed or discarded' })
  deadLetters() {
    return this.ops.deadLetters();
  }

  @Get('api/dead-letters/:topic/actions')
  @Roles('operations')
  @ApiOperation({ summary: 'Who replayed or discarded which dead letter of a topic, when and why' })
  @ApiParam(TOPIC_PARAM)
  actions(@Param('topic') topic: string) {
    return this.ops.actions(parseWith(letterPath.shape.topic, topic, 'topic'));
  }

  @Get('api/dead-letters/:topic/:partition/:offset')
  @Roles('operations')
  @ApiOperation({ summary: 'One dead letter: headers, error, payload (personal data redacted)' })
  @ApiLetterPath()
  deadLetter(@Param() params: unknown) {
    const p = parseWith(letterPath, params);
    return this.ops.deadLetter(p.topic, p.partition, p.offset);
  }

  @Post('api/dead-letters/:topic/:partition/:offset/replay')
  @HttpCode(200)
  @Roles('operations')
  @ApiOperation({ summary: 'Send a dead letter back to its original topic, recording who and why' })
  @ApiLetterPath()
  @ApiBody({ schema: zodOpenApi(reasonBody, { reason: '上游已修复该事件的格式，重新投递' }) })
  replay(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(reasonBody)) body: z.output<typeof reasonBody>,
    @Req() req: SocketRequest,
  ) {
    return this.ops.act('replay', parseWith(letterPath, params), body.reason, commandContext(req));
  }

  @Post('api/dead-letters/:topic/:partition/:offset/discard')
  @HttpCode(200)
  @Roles('operations')
  @ApiOperation({ summary: 'Discard a dead letter (no longer listed), recording who and why' })
  @ApiLetterPath()
  @ApiBody({ schema: zodOpenApi(reasonBody, { reason: '上游已修复该事件的格式，重新投递' }) })
  discard(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(reasonBody)) body: z.output<typeof reasonBody>,
    @Req() req: SocketRequest,
  ) {
    return this.ops.act('discard', parseWith(letterPath, params), body.reason, commandContext(req));
  }

  @Get('api/deadlines')
  @Roles('operations')
  @ApiOperation({
    summary: 'Overdue and due-soon disclosure requests and pending appeals per agency',
    description:
      'Read from the applications and appeals services with the caller’s token: a token with operations and a reading ' +
      'role (auditor) of the city sees every agency; without a reading role each agency shows the refusal.',
  })
  @ApiZodQuery(deadlinesQuery)
  deadlines(@Query() query: unknown, @Req() req: SocketRequest) {
    const q = parseWith(deadlinesQuery, query);
    const asOf = q.asOf ?? legalDateOf(new Date().toISOString());
    return collectDeadlines({
      agencyIds: readableAgencies(principalOf(req)),
      asOf,
      dueSoonWorkingDays: q.dueSoonWorkingDays,
      applicationsUrl: this.ops.baseUrlOf('applications', ownOrigin(req)),
      appealsUrl: this.ops.baseUrlOf('appeals', ownOrigin(req)),
      authorization: req.header('authorization'),
      workbenchUrl: this.ops.workbenchUrl,
    });
  }

  @Get('api/trend')
  @Roles('operations')
  @ApiOperation({
    summary:
      'Cases per month per area for a year (default: the latest year with cases, else this one) against the year-end forecast',
    description: 'Read from reporting (GET /reporting/trend) with the caller’s token.',
  })
  @ApiZodQuery(trendQuery)
  trend(@Query() query: unknown, @Req() req: SocketRequest) {
    const q = parseWith(trendQuery, query);
    const forwarded = new URLSearchParams();
    for (const [name, value] of Object.entries(q)) if (value !== undefined) forwarded.set(name, String(value));
    return relayed(this.ops.trend(ownOrigin(req), forwarded, req.header('authorization')));
  }
}
