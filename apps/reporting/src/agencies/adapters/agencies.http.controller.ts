// The agency registry over HTTP (ADR 0014): anyone signed in lists it; an administrator, or a
// supervisor of the agency's parent (the city bureau for its county bureaus), registers, renames, ends
// or removes an agency. Every change is an event on reporting's stream `agency-registry`.
import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AGENCY_LEVELS, agencyIdSchema } from '#contracts';
import { type Principal, principalOf, ROLES, Roles } from '#auth';
import { commandContext, parseWith, ZodValidationPipe, zodOpenApi } from '#http';
import { type HttpRequest } from '../../annual-report/index.js';
import { AgenciesService } from '../application/agencies.service.js';

const officialName = z.string().trim().min(1).max(100);
const registerBody = z.strictObject({
  id: agencyIdSchema,
  name: officialName,
  parentId: agencyIdSchema.optional(),
  level: z.enum(AGENCY_LEVELS).optional(),
  validFrom: z.iso.date().optional(),
});
const renameBody = z.strictObject({ name: officialName, from: z.iso.date() });
const endBody = z.strictObject({ validTo: z.iso.date() });
const agencyPath = z.strictObject({ agencyId: agencyIdSchema });

/**
 * Keeping the registry is an administrator's work, or that of a supervisor of the agency's parent: a
 * city bureau registers and ends its own county bureaus; nobody but an administrator changes the top.
 */
function requireKeeper(p: Principal, parentId: string | undefined, what: string): void {
  if (!p.authenticated || p.roles.includes('administrator')) return;
  if (parentId !== undefined && p.roles.includes('supervisor') && p.agencyId === parentId) return;
  throw new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    message:
      parentId === undefined
        ? `${p.sub} may not ${what}: only an administrator changes an agency at the top of the registry`
        : `${p.sub} of ${p.agencyId} may not ${what}: an administrator, or a supervisor of ${parentId}, may`,
    rule: 'auth.agency',
  });
}

@ApiTags('agencies')
@Controller('reporting/agencies')
export class AgenciesHttpController {
  constructor(@Inject(AgenciesService) private readonly agencies: AgenciesService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'The agencies cases belong to: id, official name and its history, level, parent, valid from/to',
  })
  list() {
    return { agencies: this.agencies.list() };
  }

  @Post()
  @HttpCode(201)
  @Roles('administrator', 'supervisor')
  @ApiOperation({ summary: 'Register an agency (an administrator, or a supervisor of its parent)' })
  @ApiBody({
    schema: zodOpenApi(registerBody, {
      id: 'example-district',
      name: '示例区国土资源局',
      parentId: 'zhuzhou-city',
      level: 'county',
      validFrom: '2024-01-01',
    }),
  })
  async register(
    @Body(new ZodValidationPipe(registerBody)) body: z.output<typeof registerBody>,
    @Req() req: HttpRequest,
  ) {
    requireKeeper(principalOf(req), body.parentId, `register ${body.id}`);
    const { id, level, ...rest } = body;
    // The level a file may leave out is written out in the event: city at the top, county below.
    const agency = { agencyId: id, level: level ?? (rest.parentId === undefined ? 'city' : 'county'), ...rest };
    return this.agencies.change({ type: 'RegisterAgency', agency }, commandContext(req));
  }

  @Post(':agencyId/names')
  @HttpCode(200)
  @Roles('administrator', 'supervisor')
  @ApiParam({ name: 'agencyId', example: 'example-district' })
  @ApiOperation({ summary: 'A new official name from a day on; the earlier names are kept for earlier years' })
  @ApiBody({ schema: zodOpenApi(renameBody, { name: '示例区自然资源和规划局', from: '2024-07-01' }) })
  async rename(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(renameBody)) body: z.output<typeof renameBody>,
    @Req() req: HttpRequest,
  ) {
    const { agencyId } = parseWith(agencyPath, params);
    requireKeeper(principalOf(req), this.agencies.parentOf(agencyId), `rename ${agencyId}`);
    return this.agencies.change({ type: 'RenameAgency', agencyId, ...body }, commandContext(req));
  }

  @Post(':agencyId/end')
  @HttpCode(200)
  @Roles('administrator', 'supervisor')
  @ApiParam({ name: 'agencyId', example: 'example-district' })
  @ApiOperation({ summary: 'End an agency (merged or abolished): validTo is its last day; its cases and reports stay' })
  @ApiBody({ schema: zodOpenApi(endBody, { validTo: '2024-12-31' }) })
  async end(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(endBody)) body: z.output<typeof endBody>,
    @Req() req: HttpRequest,
  ) {
    const { agencyId } = parseWith(agencyPath, params);
    requireKeeper(principalOf(req), this.agencies.parentOf(agencyId), `end ${agencyId}`);
    return this.agencies.change({ type: 'EndAgency', agencyId, validTo: body.validTo }, commandContext(req));
  }

  @Delete(':agencyId')
  @HttpCode(200)
  @Roles('administrator', 'supervisor')
  @ApiParam({ name: 'agencyId', example: 'example-district' })
  @ApiOperation({ summary: 'Remove an agency registered in error: 409 when it has cases (end it instead)' })
  async remove(@Param() params: unknown, @Req() req: HttpRequest) {
    const { agencyId } = parseWith(agencyPath, params);
    requireKeeper(principalOf(req), this.agencies.parentOf(agencyId), `remove ${agencyId}`);
    return this.agencies.change({ type: 'RemoveAgency', agencyId }, commandContext(req));
  }
}
