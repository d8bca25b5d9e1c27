// The act-confirmation workflow's specification: the step each situation calls for, and whole runs
// of the workflow against the appeal decider (filing, the act arriving before or after the
// registration, another agency's act, a corrected reference, the overdue bound).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ActReference } from '#contracts/appeals';
import { fold } from '#event-sourcing';
import {
  nextActConfirmationStep,
  type ActConfirmationSituation,
  type ActConfirmationStep,
} from './act-confirmation.workflow.js';
import {
  appealDecider,
  type AppealCommand,
  type AppealEvent,
  type AppealState,
  type KnownAct,
} from './appeal.decider.js';

const act: ActReference = { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-000000000001' };
const otherAct: ActReference = { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-000000000002' };
const ours: KnownAct = { kind: 'disclosure-request', agencyId: 'zhuzhou-city' };
const BOUND = 86_400;

/** A world of one appeal: its events, its registration and the acts seen so far. */
class World {
  events: AppealEvent[] = [];
  waiting: ActConfirmationSituation['waiting'];
  readonly known = new Map<string, KnownAct>();
  readonly steps: ActConfirmationStep['type'][] = [];

  constructor(public now = '2009-05-20T02:00:00.000Z') {}

  get appeal(): AppealState {
    return fold(appealDecider, this.events);
  }

  command(command: AppealCommand): void {
    this.events.push(...appealDecider.decide(command, this.appeal));
  }

  file(reference: ActReference = act): void {
    this.command({
      type: 'FileReconsideration',
      agencyId: 'zhuzhou-city',
      act: reference,
      knownOn: '2009-05-04',
      filedOn: '2009-05-20',
      today: '2009-05-20',
      knownAct: this.known.get(reference.ref),
    });
  }

  situation(): ActConfirmationSituation {
    const appeal = this.appeal;
    const known = appeal.status === 'none' ? undefined : this.known.get(appeal.act.ref);
    return { appeal, waiting: this.waiting, known, now: this.now, boundSeconds: BOUND };
  }

  /** Runs the workflow as the process does: one step, a fresh look, until nothing is left. */
  settle(): void {
    for (let step = nextActConfirmationStep(this.situation()); step; step = nextActConfirmationStep(this.situation())) {
      this.steps.push(step.type);
      this.apply(step);
      assert.ok(this.steps.length < 10, `the workflow keeps stepping: ${this.steps.join(', ')}`);
    }
  }

  private apply(step: ActConfirmationStep): void {
    switch (step.type) {
      case 'AwaitAct':
        this.waiting = { act: step.act, since: step.since };
        return;
      case 'ConfirmAct':
        return this.command({ type: 'ConfirmAct', act: step.act, knownAct: step.knownAct });
      case 'FlagOverdue':
        return this.command({
          type: 'FlagActOverdue',
          pendingSince: step.pendingSince,
          boundSeconds: step.boundSeconds,
        });
      case 'StopWaiting':
        this.waiting = undefined;
        return;
    }
  }
}

const actStatus = (s: AppealState): string => (s.status === 'none' ? 'none' : s.actStatus);
const types = (w: World): string[] => w.events.map((e) => e.type);

describe('act confirmation: the step a situation calls for', () => {
  it('does nothing for an appeal that does not exist or is not pending, and stops waiting for it', () => {
    const w = new World();
    assert.equal(nextActConfirmationStep(w.situation()), undefined);
    w.known.set(act.ref, ours);
    w.file();
    assert.equal(actStatus(w.appeal), 'confirmed');
    assert.equal(nextActConfirmationStep(w.situation()), undefined);
    w.waiting = { act, since: w.now };
    assert.deepEqual(nextActConfirmationStep(w.situation()), { type: 'StopWaiting' });
  });

  it('registers a pending appeal before anything else, even when its act is already known', () => {
    const w = new World();
    w.file();
    w.known.set(act.ref, ours);
    assert.deepEqual(nextActConfirmationStep(w.situation()), { type: 'AwaitAct', act, since: w.now });
  });

  it('keeps an appeal waiting for an act known only under another kind, and flags it after the bound', () => {
    const w = new World();
    w.file();
    w.waiting = { act, since: '2009-05-19T02:00:00.000Z' };
    w.known.set(act.ref, { kind: 'enforcement-case', agencyId: 'zhuzhou-city' });
    assert.deepEqual(nextActConfirmationStep(w.situation()), {
      type: 'FlagOverdue',
      pendingSince: '2009-05-19T02:00:00.000Z',
      boundSeconds: BOUND,
    });
  });
});

describe('act confirmation: whole runs against the appeal decider', () => {
  it('an act seen after the filing: registered, then confirmed once and no longer waited for', () => {
    const w = new World();
    w.file();
    w.settle();
    assert.deepEqual(w.steps, ['AwaitAct']);
    assert.equal(actStatus(w.appeal), 'pending');
    w.known.set(act.ref, ours);
    w.settle();
    w.settle();
    assert.deepEqual(w.steps, ['AwaitAct', 'ConfirmAct', 'StopWaiting']);
    assert.deepEqual(types(w), ['ReconsiderationFiled', 'ActConfirmed']);
    assert.equal(w.waiting, undefined);
  });

  it('an act seen between the filing and the registration: found by the look right after registering', () => {
    const w = new World();
    w.file();
    w.known.set(act.ref, ours);
    w.settle();
    assert.deepEqual(w.steps, ['AwaitAct', 'ConfirmAct', 'StopWaiting']);
    assert.equal(actStatus(w.appeal), 'confirmed');
  });

  it('another agency’s act: disputed, not counted, and no longer waited for', () => {
    const w = new World();
    w.file();
    w.settle();
    w.known.set(act.ref, { kind: 'disclosure-request', agencyId: 'you-county' });
    w.settle();
    assert.deepEqual(types(w), ['ReconsiderationFiled', 'ActReferenceDisputed']);
    assert.equal(w.waiting, undefined);
  });

  it('a reference corrected while waiting: waits for the new act from the correction on', () => {
    const w = new World();
    w.file();
    w.settle();
    w.now = '2009-05-21T02:00:00.000Z';
    w.command({ type: 'CorrectActReference', act: otherAct, agencyId: 'zhuzhou-city', knownAct: undefined });
    w.settle();
    assert.deepEqual(w.waiting, { act: otherAct, since: '2009-05-21T02:00:00.000Z' });
    w.known.set(act.ref, ours);
    w.settle();
    assert.equal(actStatus(w.appeal), 'pending', 'the old act confirms nothing');
    w.known.set(otherAct.ref, ours);
    w.settle();
    assert.equal(actStatus(w.appeal), 'confirmed');
  });

  it('an act never seen: flagged once after the bound, still confirmed when it comes', () => {
    const w = new World();
    w.file();
    w.settle();
    w.now = '2009-05-21T01:59:59.000Z';
    w.settle();
    assert.deepEqual(types(w), ['ReconsiderationFiled'], 'not before the bound');
    w.now = '2009-05-21T02:00:00.000Z';
    w.settle();
    w.now = '2009-05-25T02:00:00.000Z';
    w.settle();
    assert.deepEqual(types(w), ['ReconsiderationFiled', 'ActConfirmationOverdue'], 'flagged once');
    w.known.set(act.ref, ours);
    w.settle();
    assert.deepEqual(types(w), ['ReconsiderationFiled', 'ActConfirmationOverdue', 'ActConfirmed']);
    assert.equal(w.waiting, undefined);
  });
});
