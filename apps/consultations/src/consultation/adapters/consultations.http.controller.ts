// HTTP: record consultations (咨询) one by one, answer them, read and list them.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { actingFor, agencyWhere, principalOf, requireOwnAgency, requireReadable } from '#auth';
import {
  CaseIdPipe,
  changeOptions,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  type Page,
  requestHash,
  type ResponseLike,
  setVersionHeaders,
  toSkip,
  zodOpenApi,
  ZodValidationPipe,
  ApiZodQuery,
} from '#http';
import { dateRange } from '#contracts/legal-time';
import { ConsultationsService } from '../application/consultations.service.js';
import { type ConsultationView } from '../application/consultation.stream.js';
import { answerConsultationBody, listConsultationsQuery, receiveConsultationBody } from './consultation.dtos.js';

@ApiTags('consultations')
@Controller('consultations/consultations')
export class ConsultationsHttpController {
  constructor(@Inject(ConsultationsService) private readonly consultations: ConsultationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a consultation received through a channel (one contact, 人次)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first result',
  })
  @ApiBody({
    schema: zodOpenApi(receiveConsultationBody, {
      agencyId: 'zhuzhou-city',
      channel: 'phone',
      receivedOn: '2024-03-04',
      topic: 'land-registration',
    }),
  })
  @ApiResponse({ status: 201, description: 'recorded; ETag is the case version' })
  async receive(
    @Body(new ZodValidationPipe(receiveConsultationBody)) body: z.output<typeof receiveConsultationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ConsultationView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.consultations.receive(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    setVersionHeaders(res, view.version, `/consultations/consultations/${view.id}`);
    return view;
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the answer of a consultation' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key (and the same If-Match) returns the first result',
  })
  @ApiBody({ schema: zodOpenApi(answerConsultationBody, { answeredOn: '2024-03-05' }) })
  async answer(
    @Param('id', CaseIdPipe) id: string,
    @Body(new ZodValidationPipe(answerConsultationBody)) body: z.output<typeof answerConsultationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ConsultationView> {
    const view = await this.consultations.answer(id, body.answeredOn, commandContext(req), {
      ...changeOptions(req, 'answer'),
      mayActFor: actingFor(req),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A consultation at its current version' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ConsultationView> {
    const view = await this.consultations.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List consultations, newest receipt first, filtered and paged' })
  @ApiZodQuery(listConsultationsQuery)
  async list(
    @Query(new ZodValidationPipe(listConsultationsQuery)) q: z.output<typeof listConsultationsQuery>,
    @Req() req: HttpRequest,
  ): Promise<Page<ConsultationView>> {
    const receivedOn = dateRange(q.from, q.to);
    const where = {
      ...agencyWhere(req, q),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(receivedOn ? { receivedOn } : {}),
    };
    const { skip, limit } = toSkip(q);
    const found = await this.consultations.list(where, skip, limit);
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
