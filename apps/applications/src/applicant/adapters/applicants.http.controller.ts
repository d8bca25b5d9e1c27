// HTTP: read and erase an applicant's personal data. Erasure leaves every request and statistic
// as it was: they only ever held the pseudonymous reference.
import { Controller, Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { commandContext, parseWith } from '#http';
import { type HttpRequest } from '../../shared/adapters/http.js';
import { DisclosureRequestsService } from '../../disclosure-request/application/disclosure-requests.service.js';
import { requestIdParam } from '../../disclosure-request/adapters/disclosure-request.dtos.js';
import { ApplicantsService, type ApplicantRecord } from '../application/applicants.service.js';

const applicantRefParam = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be an applicant reference');

@ApiTags('applicants (personal data)')
@Controller()
export class ApplicantsHttpController {
  constructor(
    @Inject(ApplicantsService) private readonly applicants: ApplicantsService,
    @Inject(DisclosureRequestsService) private readonly requests: DisclosureRequestsService,
  ) {}

  @Get('applications/applicants/:ref')
  @ApiOperation({ summary: "An applicant's personal data, or the record that it was erased" })
  @ApiParam({ name: 'ref' })
  get(@Param('ref') ref: string): Promise<ApplicantRecord> {
    return this.applicants.get(parseWith(applicantRefParam, ref, 'ref'));
  }

  @Get('applications/disclosure-requests/:id/applicant')
  @ApiOperation({ summary: 'The personal data of the applicant of a request' })
  @ApiParam({ name: 'id' })
  async ofRequest(@Param('id') id: string): Promise<ApplicantRecord> {
    const request = await this.requests.get(parseWith(requestIdParam, id, 'id'));
    return this.applicants.get(request.applicantRef);
  }

  @Delete('applications/applicants/:ref/personal-data')
  @HttpCode(200)
  @ApiOperation({ summary: "Erase an applicant's personal data (requests and statistics are unaffected)" })
  @ApiParam({ name: 'ref' })
  erase(@Param('ref') ref: string, @Req() req: HttpRequest): Promise<ApplicantRecord> {
    const ctx = commandContext(req);
    return this.applicants.erase(parseWith(applicantRefParam, ref, 'ref'), ctx.actor, ctx.now);
  }
}
