// HTTP: the published annual report, for anyone (issue 17.4). A report once published is public
// information by law (2019 条例第四十九条), so it is read without a token, at one address per agency
// and year that stays the same for as long as the report is published:
//   GET /reporting/published/{agencyId}/{year}?template=2008|national-2021&format=html|json|csv|md|pdf|docx|xlsx
// It answers the figures frozen by the close that was published (the agency's roll-up if it has
// bureaus below it, else its own report), 404 naming the agency and year when none has been
// published. Drafts — live figures, closed but unpublished years — stay behind the roles of
// /reporting/annual-reports/… (annual-reports.http.controller.ts).
import { Controller, Get, Inject, Param, Query, Res, type StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyNameIn } from '#contracts';
import { Public } from '#auth';
import { DomainError } from '#event-sourcing';
import { ApiZodQuery, parseWith } from '#http';
import { AnnualReportsService, type PublishedReport } from '../application/annual-reports.service.js';
import { TEMPLATES } from '../domain/vocabulary.js';
import { reportPath, requireKnownAgency, type ResponseLike } from './http-schemas.js';
import { REPORT_FORMATS, reportFile } from './report-formats.js';

const publishedPath = reportPath.omit({ scope: true });
const publishedQuery = z.strictObject({
  template: z.enum(TEMPLATES).default('national-2021'),
  // A page to read by default: the address is the one people open in a browser.
  format: z.enum(REPORT_FORMATS).default('html'),
});

@ApiTags('annual reports')
@Controller('reporting')
export class PublishedReportsHttpController {
  constructor(@Inject(AnnualReportsService) private readonly reports: AnnualReportsService) {}

  @Get('published/:agencyId/:year')
  @Public()
  @ApiParam({
    name: 'agencyId',
    description: 'an agency of the registry (GET /reporting/agencies)',
    example: 'zhuzhou-city',
  })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiZodQuery(publishedQuery)
  @ApiOperation({
    summary:
      'The published annual report of an agency-year, for anyone (no token): a page, JSON, CSV, Markdown, PDF, Word or Excel',
    description:
      'The figures frozen by the published close; 404 until a report of the agency and year is published. ' +
      'A report reopened for correction stays readable as published until the corrected one is published.',
  })
  async published(
    @Param() params: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PublishedReport | string | StreamableFile> {
    const { agencyId, year } = parseWith(publishedPath, params);
    requireKnownAgency(agencyId);
    const q = parseWith(publishedQuery, query);
    const report = await this.reports.published(agencyId, year, q.template);
    if (!report) {
      throw new DomainError(
        'annual-report.not-published',
        `no annual report of ${agencyId} for ${year} has been published`,
        { kind: 'not-found' },
      );
    }
    if (q.format === 'json') return report;
    const renderable = {
      ...report,
      agencyName: agencyNameIn(agencyId, year),
      publishedOn: report.published.publishedOn,
    };
    return reportFile(renderable, q.format, res, `${agencyId}-${report.scope}-${year}-${q.template}`);
  }
}
