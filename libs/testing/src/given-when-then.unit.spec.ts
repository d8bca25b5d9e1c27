import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type Decider } from '#event-sourcing';
import { deliveries, given, interleave, replayWithDuplicates, shuffle } from './given-when-then.js';

// A tiny case: opened once, then replied to once.
type Command = { type: 'Open'; agencyId: string } | { type: 'Reply'; outcome: string };
type Event = { type: 'Opened'; data: { agencyId: string } } | { type: 'Replied'; data: { outcome: string } };
type State = { status: 'none' } | { status: 'open'; agencyId: string } | { status: 'replied'; outcome: string };

const decider: Decider<Command, Event, State> = {
  initialState: { status: 'none' },
  decide(command, state) {
    if (command.type === 'Open') {
      if (state.status !== 'none') throw new DomainError('open.exists', 'already open', { kind: 'conflict' });
      return [{ type: 'Opened', data: { agencyId: command.agencyId } }];
    }
    if (state.status === 'replied' && state.outcome === command.outcome) return [];
    if (state.status !== 'open') {
      throw new DomainError('reply.not-open', 'only an open case can be replied to', {
        field: 'outcome',
        kind: 'conflict',
      });
    }
    return [{ type: 'Replied', data: { outcome: command.outcome } }];
  },
  evolve(state, event) {
    return event.type === 'Opened'
      ? { status: 'open', agencyId: event.data.agencyId }
      : { status: 'replied', outcome: event.data.outcome };
  },
};

const opened: Event = { type: 'Opened', data: { agencyId: 'city' } };

describe('given / when / then', () => {
  it('passes when the command decides the expected events, and fails otherwise', () => {
    given(decider).when({ type: 'Open', agencyId: 'city' }).then([opened]);
    given(decider, opened)
      .when({ type: 'Reply', outcome: 'disclosed' })
      .then([{ type: 'Replied', data: { outcome: 'disclosed' } }]);
    assert.throws(
      () => given(decider).when({ type: 'Open', agencyId: 'county' }).then([opened]),
      assert.AssertionError,
    );
  });

  it('checks a refusal by rule, field and kind, and fails when the command is accepted or refused otherwise', () => {
    const err = given(decider, opened)
      .when({ type: 'Open', agencyId: 'city' })
      .thenThrows('open.exists', { kind: 'conflict' });
    assert.equal(err.message, 'already open');
    given(decider).when({ type: 'Reply', outcome: 'x' }).thenThrows('reply.not-open', { field: 'outcome' });
    assert.throws(
      () => given(decider).when({ type: 'Open', agencyId: 'city' }).thenThrows('open.exists'),
      assert.AssertionError,
    );
    assert.throws(
      () => given(decider, opened).when({ type: 'Open', agencyId: 'c' }).thenThrows('other.rule'),
      assert.AssertionError,
    );
    assert.throws(
      () => given(decider).when({ type: 'Reply', outcome: 'x' }).thenThrows('reply.not-open', { field: 'agencyId' }),
      assert.AssertionError,
    );
  });

  it('checks an accepted no-op and exposes the state after the given events', () => {
    const replied: Event = { type: 'Replied', data: { outcome: 'disclosed' } };
    given(decider, opened, replied).when({ type: 'Reply', outcome: 'disclosed' }).thenNothing();
    assert.deepEqual(given(decider, opened, replied).state, { status: 'replied', outcome: 'disclosed' });
    assert.throws(() => given(decider).when({ type: 'Open', agencyId: 'c' }).thenNothing(), assert.AssertionError);
  });
});

describe('deliveries for projection specs', () => {
  const events = ['a', 'b', 'c']
    .flatMap((s) => [1, 2, 3, 4].map((v) => ({ streamId: s, streamVersion: v })))
    .sort((x, y) => x.streamVersion - y.streamVersion);
  const label = (e: { streamId: string; streamVersion: number }): string => `${e.streamId}${e.streamVersion}`;
  const byStream = (list: readonly { streamId: string; streamVersion: number }[]): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const e of list) (out[e.streamId] ??= []).push(e.streamVersion);
    return out;
  };

  it('interleaves streams keeping each in order, the same way for the same seed and differently for another', () => {
    const one = interleave(events, 7);
    assert.deepEqual(byStream(one), { a: [1, 2, 3, 4], b: [1, 2, 3, 4], c: [1, 2, 3, 4] });
    assert.deepEqual(interleave(events, 7).map(label), one.map(label));
    const orders = new Set([1, 2, 3, 4, 5].map((seed) => interleave(events, seed).map(label).join()));
    assert.ok(orders.size > 1);
  });

  it('delivers every event exactly twice, the second time after the first', () => {
    const replay = replayWithDuplicates(events, 3);
    assert.equal(replay.length, events.length * 2);
    for (const e of events) {
      const at = replay.flatMap((r, i) => (r === e ? [i] : []));
      assert.equal(at.length, 2, label(e));
    }
    // Each stream's first deliveries are in order; redeliveries make older versions arrive late.
    const firsts = replay.filter((e, i) => replay.indexOf(e) === i);
    assert.deepEqual(byStream(firsts), byStream(events));
    assert.ok(
      replay.some((e, i) =>
        replay.slice(0, i).some((p) => p.streamId === e.streamId && p.streamVersion > e.streamVersion),
      ),
      'some event arrives after a newer one of its stream',
    );
  });

  it('shuffles deterministically by seed and lists the deliveries a projection spec replays', () => {
    assert.deepEqual(shuffle(events, 9), shuffle(events, 9));
    assert.deepEqual(
      [...shuffle(events, 9)].sort((x, y) => label(x).localeCompare(label(y))).map(label),
      [...events].map(label).sort(),
    );
    const ds = deliveries(events, { seeds: [1, 2] });
    assert.deepEqual(
      ds.map((d) => [d.name, d.events.length]),
      [
        ['in order', 12],
        ['every event twice in a row', 24],
        ['interleaved with redeliveries (seed 1)', 24],
        ['interleaved with redeliveries (seed 2)', 24],
      ],
    );
  });
});
