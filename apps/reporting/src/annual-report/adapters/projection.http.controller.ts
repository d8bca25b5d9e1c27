// HTTP: the statistics projection for operations.
//   GET  /reporting/projection               the live generation, and a rebuild's progress
//   GET  /reporting/projection/lag[?fresh=true]  per source topic: events and cases not yet reflected
//   POST /reporting/projection/rebuilds      rebuild from offset 0 into a new generation
//   POST /reporting/projection/rebuilds/switch   switch to it once caught up and equal
// Who: the status and lag — the readers of reports and operations; rebuild and switch — operations.
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencies } from '#contracts';
import { Roles } from '#auth';
import { ApiZodQuery, parseWith, ZodValidationPipe, zodOpenApi } from '#http';
import { StatisticsProjection } from '../application/statistics-projection.js';
import { legalDateOf, yearOf } from '#contracts/legal-time';
import { type CaseFact } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { TEMPLATES } from '../domain/vocabulary.js';
import { switchBody } from './http-schemas.js';

export interface ReportHashComparison {
  readonly agencyId: string;
  readonly scope: 'agency' | 'rollup';
  readonly year: number;
  readonly template: string;
  readonly live: string;
  readonly rebuilt: string;
}

/** Every agency of the registry on its own and every roll-up (an agency with bureaus below it), both templates, for each year. */
export function compareReportHashes(
  years: readonly number[],
  live: readonly CaseFact[],
  rebuilt: readonly CaseFact[],
): ReportHashComparison[] {
  const registry = agencies();
  const subjects = [
    ...registry.ids().map((agencyId) => ({ agencyId, scope: 'agency' as const, agencyIds: [agencyId] })),
    ...registry
      .ids()
      .map((agencyId) => ({ agencyId, scope: 'rollup' as const, agencyIds: registry.descendants(agencyId) }))
      .filter((s) => s.agencyIds.length > 1),
  ];
  return years.flatMap((year) =>
    subjects.flatMap((s) =>
      TEMPLATES.map((template) => {
        const hash = (facts: readonly CaseFact[]) =>
          deriveReport({ template, agencyId: s.agencyId, scope: s.scope, year, agencyIds: s.agencyIds, facts })
            .contentHash;
        return { agencyId: s.agencyId, scope: s.scope, year, template, live: hash(live), rebuilt: hash(rebuilt) };
      }),
    ),
  );
}

const lagQuery = z.strictObject({ fresh: z.enum(['true', 'false']).optional() });

@ApiTags('projection')
@Controller('reporting/projection')
export class ProjectionHttpController {
  constructor(@Inject(StatisticsProjection) private readonly projection: StatisticsProjection) {}

  @Get()
  @Roles('clerk', 'supervisor', 'auditor', 'operations')
  @ApiOperation({ summary: 'The live generation of the statistics projection, and a rebuild in progress' })
  status() {
    return this.projection.rebuildStatus();
  }

  @Get('lag')
  @Roles('clerk', 'supervisor', 'auditor', 'operations')
  @ApiOperation({
    summary: 'Per source topic: events and cases not yet reflected in the figures, and dead letters',
    description:
      'The answer is shared for a second between callers; `fresh=true` measures anew (the operations service’s ' +
      'caught-up check takes two samples and must not read the first one twice).',
  })
  @ApiZodQuery(lagQuery)
  lag(@Query() query: unknown) {
    return this.projection.lag({ fresh: parseWith(lagQuery, query).fresh === 'true' });
  }

  @Post('rebuilds')
  @Roles('operations')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild the projection from offset 0 into a new generation, beside the live one' })
  rebuild() {
    return this.projection.startRebuild(new Date());
  }

  @Post('rebuilds/switch')
  @Roles('operations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Switch to the rebuilt generation once it has caught up and its facts and report hashes equal the live ones',
  })
  @ApiBody({ schema: zodOpenApi(switchBody, { years: [2024], timeoutMs: 30000 }), required: false })
  async switchOver(@Body(new ZodValidationPipe(switchBody.optional())) body: z.output<typeof switchBody> | undefined) {
    const thisYear = yearOf(legalDateOf(new Date().toISOString()));
    const years = body?.years ?? [thisYear - 1, thisYear];
    let reports: ReportHashComparison[] = [];
    const result = await this.projection.switchToRebuilt({
      ...(body?.timeoutMs !== undefined ? { timeoutMs: body.timeoutMs } : {}),
      verify: (live, rebuilt) => {
        reports = compareReportHashes(years, live, rebuilt);
        return reports
          .filter((r) => r.live !== r.rebuilt)
          .map((r) => `${r.agencyId}/${r.scope}/${r.year}/${r.template}: ${r.live} ≠ ${r.rebuilt}`);
      },
    });
    return { ...result, reports };
  }
}
