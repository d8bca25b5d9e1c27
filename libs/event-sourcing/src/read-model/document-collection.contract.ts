// The one contract suite for DocumentCollection, run against the in-memory adapter (unit) and the
// MongoDB one on real FerretDB/MongoDB (integration): both must answer every case the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shuffle } from '#testing';
import { InvalidQueryError, type DocumentCollection, type Where } from './document-collection.js';

export interface Row {
  name: string;
  agencyId: string;
  receivedOn: string;
  pages?: number;
  tags?: string[];
  closedOn?: string | null;
  detail?: { channel: string; flags?: Record<string, boolean> };
}

export type CollectionFactory = () => Promise<DocumentCollection<Row>>;

const rows: Record<string, Row> = {
  a: {
    name: 'a',
    agencyId: 'city',
    receivedOn: '2009-01-05',
    pages: 3,
    tags: ['x', 'y'],
    detail: { channel: 'email' },
  },
  b: {
    name: 'b',
    agencyId: 'city',
    receivedOn: '2009-03-01',
    pages: 10,
    closedOn: null,
    detail: { channel: 'online' },
  },
  c: { name: 'c', agencyId: 'county-1', receivedOn: '2009-12-31', pages: 3, closedOn: '2010-01-10' },
  d: { name: 'd', agencyId: 'county-2', receivedOn: '2010-01-01', tags: ['y'], detail: { channel: 'email' } },
  e: { name: 'e', agencyId: 'city', receivedOn: '2008-12-31', pages: 7 },
};

async function seeded(factory: CollectionFactory): Promise<DocumentCollection<Row>> {
  const c = await factory();
  for (const [id, row] of Object.entries(rows)) await c.put(id, row);
  return c;
}

const ids = (items: Row[]): string[] => items.map((r) => r.name);

