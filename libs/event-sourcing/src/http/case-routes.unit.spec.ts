// The route pieces of #event-sourcing/http without booting Nest: a declared command on a case
// (`ChangeRoutes` / `changeRoute`) is a route of the hand-written controller under its own name —
// what Nest routes and Swagger documents by (operation id, path parameters) — and its handler takes
// the command protocol from the request (If-Match, Idempotency-Key, the request hash naming the
// route, the agency check handed to the command's own load) before the kind's use case runs it;
// a create (`createCase`) answers its Location.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { ROLES_KEY } from '#auth';
import { CITY_AGENCY_ID } from '#contracts';
import { legalToday } from '#contracts/legal-time';
import { requestHash, type HttpRequest, type ResponseLike } from '#http';
import { type CommandContext, type CommandOptions } from '../command-handler.js';
import { ChangeRoutes, changeRoute, createCase, type CaseChanges } from './case-routes.js';

const CASE_ID = '0190f5c2-7b1e-7cc0-8b41-000000000001';
type Command = { type: 'Answer'; answeredOn: string; today: string };

interface Ran {
  readonly id: string;
  readonly command: Command;
  readonly ctx: CommandContext;
  readonly options: CommandOptions;
}

const changes: CaseChanges<Command> = {
  ifMatch: 'the version the change is based on',
  routes: [
    changeRoute({
      method: 'answer',
      path: ':id/answer',
      op: 'answer',
      roles: ['supervisor'],
      summary: 'Answer a case',
      body: z.strictObject({ answeredOn: z.iso.date() }),
      example: { answeredOn: '2024-03-05' },
      command: ({ answeredOn }, today): Command => ({ type: 'Answer', answeredOn, today }),
    }),
  ],
};

/** A hand-written controller whose use case records what it was asked to run. */
@ChangeRoutes(changes, (controller: SampleController) => (id, command, ctx, options) => {
  controller.ran.push({ id, command, ctx, options });
  return Promise.resolve({ id, version: 4 });
})
class SampleController {
  readonly ran: Ran[] = [];
}

type Handler = (id: string, req: HttpRequest, res: ResponseLike) => Promise<{ id: string; version: number }>;
const answerHandler = (SampleController.prototype as unknown as { answer: Handler }).answer;

/** A request of a clerk of the city, with these headers and body. */
function request(headers: Readonly<Record<string, string>>, body: unknown): HttpRequest {
  const principal = { sub: 'clerk-7', roles: ['supervisor'], agencyId: CITY_AGENCY_ID, authenticated: true };
  return { header: (name: string) => headers[name.toLowerCase()], body, principal } as unknown as HttpRequest;
}

function response(): ResponseLike & { headers: Map<string, string> } {
  const headers = new Map<string, string>();
  return { headers, setHeader: (name: string, value: string) => headers.set(name, value), status: () => undefined };
}

describe('a declared command on a case (ChangeRoutes)', () => {
  it('is a POST route of the controller under its declared name, answering 200, for the declared roles', () => {
    assert.equal(answerHandler.name, 'answer', 'Swagger names the operation and finds its parameters by it');
    assert.equal(Reflect.getMetadata(PATH_METADATA, answerHandler), ':id/answer');
    assert.equal(Reflect.getMetadata(METHOD_METADATA, answerHandler), RequestMethod.POST);
    assert.equal(Reflect.getMetadata(HTTP_CODE_METADATA, answerHandler), HttpStatus.OK);
    assert.deepEqual(Reflect.getMetadata(ROLES_KEY, answerHandler), ['supervisor']);
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, SampleController, 'answer') as Record<string, unknown>;
    assert.equal(Object.keys(args).length, 3, 'the path id, the request and the response');
  });

  it('runs the body’s command with If-Match, Idempotency-Key, the route’s hash and the agency check', async () => {
    const controller = new SampleController();
    const body = { answeredOn: '2024-03-05' };
    const res = response();
    const req = request({ 'if-match': '"3"', 'idempotency-key': 'answer-1' }, body);
    const answer = await answerHandler.call(controller, CASE_ID, req, res);

    assert.deepEqual(answer, { id: CASE_ID, version: 4 });
    assert.equal(res.headers.get('ETag'), '"4"');
    assert.equal(res.headers.has('Location'), false, 'a change has no new URL');
    const [ran] = controller.ran;
    assert.ok(ran && controller.ran.length === 1);
    assert.equal(ran.id, CASE_ID);
    assert.deepEqual(ran.command, { type: 'Answer', answeredOn: '2024-03-05', today: legalToday(ran.ctx.now) });
    assert.equal(ran.ctx.actor, 'clerk-7');
    assert.equal(ran.options.expectedVersion, 3);
    assert.equal(ran.options.idempotencyKey, 'answer-1');
    assert.equal(ran.options.requestHash, requestHash({ op: 'answer', body }));
    // The agency check runs on the command's own load of the case: the caller's agency passes, another is refused.
    const mayActFor = ran.options.mayActFor;
    assert.ok(mayActFor);
    mayActFor(CITY_AGENCY_ID);
    assert.throws(
      () => mayActFor('you-county'),
      (err: unknown) => (err as { getStatus(): number }).getStatus() === 403,
    );
  });

  it('refuses a malformed id or body with a 400 naming the field, and runs nothing', async () => {
    const controller = new SampleController();
    const refusedNaming = (field: string) => (err: unknown) => {
      const refusal = err as { getStatus(): number; violations: readonly { field: string }[] };
      assert.equal(refusal.getStatus(), 400);
      assert.deepEqual(
        refusal.violations.map((v) => v.field),
        [field],
      );
      return true;
    };
    const body = { answeredOn: '2024-03-05' };
    await assert.rejects(
      answerHandler.call(controller, 'not-an-id', request({}, body), response()),
      refusedNaming('id'),
    );
    const badBody = { answeredOn: 'tomorrow' };
    await assert.rejects(
      answerHandler.call(controller, CASE_ID, request({}, badBody), response()),
      refusedNaming('answeredOn'),
    );
    assert.equal(controller.ran.length, 0);
  });
});

describe('a create (createCase)', () => {
  it('passes the Idempotency-Key and the hash of what may be kept, and answers ETag and Location', async () => {
    const res = response();
    const kept = { op: 'receive', agencyId: CITY_AGENCY_ID };
    let options: CommandOptions | undefined;
    const view = await createCase(
      request({ 'idempotency-key': 'receive-1' }, {}),
      res,
      kept,
      'sample/cases',
      (_ctx, o) => {
        options = o;
        return Promise.resolve({ id: CASE_ID, version: 1 });
      },
    );
    assert.deepEqual(view, { id: CASE_ID, version: 1 });
    assert.deepEqual(options, { idempotencyKey: 'receive-1', requestHash: requestHash(kept) });
    assert.equal(res.headers.get('ETag'), '"1"');
    assert.equal(res.headers.get('Location'), `/sample/cases/${CASE_ID}`);
  });
});
