// A command on a case reads the case's stream once: the agency check runs on the command's own load
// (CommandOptions.mayActFor), and the relay's commit listener does not load the stream again when the
// command already wrote the view. Counted on the store's reads, for a case of one agency, a caller of
// another, and a case that does not exist. The list view is an inline projection: written from the
// state the command folded its new events onto (view = toView(evolve(state, events))), so a case's
// life of N commands costs N reads of its stream, however many commits the relay hands the listener.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ServiceName } from '#contracts';
import {
  handleCommand,
  loadStream,
  type CommandContext,
  type StreamCommands,
  type StreamType,
} from '../command-handler.js';
import { type Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { CaseTexts, showTexts } from './case-texts.js';
import { InMemoryDocumentCollections } from './in-memory-document-collection.js';
import { type DocumentCollection, type DocumentCollections } from './document-collection.js';
import { sampleRegistry } from '../event-store.contract.js';
import { type Commit, type CommitFeed, type EventStore } from '../event-store.js';
import { InMemoryEventStore } from '../in-memory-event-store.js';
import { createStreamId } from '../stream-ids.js';
import { StreamViews } from './stream-views.js';

type Command = { type: 'Receive'; agencyId: string } | { type: 'Note'; note: string };
type Event =
  | { type: 'ThingReceived'; data: { receiptDate: string; channel: 'email' } }
  | { type: 'ThingNoted'; data: { note: string } };
type State = { agencyId?: string; notes: string[] };

// A sample case: received for an agency (kept in state, not in the sample event), then noted.
const decider: Decider<Command, Event, State> = {
  initialState: { notes: [] },
  decide: (c, s) => {
    if (c.type === 'Receive') return [{ type: 'ThingReceived', data: { receiptDate: '2009-03-02', channel: 'email' } }];
    if (s.agencyId === undefined) throw new DomainError('thing.unknown', 'no such thing', { kind: 'not-found' });
    return [{ type: 'ThingNoted', data: { note: c.note } }];
  },
  evolve: (s, e) =>
    e.type === 'ThingReceived' ? { ...s, agencyId: 'you-county' } : { ...s, notes: [...s.notes, e.data.note] },
};
const stream: StreamType<Command, Event, State> = {
  service: 'sample' as ServiceName,
  decider,
  registry: sampleRegistry,
  agencyOf: (s) => s.agencyId ?? '',
  isNew: (s) => s.agencyId === undefined,
};
const ctx: CommandContext = {
  now: new Date('2009-03-02T01:00:00.000Z'),
  actor: 'clerk-7',
  correlationId: 'corr-1',
  newId: (() => {
    let n = 0;
    return () => `0190f5c2-7b1e-7cc0-8b41-${(++n).toString(16).padStart(12, '0')}`;
  })(),
};

/** The store, counting the loads of each stream. */
function countingReads(store: EventStore): { store: EventStore; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counted = new Proxy(store, {
    get(target, prop, receiver) {
      // A command reads the stream's commits, a reader its events: either is one load.
      if (prop === 'readStream' || prop === 'readCommits') {
        return (streamId: string) => {
          reads.set(streamId, (reads.get(streamId) ?? 0) + 1);
          return prop === 'readStream' ? target.readStream(streamId) : target.readCommits(streamId);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, reads };
}

function setUp({ texts }: { texts?: CaseTexts } = {}) {
  const inner = new InMemoryEventStore();
  const { store, reads } = countingReads(inner);
  const listeners: ((commit: Commit) => Promise<void>)[] = [];
  const relay: CommitFeed = {
    addCommitListener: (l) => {
      listeners.push(l);
      return () => undefined;
    },
  };
  // The kernel's command handling over the counted store (what CommandRunner does, without Nest).
  const commands: StreamCommands = {
    run: (type, id, command, c, options) => handleCommand(store, type, id, command, c, options),
    load: (type, id) => loadStream(store, type, id),
    idForCreate: (service, agencyId, key) => createStreamId(store, service, agencyId, key),
  };
  // Counts the point reads of views (what the relay's listener would cost per commit).
  const documents = new InMemoryDocumentCollections();
  const viewReads = { count: 0 };
  const countedDocuments: DocumentCollections = {
    collection: <T extends object>(name: string) => {
      const inner = documents.collection<T>(name);
      return Object.assign(Object.create(inner) as DocumentCollection<T>, {
        getVersioned: (id: string) => {
          viewReads.count++;
          return inner.getVersioned(id);
        },
      });
    },
  };
  const views = new StreamViews(commands, countedDocuments, {
    stream,
    collection: 'things',
    eventTypes: new Set(['sample.ThingReceived', 'sample.ThingNoted']),
    view: (id, version, s) => (s.agencyId === undefined ? undefined : { id, version, agencyId: s.agencyId }),
    notFound: { rule: 'thing.unknown', what: 'thing' },
    // A note is free text about the case's agency (the subject its texts are erased with).
    ...(texts
      ? {
          texts: {
            store: texts,
            of: (c: Command) => (c.type === 'Note' ? { note: c.note } : {}),
            subjectOf: (s: State) => s.agencyId ?? null,
            show: showTexts<{ id: string; version: number; agencyId: string }>({}),
          },
        }
      : {}),
  });
  views.listenTo(relay);
  /** What the relay does after publishing: every listener sees every commit of the stream. */
  const relayed = async (streamId: string): Promise<void> => {
    const commits = (await inner.readUnpublished(1000)).filter((c) => c.streamId === streamId);
    for (const commit of commits) for (const l of listeners) await l(commit);
  };
  return { views, reads, relayed, inner, viewReads };
}

const refuseOtherAgencies = (agencyId: string): void => {
  if (agencyId !== 'you-county') throw new Error(`may not act for ${agencyId}`);
};
const refuseAll = (agencyId: string): void => {
  throw new Error(`may not act for ${agencyId}`);
};

describe('a command on a case reads its stream once', () => {
  it('checks the agency on the command’s own load, and the relay’s listener reads only the view', async () => {
    const { views, reads, relayed } = setUp();
    await views.run('t-1', { type: 'Receive', agencyId: 'you-county' }, ctx);
    reads.clear();
    const noted = await views.run('t-1', { type: 'Note', note: 'a' }, ctx, { mayActFor: refuseOtherAgencies });
    assert.equal(noted.version, 2);
    assert.equal(reads.get('t-1'), 1, 'one load for the check and the decision');
    await relayed('t-1');
    assert.equal(reads.get('t-1'), 1, 'the listener found the view written and did not load the stream');
  });

  it('refuses a caller of another agency on that load, appending nothing', async () => {
    const { views, reads, inner } = setUp();
    await views.run('t-2', { type: 'Receive', agencyId: 'you-county' }, ctx);
    reads.clear();
    await assert.rejects(
      views.run('t-2', { type: 'Note', note: 'b' }, ctx, { mayActFor: refuseAll }),
      /may not act for you-county/,
    );
    assert.equal(reads.get('t-2'), 1);
    assert.equal((await inner.readStream('t-2')).length, 1);
  });

  it('answers 404 (the decider’s refusal) for a case that does not exist, before any agency check', async () => {
    const { views, reads } = setUp();
    await assert.rejects(
      views.run('t-3', { type: 'Note', note: 'c' }, ctx, { mayActFor: refuseAll }),
      (err: unknown) => err instanceof DomainError && err.kind === 'not-found',
    );
    assert.equal(reads.get('t-3'), 1);
  });

  it('still converges a view the command did not write (a process died in between), loading the stream then', async () => {
    const { views, reads, relayed, inner } = setUp();
    await views.run('t-4', { type: 'Receive', agencyId: 'you-county' }, ctx);
    // Another process appended and died before writing its view.
    const [received] = await inner.readStream('t-4');
    await inner.append('t-4', 1, [
      {
        ...received!,
        id: ctx.newId(),
        type: 'sample.ThingNoted',
        schemaVersion: 1,
        streamVersion: 2,
        data: { note: 'late' },
      },
    ]);
    reads.clear();
    await relayed('t-4');
    assert.equal(reads.get('t-4'), 1);
    assert.equal((await views.get('t-4')).version, 2);
  });

  it('a case’s life of N commands reads its stream N times: the listener reads nothing this process wrote', async () => {
    const { views, reads, relayed, inner, viewReads } = setUp();
    await views.run('t-5', { type: 'Receive', agencyId: 'you-county' }, ctx);
    for (const note of ['a', 'b', 'c', 'd']) {
      await views.run('t-5', { type: 'Note', note }, ctx, { mayActFor: refuseOtherAgencies });
    }
    assert.equal(reads.get('t-5'), 5, 'one load per command, none after its append');
    await relayed('t-5');
    assert.equal((await inner.readUnpublished(1000)).filter((c) => c.streamId === 't-5').length, 5);
    assert.equal(reads.get('t-5'), 5, 'five commits relayed, the stream not loaded again');
    assert.equal(viewReads.count, 0, 'nor any view read back: this process wrote each of them');
    const [listed] = (await views.list({ agencyId: 'you-county' }, {}, 0, 10)).items;
    assert.equal(listed?.version, 5, 'the list view stands at the last command');
  });

  it('keeps what a command typed about the case’s subject, erased with the subject', async () => {
    const documents = new InMemoryDocumentCollections();
    const texts = new CaseTexts(documents);
    const { views } = setUp({ texts });
    await views.run('t-6', { type: 'Receive', agencyId: 'you-county' }, ctx);
    await views.run('t-6', { type: 'Note', note: 'a phone number' }, ctx);
    assert.deepEqual(await texts.of('t-6'), { note: 'a phone number' });
    assert.equal(await texts.eraseSubject('you-county', 'clerk-7', ctx.now), 1);
    assert.notEqual((await texts.of('t-6'))['note'], 'a phone number');
  });
});
