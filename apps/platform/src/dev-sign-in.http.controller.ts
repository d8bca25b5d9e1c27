// The development sign-in of the embedded platform (issue 18.1/18.3): the workbench offers the
// scenario agency's clerk and supervisor, and this mints the very tokens `npm start` prints for them.
// Only the embedded platform — a development tool on loopback, with a secret made for the process —
// registers it; no service of the real stack has it (there a token comes from the bureau's issuer).
//   GET  /platform/dev-sign-in           who one may sign in as
//   POST /platform/dev-sign-in { role }  a token for that user (1 h)
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LocalIssuer, Public } from '#auth';
import { agencyNameIn } from '#contracts';
import { ZodValidationPipe, zodOpenApi } from '#http';
import { servingTokenRequests } from './serving-tokens.js';

/** Who the development sign-in serves: the issuer of this process and the agency whose users it offers. */
export interface DevSignIn {
  readonly issuer: LocalIssuer;
  readonly agencyId: string;
}
export const DEV_SIGN_IN = Symbol('DEV_SIGN_IN');

/** The roles a workbench user signs in as: a clerk records, a supervisor also approves and publishes. */
export const DEV_SIGN_IN_ROLES = ['clerk', 'supervisor'] as const;
const signInBody = z.strictObject({ role: z.enum(DEV_SIGN_IN_ROLES) });

/** The users offered: those of `npm start`'s banner holding one of the roles (same sub, roles, agency). */
export function devSignInUsers(agencyId: string) {
  return DEV_SIGN_IN_ROLES.map((role) => {
    const found = servingTokenRequests(agencyId).find(
      (t) => t.request.roles.length === 1 && t.request.roles[0] === role,
    );
    if (!found) throw new Error(`npm start prints no token for a ${role}`);
    return { role, who: found.who, request: found.request };
  });
}

@ApiTags('platform (embedded mode only)')
@Controller('platform/dev-sign-in')
export class DevSignInHttpController {
  constructor(@Inject(DEV_SIGN_IN) private readonly signIn: DevSignIn) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Embedded mode only: the users of the development sign-in (a clerk and a supervisor)' })
  users() {
    const { agencyId } = this.signIn;
    return {
      agencyId,
      agencyName: agencyNameIn(agencyId, new Date().getUTCFullYear()),
      users: devSignInUsers(agencyId).map(({ role, who, request }) => ({ role, who, sub: request.sub })),
    };
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Embedded mode only: a token (1 h) for the clerk or the supervisor, as npm start prints' })
  @ApiBody({ schema: zodOpenApi(signInBody, { role: 'clerk' }) })
  mint(@Body(new ZodValidationPipe(signInBody)) body: z.output<typeof signInBody>) {
    const user = devSignInUsers(this.signIn.agencyId).find((u) => u.role === body.role);
    if (!user) throw new Error(`no ${body.role} to sign in as`);
    return {
      token: this.signIn.issuer.mint(user.request),
      sub: user.request.sub,
      roles: user.request.roles,
      agencyId: user.request.agencyId,
    };
  }
}
