// HTTP: read and erase an applicant's personal data. Erasure leaves every request and statistic
// as it was: they only ever held the pseudonymous reference. Only the clerks and supervisors of the
// agency holding the applicant's request see the data, only its supervisors erase it; auditors and
// other agencies (the city's roll-up included) never do.
import { Controller, Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles, principalOf, requireOwnAgency, type Principal } from '#auth';
import { DomainError } from '#event-sourcing';
import { commandContext, type HttpRequest, parseWith } from '#http';
import { DisclosureRequestsService, requestIdParam } from '../../disclosure-request/index.js';
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
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: "An applicant's personal data, or the record that it was erased" })
  @ApiParam({ name: 'ref' })
  async get(@Param('ref') ref: string, @Req() req: HttpRequest): Promise<ApplicantRecord> {
    const applicantRef = parseWith(applicantRefParam, ref, 'ref');
    await this.requireOwnApplicant(principalOf(req), applicantRef);
    return this.applicants.get(applicantRef);
  }

  @Get('applications/disclosure-requests/:id/applicant')
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'The personal data of the applicant of a request' })
  @ApiParam({ name: 'id' })
  async ofRequest(@Param('id') id: string, @Req() req: HttpRequest): Promise<ApplicantRecord> {
    const request = await this.requests.get(parseWith(requestIdParam, id, 'id'));
    requireOwnAgency(principalOf(req), request.agencyId);
    return this.applicants.get(request.applicantRef);
  }

  @Delete('applications/applicants/:ref/personal-data')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Erase an applicant's personal data and the text typed into their requests (requests and statistics are unaffected)",
  })
  @ApiParam({ name: 'ref' })
  async erase(@Param('ref') ref: string, @Req() req: HttpRequest): Promise<ApplicantRecord> {
    const applicantRef = parseWith(applicantRefParam, ref, 'ref');
    await this.requireOwnApplicant(principalOf(req), applicantRef);
    const ctx = commandContext(req);
    // The texts first: should the second write fail, the applicant still reads as held and the
    // supervisor's retry erases both (erasing twice changes nothing).
    await this.requests.eraseTextsOfApplicant(applicantRef, ctx.actor, ctx.now);
    return this.applicants.erase(applicantRef, ctx.actor, ctx.now);
  }

  /** The caller's agency holds a request of this applicant; 404 when no request names them. */
  private async requireOwnApplicant(caller: Principal, applicantRef: string): Promise<void> {
    const agencies = await this.requests.agenciesOfApplicant(applicantRef);
    const holder = agencies.find((a) => a === caller.agencyId) ?? agencies[0];
    if (holder === undefined) {
      throw new DomainError('applicant.unknown', `no applicant ${applicantRef}`, { kind: 'not-found' });
    }
    requireOwnAgency(caller, holder);
  }
}
