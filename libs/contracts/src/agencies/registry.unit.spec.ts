import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgencyListError, AgencyRegistry, agencyIdSchema, type AgencyProblem } from './registry.js';

/** A bureau of another province: the city bureau and two districts' branches (分局). */
const MOU_SHI = [
  {
    id: 'mou-city',
    name: '某市自然资源和规划局',
    names: [{ name: '某市国土资源局' }, { name: '某市自然资源和规划局', from: '2019-03-01' }],
  },
  { id: 'east-district', name: '某市国土资源局东区分局', parentId: 'mou-city', validTo: '2020-06-30' },
  { id: 'west-district', name: '某市自然资源和规划局西区分局', parentId: 'mou-city', validFrom: '2019-03-01' },
];

/** The problems a list is refused for, as rule@entry (the id or the index when there is none). */
function problemsOf(raw: unknown): string[] {
  try {
    AgencyRegistry.parse(raw);
  } catch (err) {
    assert.ok(err instanceof AgencyListError, String(err));
    return err.problems.map((p: AgencyProblem) => `${p.rule}@${p.id ?? p.index ?? '-'}`);
  }
  return [];
}

describe('a list of agencies is refused with every problem named (entry, field, rule)', () => {
  it('not a list, an empty list, an entry that is not an object', () => {
    assert.deepEqual(problemsOf({ id: 'x' }), ['agency.list-invalid@-']);
    assert.deepEqual(problemsOf([]), ['agency.list-empty@-']);
    assert.deepEqual(problemsOf(['x']), ['agency.not-an-object@0']);
  });
  it('ids that are not slugs, missing names, unknown fields, bad levels and dates', () => {
    assert.deepEqual(
      problemsOf([
        { id: 'Mou City', name: '某市' },
        { id: 'a', name: ' ' },
        { id: 'b', name: 'B', parent: 'a' },
        { id: 'c', name: 'C', level: 'town' },
        { id: 'd', name: 'D', validTo: '2019-02-30' },
      ]),
      [
        'agency.id-invalid@Mou City',
        'agency.name-missing@a',
        'agency.field-unknown@b',
        'agency.level-invalid@c',
        'agency.date-invalid@d',
      ],
    );
  });
  it('a duplicate id, a parent not in the list, a cycle, an end before the start', () => {
    assert.deepEqual(
      problemsOf([
        { id: 'a', name: 'A', parentId: 'b' },
        { id: 'b', name: 'B', parentId: 'a' },
        { id: 'a', name: 'A again' },
        { id: 'c', name: 'C', parentId: 'nowhere' },
        { id: 'd', name: 'D', validFrom: '2020-01-01', validTo: '2019-12-31' },
      ]),
      [
        'agency.ended-before-start@d',
        'agency.id-duplicate@a',
        'agency.parent-cycle@a',
        'agency.parent-cycle@b',
        'agency.parent-unknown@c',
      ],
    );
  });
  it('a name history out of order, undated, or not ending in the name now', () => {
    assert.deepEqual(
      problemsOf([
        { id: 'a', name: 'A2', names: [{ name: 'A1' }, { name: 'A2' }] },
        {
          id: 'b',
          name: 'B2',
          names: [
            { name: 'B1', from: '2019-01-01' },
            { name: 'B2', from: '2018-01-01' },
          ],
        },
        { id: 'c', name: 'C3', names: [{ name: 'C1' }, { name: 'C2', from: '2019-01-01' }] },
      ]),
      ['agency.name-history@a', 'agency.name-history@b', 'agency.name-history@c'],
    );
  });
  it('says where in one message', () => {
    assert.throws(
      () =>
        AgencyRegistry.parse([
          { id: 'a', name: 'A' },
          { id: 'b', name: 'B', parentId: 'z' },
        ]),
      /agencies\[1\] \(b\) parentId: no agency z in the list \(agency\.parent-unknown\)/,
    );
  });
  it('an agencyId in an event or a request is a slug; whether it exists is the registry’s question', () => {
    assert.equal(agencyIdSchema.safeParse('east-district').success, true);
    assert.equal(agencyIdSchema.safeParse('East District').success, false);
    assert.equal(agencyIdSchema.safeParse('a--b').success, false);
  });
});

describe('names, levels and roll-ups', () => {
  const registry = AgencyRegistry.parse(MOU_SHI);

  it('a report uses the name the agency bore at the end of its year (国土资源局 → 自然资源和规划局 in 2019)', () => {
    assert.equal(registry.nameIn('mou-city', 2018), '某市国土资源局');
    assert.equal(registry.nameIn('mou-city', 2019), '某市自然资源和规划局');
    assert.equal(registry.nameIn('mou-city', '2019-02-28'), '某市国土资源局');
    assert.equal(registry.nameIn('mou-city', '2019-03-01'), '某市自然资源和规划局');
    assert.equal(registry.nameIn('nowhere', 2019), undefined);
  });

  it('an ended agency keeps its name after its end and stays in its parent’s roll-up', () => {
    const renamed = registry.rename('east-district', '某市自然资源和规划局东区分局', '2019-03-01');
    assert.equal(renamed.nameIn('east-district', 2018), '某市国土资源局东区分局');
    assert.equal(renamed.nameIn('east-district', 2021), '某市自然资源和规划局东区分局');
    assert.deepEqual(renamed.descendants('mou-city'), ['mou-city', 'east-district', 'west-district']);
    assert.deepEqual(renamed.descendants('east-district'), ['east-district']);
    assert.deepEqual(renamed.descendants('nowhere'), []);
  });

  it('a case is refused for an unknown agency, one not yet founded or one ended by its legal date', () => {
    assert.equal(registry.problemOn('nowhere', '2019-01-01')?.rule, 'agency.unknown');
    assert.equal(registry.problemOn('west-district', '2019-02-28')?.rule, 'agency.not-yet-valid');
    assert.equal(registry.problemOn('west-district', '2019-03-01'), undefined);
    assert.equal(registry.problemOn('east-district', '2020-06-30'), undefined);
    assert.equal(registry.problemOn('east-district', '2020-07-01')?.rule, 'agency.ended');
  });

  it('levels default to city at the top and county below; parents and roots', () => {
    assert.equal(registry.levelOf('mou-city'), 'city');
    assert.equal(registry.levelOf('west-district'), 'county');
    assert.equal(registry.parentOf('west-district'), 'mou-city');
    assert.deepEqual(registry.roots(), ['mou-city']);
  });

  it('changes keep the list rules and the history; the entries read back to the same registry', () => {
    const more = registry
      .register({ id: 'north-district', name: '北区分局', parentId: 'mou-city' })
      .end('west-district', '2024-12-31');
    assert.deepEqual(more.ids(), ['mou-city', 'east-district', 'west-district', 'north-district']);
    assert.equal(more.get('west-district')?.validTo, '2024-12-31');
    assert.deepEqual(AgencyRegistry.parse(JSON.parse(JSON.stringify(more.entries()))).entries(), more.entries());
    assert.throws(() => more.register({ id: 'north-district', name: 'again' }), /agency\.id-duplicate/);
    assert.throws(() => more.rename('mou-city', '更早的名字', '2019-03-01'), /agency\.name-history/);
    assert.throws(() => more.end('nowhere', '2024-12-31'), /agency\.unknown/);
  });
});