export function documentCollectionContract(factory: CollectionFactory): void {
  describe('get / put / delete', () => {
    it('returns what was put, without undefined fields, and is not changed by later mutation of the input', async () => {
      const c = await factory();
      assert.equal(await c.get('missing'), undefined);
      const row: Row = {
        name: 'n',
        agencyId: 'city',
        receivedOn: '2009-01-01',
        pages: undefined,
        detail: { channel: 'x', flags: {} },
      };
      await c.put('n', row);
      row.detail!.channel = 'changed';
      assert.deepEqual(await c.get('n'), {
        name: 'n',
        agencyId: 'city',
        receivedOn: '2009-01-01',
        detail: { channel: 'x', flags: {} },
      });
      assert.deepEqual(await c.getVersioned('n'), { id: 'n', version: 0, doc: await c.get('n') });
      assert.equal(await c.delete('n'), true);
      assert.equal(await c.delete('n'), false);
      assert.equal(await c.get('n'), undefined);
    });

    it('put replaces the document and keeps its version', async () => {
      const c = await factory();
      assert.equal(await c.upsertIfNewer('k', 4, rows.a!), true);
      await c.put('k', rows.b!);
      assert.deepEqual(await c.getVersioned('k'), { id: 'k', version: 4, doc: rows.b });
    });

    it('finds without counting when asked: the total is then the page', async () => {
      const c = await seeded(factory);
      const counted = await c.find({ sort: { name: 1 }, limit: 2 });
      const uncounted = await c.find({ sort: { name: 1 }, limit: 2, count: false });
      assert.deepEqual(uncounted.items, counted.items);
      assert.equal(uncounted.total, 2);
      assert.ok(counted.total > 2, 'the counted total is every match');
    });

    it('insertIfAbsent writes a new document once and never replaces one on file', async () => {
      const c = await factory();
      assert.equal(await c.insertIfAbsent('i', rows.a!), true);
      assert.deepEqual(await c.getVersioned('i'), { id: 'i', version: 0, doc: rows.a });
      assert.equal(await c.insertIfAbsent('i', rows.b!), false);
      assert.deepEqual(await c.get('i'), rows.a);
      await c.put('j', rows.b!);
      assert.equal(await c.insertIfAbsent('j', rows.a!), false, 'a document put by another writer stays');
      assert.deepEqual(await c.get('j'), rows.b);
      // Found by an indexed field (its stored copy is written by the insert too).
      const byAgency = (await c.find({ where: { agencyId: rows.a!.agencyId } })).items;
      assert.deepEqual(
        byAgency.filter((r) => r.name === rows.a!.name),
        [rows.a],
      );
    });
  });

  describe('upsertIfNewer (the projection version guard)', () => {
    it('writes a new document, refuses the same or a lower version, accepts a higher one', async () => {
      const c = await factory();
      assert.equal(await c.upsertIfNewer('k', 2, { ...rows.a!, pages: 2 }), true);
      assert.equal(await c.upsertIfNewer('k', 2, { ...rows.a!, pages: 99 }), false);
      assert.equal(await c.upsertIfNewer('k', 1, { ...rows.a!, pages: 1 }), false);
      assert.equal((await c.get('k'))?.pages, 2);
      assert.equal(await c.upsertIfNewer('k', 5, { ...rows.a!, pages: 5 }), true);
      assert.deepEqual(await c.getVersioned('k'), { id: 'k', version: 5, doc: { ...rows.a!, pages: 5 } });
      await assert.rejects(c.upsertIfNewer('k', -1, rows.a!), InvalidQueryError);
    });

    it('ends at the highest version whatever order 30 concurrent writers of one id arrive in', async () => {
      const c = await factory();
      const versions = shuffle(
        Array.from({ length: 30 }, (_, i) => i + 1),
        7,
      );
      const applied = await Promise.all(versions.map((v) => c.upsertIfNewer('race', v, { ...rows.a!, pages: v })));
      const stored = await c.getVersioned('race');
      assert.equal(stored?.version, 30);
      assert.equal(stored?.doc.pages, 30);
      // The writer of version 30 always wins; nobody else can have overwritten it.
      assert.equal(applied[versions.indexOf(30)], true);
    });
  });

  describe('upsertManyIfNewer (bulk writes of a batched projection)', () => {
    it('inserts fresh ids, refuses a fresh id that exists, and guards the others by version', async () => {
      const c = await factory();
      assert.equal(await c.upsertIfNewer('old', 3, { ...rows.a!, pages: 3 }), true);
      assert.equal(await c.upsertIfNewer('kept', 5, { ...rows.b!, pages: 5 }), true);
      assert.equal(await c.upsertIfNewer('taken', 1, { ...rows.c!, pages: 1 }), true);
      const written = await c.upsertManyIfNewer([
        { id: 'new-1', version: 1, doc: { ...rows.a!, pages: 11 }, fresh: true },
        { id: 'taken', version: 9, doc: { ...rows.c!, pages: 99 }, fresh: true },
        { id: 'old', version: 4, doc: { ...rows.a!, pages: 4 }, fresh: false },
        { id: 'kept', version: 5, doc: { ...rows.b!, pages: 55 }, fresh: false },
        { id: 'new-2', version: 2, doc: { ...rows.d!, pages: 22 }, fresh: false },
      ]);
      assert.deepEqual(written, [true, false, true, false, true]);
      assert.deepEqual(await c.getVersioned('new-1'), { id: 'new-1', version: 1, doc: { ...rows.a!, pages: 11 } });
      assert.equal((await c.getVersioned('taken'))?.doc.pages, 1, 'a fresh write never overwrites');
      assert.deepEqual(await c.getVersioned('old'), { id: 'old', version: 4, doc: { ...rows.a!, pages: 4 } });
      assert.equal((await c.getVersioned('kept'))?.doc.pages, 5);
      assert.equal((await c.getVersioned('new-2'))?.version, 2);
      assert.deepEqual(await c.upsertManyIfNewer([]), []);
      await assert.rejects(
        c.upsertManyIfNewer([
          { id: 'x', version: 1, doc: rows.a!, fresh: true },
          { id: 'x', version: 2, doc: rows.a!, fresh: true },
        ]),
        InvalidQueryError,
      );
    });

    it('updates more documents than one store request takes (FerretDB: 25 per bulkWrite)', async () => {
      const c = await factory();
      const n = 60;
      const ids = Array.from({ length: n }, (_, i) => `m${i}`);
      const first = await c.upsertManyIfNewer(
        ids.map((id, i) => ({ id, version: 1, doc: { ...rows.a!, pages: i }, fresh: true })),
      );
      assert.deepEqual(
        first,
        ids.map(() => true),
      );
      const second = await c.upsertManyIfNewer(
        ids.map((id, i) => ({ id, version: 2, doc: { ...rows.a!, pages: 1000 + i }, fresh: false })),
      );
      assert.deepEqual(
        second,
        ids.map(() => true),
      );
      const { items } = await c.find({ sort: { pages: 1 } });
      assert.deepEqual(
        items.map((r) => r.pages),
        ids.map((_, i) => 1000 + i),
      );
    });
  });

  describe('find and count', () => {
    const cases: Array<[string, Where, string[]]> = [
      ['equality', { agencyId: 'city' }, ['a', 'b', 'e']],
      ['several fields (all must hold)', { agencyId: 'city', pages: 3 }, ['a']],
      ['$in', { agencyId: { $in: ['county-1', 'county-2'] } }, ['c', 'd']],
      ['a date range with $gte and $lt', { receivedOn: { $gte: '2009-01-01', $lt: '2010-01-01' } }, ['a', 'b', 'c']],
      ['$gt and $lte on numbers', { pages: { $gt: 3, $lte: 10 } }, ['b', 'e']],
      ['a range never matches values of another type', { receivedOn: { $gt: 0 } }, []],
      ['$exists true (null counts as present)', { closedOn: { $exists: true } }, ['b', 'c']],
      ['$exists false', { pages: { $exists: false } }, ['d']],
      ['null matches null and absent', { closedOn: null }, ['a', 'b', 'd', 'e']],
      ['equality with an array field matches an element', { tags: 'y' }, ['a', 'd']],
      ['a nested field path', { 'detail.channel': 'email' }, ['a', 'd']],
      ['$in with a nested path', { 'detail.channel': { $in: ['online', 'fax'] } }, ['b']],
      ['conditions combined on one field', { pages: { $exists: true, $in: [3, 7] } }, ['a', 'c', 'e']],
    ];
    for (const [name, where, expected] of cases) {
      it(`where: ${name}`, async () => {
        const c = await seeded(factory);
        const found = await c.find({ where, sort: { name: 1 } });
        assert.deepEqual(ids(found.items), expected);
        assert.equal(found.total, expected.length);
        assert.equal(await c.count(where), expected.length);
      });
    }

    it('sorts by several keys (absent values first ascending) with ties broken by id, pages with skip/limit and the full total', async () => {
      const c = await seeded(factory);
      const all = await c.find({ sort: { pages: -1, receivedOn: 1 } });
      assert.deepEqual(ids(all.items), ['b', 'e', 'a', 'c', 'd']);
      const byAgency = await c.find({ sort: { agencyId: 1 } });
      assert.deepEqual(ids(byAgency.items), ['a', 'b', 'e', 'c', 'd']);
      const page = await c.find({ sort: { receivedOn: 1 }, skip: 1, limit: 2 });
      assert.deepEqual(ids(page.items), ['a', 'b']);
      assert.equal(page.total, 5);
      const empty = await c.find({ where: { agencyId: 'city' }, limit: 0 });
      assert.deepEqual(empty, { items: [], total: 3 });
      assert.equal(await c.count(), 5);
    });

    it('refuses operators and shapes it does not support (no operator injection)', async () => {
      const c = await seeded(factory);
      const bad: unknown[] = [
        { name: { $where: 'sleep(1000)' } },
        { name: { $regex: '.*' } },
        { name: { $ne: 'a' } },
        { name: { $gt: 'a', $where: 'x' } },
        { $or: [{ name: 'a' }] },
        { 'name.$': 'a' },
        { name: { nested: 'object' } },
        { name: ['a'] },
        { name: { $in: [{ $gt: '' }] } },
        { name: { $in: 'a' } },
        { name: { $exists: 'yes' } },
        { pages: { $gt: { $numberLong: '1' } } },
        { name: {} },
        { pages: Number.NaN },
      ];
      for (const where of bad) {
        await assert.rejects(c.find({ where: where as Where }), InvalidQueryError, JSON.stringify(where));
        await assert.rejects(c.count(where as Where), InvalidQueryError, JSON.stringify(where));
      }
      await assert.rejects(c.find({ sort: { $natural: 1 } }), InvalidQueryError);
      await assert.rejects(c.find({ sort: { name: 2 as 1 } }), InvalidQueryError);
      await assert.rejects(c.find({ limit: -1 }), InvalidQueryError);
    });
  });
}
