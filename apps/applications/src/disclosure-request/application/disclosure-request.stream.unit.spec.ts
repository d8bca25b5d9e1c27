// Disclosure requests on the kernel's StreamViews (issue 14.2): a request's list view is written from
// the state each command folded its events onto, so a request's life of N commands reads its stream N
// times, and the relay's listener, handed every commit, only reads views (it used to load the whole
// stream on every applications commit). Counted on the store's reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractRegistry } from '#contracts';
import { applicationsContracts } from '#contracts/applications';
import { InMemoryEventStore, type CommandContext, type Commit, type CommitFeed } from '#event-sourcing';
import { CommandRunner } from '#event-sourcing/nest';
import { CaseTexts, InMemoryDocumentCollections, StreamViews } from '#event-sourcing/read-model';
import { type DisclosureRequestCommand } from '../domain/disclosure-request.js';
import { disclosureRequestViews } from './disclosure-request.stream.js';

/** The in-memory store, counting the loads of each stream. */
class CountingStore extends InMemoryEventStore {
  readonly reads = new Map<string, number>();
  override readStream(streamId: string) {
    this.reads.set(streamId, (this.reads.get(streamId) ?? 0) + 1);
    return super.readStream(streamId);
  }
  // What a command reads (its commits with their keys): a load too.
  override readCommits(streamId: string) {
    this.reads.set(streamId, (this.reads.get(streamId) ?? 0) + 1);
    return super.readCommits(streamId);
  }
}

const ctx = (n: number): CommandContext => ({
  now: new Date('2019-06-20T02:00:00.000Z'),
  actor: 'clerk-1',
  correlationId: `corr-${n}`,
  newId: () => `0190f5c2-7b1e-7cc0-8b41-${n.toString(16).padStart(12, '0')}`,
});

describe('disclosure requests on StreamViews', () => {
  it('a request’s N commands read its stream N times; every commit relayed reads only its view', async () => {
    const store = new CountingStore();
    const documents = new InMemoryDocumentCollections();
    const listeners: ((commit: Commit) => Promise<void>)[] = [];
    const relay: CommitFeed = { addCommitListener: (l) => (listeners.push(l), () => undefined) };
    const texts = new CaseTexts(documents);
    const requests = new StreamViews(
      new CommandRunner(store),
      documents,
      disclosureRequestViews(new ContractRegistry(applicationsContracts), texts),
    );
    requests.listenTo(relay);

    const id = await requests.idForCreate('you-county', undefined);
    const commands: DisclosureRequestCommand[] = [
      {
        type: 'ReceiveRequest',
        today: '2019-06-20',
        agencyId: 'you-county',
        receiptDate: '2019-06-03',
        channel: 'online',
        applicantType: 'commercial-enterprise',
        applicantRef: 'apl-7',
        informationRequested: '某地块出让合同',
      },
      { type: 'RequestClarification', today: '2019-06-20', requestedOn: '2019-06-11', dueOn: '2019-06-25' },
      { type: 'ReceiveClarification', today: '2019-06-20', receivedOn: '2019-06-14' },
    ];
    for (const [n, command] of commands.entries()) await requests.run(id, command, ctx(n + 1));
    assert.equal(store.reads.get(id), 3, 'one load per command, none after its append');

    const commits = (await store.readUnpublished(100)).filter((c) => c.streamId === id);
    assert.equal(commits.length, 3);
    for (const commit of commits) for (const listener of listeners) await listener(commit);
    assert.equal(store.reads.get(id), 3, 'the listener found each view written and loaded nothing');

    const [listed] = (await requests.find({ where: { agencyId: 'you-county' } })).items;
    assert.equal(listed?.version, 3);
    assert.equal(listed?.status, 'in-progress');
    // What was typed is kept beside the request, about its applicant (erased with their data).
    assert.equal(await texts.eraseSubject('apl-7', 'clerk-1', new Date()), 1);
  });
});
