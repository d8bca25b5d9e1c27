import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LEGACY_MAPPING,
  LEGACY_OUTCOMES,
  LEGACY_OUTCOME_LABELS,
  NOT_HELD_BECAUSE,
  OUTCOME_CATEGORY_LABELS,
  OUTCOME_REASON_LABELS,
  OUTCOME_TREE,
  THIRD_PARTY_INTERESTS,
  WITHDRAWAL_OUTCOME,
  isLegacyWithheld,
  legacyOutcomeOf,
  outcomeProblem,
  outcomeSchema,
  type Outcome,
} from './outcomes.js';

/** Every distinct outcome a reply can record: each category × reason × detail. */
function everyOutcome(): Outcome[] {
  const out: Outcome[] = [];
  for (const [category, reasons] of Object.entries(OUTCOME_TREE)) {
    if (reasons.length === 0) out.push({ category } as Outcome);
    for (const reason of reasons) {
      if (category === 'withheld' && reason === 'third-party-rights') {
        THIRD_PARTY_INTERESTS.forEach((d) => out.push({ category, reason, thirdPartyInterest: d } as Outcome));
      } else if (category === 'cannot-provide' && reason === 'not-held') {
        NOT_HELD_BECAUSE.forEach((d) => out.push({ category, reason, notHeldBecause: d } as Outcome));
      } else out.push({ category, reason } as Outcome);
    }
  }
  return out;
}

describe('the national outcome tree (国办公开办函〔2021〕30号)', () => {
  it('has the six categories with 8, 3, 5 and 3 reasons', () => {
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(OUTCOME_TREE).map(([c, r]) => [OUTCOME_CATEGORY_LABELS[c as 'withheld'], r.length]),
      ),
      { 予以公开: 0, 部分公开: 0, 不予公开: 8, 无法提供: 3, 不予处理: 5, 其他处理: 3 },
    );
    for (const reasons of Object.values(OUTCOME_TREE)) {
      for (const r of reasons) assert.ok(OUTCOME_REASON_LABELS[r as 'other'], `label for ${r}`);
    }
  });

  it('accepts every outcome of the tree and nothing else', () => {
    for (const o of everyOutcome()) {
      assert.equal(outcomeProblem(o), undefined, JSON.stringify(o));
      assert.equal(outcomeSchema.safeParse(o).success, true, JSON.stringify(o));
    }
    assert.equal(outcomeProblem({ category: 'withheld', reason: 'fee-unpaid' })?.field, 'outcome.reason');
    assert.equal(outcomeProblem({ category: 'granted' })?.field, 'outcome.category');
    assert.equal(outcomeSchema.safeParse({ category: 'withheld', reason: 'fee-unpaid' }).success, false);
  });
});

describe('the mapping to the 2008-era labels', () => {
  it('maps every national outcome, through exactly one row of the table', () => {
    for (const o of everyOutcome()) {
      const rows = LEGACY_MAPPING.filter(
        (m) =>
          m.category === o.category &&
          m.reason === ('reason' in o ? o.reason : undefined) &&
          (m.detail === undefined ||
            m.detail === ('thirdPartyInterest' in o ? o.thirdPartyInterest : undefined) ||
            m.detail === ('notHeldBecause' in o ? o.notHeldBecause : undefined)),
      );
      assert.equal(rows.length, 1, `rows for ${JSON.stringify(o)}`);
      assert.equal(legacyOutcomeOf(o), rows[0]!.legacy);
    }
    assert.equal(LEGACY_MAPPING.length, everyOutcome().length, 'no row for an outcome that does not exist');
  });

  it('reaches every 2008-era label, with the six 不予公开 reasons of the seed', () => {
    const reached = new Set(everyOutcome().map(legacyOutcomeOf));
    for (const l of LEGACY_OUTCOMES) assert.ok(reached.has(l), `${l} is never produced`);
    assert.deepEqual(
      LEGACY_OUTCOMES.filter(isLegacyWithheld).map((l) => LEGACY_OUTCOME_LABELS[l]),
      ['国家秘密', '商业秘密', '个人隐私', '过程中信息且影响安全稳定', '危及安全和稳定', '法律法规规定的其他情形'],
    );
  });

  it('splits 保护第三方合法权益 and 本机关不掌握 by their detail, as the 2008 table did', () => {
    assert.equal(
      legacyOutcomeOf({ category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'personal-privacy' }),
      'withheld-personal-privacy',
    );
    assert.equal(
      legacyOutcomeOf({ category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'does-not-exist' }),
      'information-not-exist',
    );
  });

  it('counts a withdrawal under 其他处理 · 其他, which is no reply in the 2008 table', () => {
    assert.deepEqual(WITHDRAWAL_OUTCOME, { category: 'other-processing', reason: 'other' });
    assert.equal(legacyOutcomeOf(WITHDRAWAL_OUTCOME), null);
  });
});
