// HTTP: violation cases (违法用地、采矿). Create with Idempotency-Key; every change takes If-Match and
// answers the new version as ETag. The kernel's route pieces parse, check the caller's agency (on
// the one load a command makes), run and answer; this file names the routes and their commands.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { type WithDateWarnings } from '#contracts/legal-time';
import {
  changeCaseToday,
  ChangeCaseRoute,
  eraseCaseTexts,
  EraseTextsRoute,
  listPage,
  listQueryOf,
  openCase,
  OpenCaseRoute,
  readCase,
} from '#event-sourcing/http';
import {
  ApiZodQuery,
  CaseIdPipe,
  parseWith,
  ZodValidationPipe,
  type HttpRequest,
  type Page,
  type ResponseLike,
} from '#http';
import {
  ViolationCasesService,
  type CaseCommandInput,
  type ViolationCaseView,
} from '../application/violation-cases.service.js';
import { type ViolationCaseCommand } from '../domain/violation-case.decider.js';
import {
  closeBody,
  coerciveBody,
  discoverBody,
  fileBody,
  listCasesFilter,
  penaltyBody,
  stopBody,
} from './violation-case.dtos.js';

const BASE = 'enforcement/violation-cases';

type Answer = Promise<WithDateWarnings<ViolationCaseView>>;

@ApiTags('violation cases')
@Controller(BASE)
export class ViolationCasesHttpController {
  constructor(@Inject(ViolationCasesService) private readonly cases: ViolationCasesService) {}

  @OpenCaseRoute(undefined, 'Record a discovered violation (发现违法用地、采矿行为): opens a case', {
    schema: discoverBody,
    example: { agencyId: 'zhuzhou-city', kind: 'land', source: 'patrol', discoveredOn: '2024-03-04', areaMu: 2.5 },
  })
  discover(
    @Body(new ZodValidationPipe(discoverBody)) body: z.output<typeof discoverBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return openCase(
      this.cases.cases,
      BASE,
      body.agencyId,
      (today): ViolationCaseCommand => ({ type: 'DiscoverViolation', ...body, today }),
      req,
      res,
      { hashed: body },
    );
  }

  @ChangeCaseRoute(':id/stop-on-site', 'Stopped on site (现场制止), before filing', {
    schema: stopBody,
    example: { stoppedOn: '2024-03-05' },
  })
  stop(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.change(id, { type: 'StopOnSite', ...parseWith(stopBody, body) }, req, res);
  }

  @ChangeCaseRoute(':id/filing', 'File the case for investigation (立案查处)', {
    schema: fileBody,
    example: { filedOn: '2024-03-11', caseNumber: '株国土资监〔2024〕12号' },
  })
  file(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.change(id, { type: 'FileCase', ...parseWith(fileBody, body) }, req, res);
  }

  @ChangeCaseRoute(
    ':id/penalty-decisions',
    'Record an administrative penalty decision (行政处罚决定) on a filed case',
    {
      schema: penaltyBody,
      example: {
        decidedOn: '2024-04-15',
        decisionNumber: '株国土资罚〔2024〕8号',
        penalties: ['fine', 'restore-land'],
        fineYuan: 50000,
      },
    },
  )
  penalty(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.change(id, { type: 'DecidePenalty', ...parseWith(penaltyBody, body) }, req, res);
  }

  @ChangeCaseRoute(':id/coercive-measures', 'Record a coercive measure or enforcement (行政强制) on a filed case', {
    schema: coerciveBody,
    example: { decidedOn: '2024-05-06', measure: 'sealing' },
  })
  coercive(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.change(id, { type: 'TakeCoerciveMeasure', ...parseWith(coerciveBody, body) }, req, res);
  }

  @ChangeCaseRoute(':id/closure', 'Close a filed case (结案)', {
    schema: closeBody,
    example: { closedOn: '2024-06-03' },
  })
  close(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.change(id, { type: 'CloseCase', ...parseWith(closeBody, body) }, req, res);
  }

  @EraseTextsRoute(
    ':id/texts',
    'Erase the free text typed into a violation case (case and decision numbers) (personal data by default); the case and its figures stay',
  )
  eraseTexts(@Param('id', CaseIdPipe) id: string, @Req() req: HttpRequest): Promise<ViolationCaseView> {
    return eraseCaseTexts(this.cases.cases, id, req);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A violation case at its current version' })
  get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ViolationCaseView> {
    return readCase(this.cases.cases, id, req, res);
  }

  @Get()
  @ApiOperation({ summary: 'List violation cases, newest discovery first, filtered and paged' })
  @ApiZodQuery(listQueryOf(listCasesFilter.query))
  list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<ViolationCaseView>> {
    return listPage(this.cases.cases, req, query, listCasesFilter, { discoveredOn: -1 });
  }

  /** A change of the case: its command made on the legal day, the decision numbers on file handed in. */
  private change(id: string, input: CaseCommandInput, req: HttpRequest, res: ResponseLike): Answer {
    return changeCaseToday(
      this.cases.cases,
      id,
      input.type,
      (today) => this.cases.changeCommand(id, input, today),
      req,
      res,
    );
  }
}
