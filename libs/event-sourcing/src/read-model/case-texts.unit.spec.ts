import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textKeyAt } from '../text-keys.js';
import { CaseTexts, ERASED_TEXT, showTexts, textsOfNewCase } from './case-texts.js';
import { InMemoryDocumentCollections } from './in-memory-document-collection.js';

const now = new Date('2026-01-05T02:00:00Z');

describe('case texts', () => {
  it('keeps the texts of a command by case and field, and reads them for one case or a page', async () => {
    const texts = new CaseTexts(new InMemoryDocumentCollections());
    await texts.keep('c1', 1, { title: '标题', reason: undefined, note: '' });
    await texts.keep('c1', 3, { [textKeyAt('decisionNumber', 3)]: 'P-3' });
    await texts.keep('c2', 1, { title: '另一个' });
    assert.deepEqual(await texts.of('c1'), { title: '标题', 'decisionNumber@3': 'P-3' });
    assert.deepEqual(await texts.of('nobody'), {});
    const page = await texts.ofMany(['c1', 'c2', 'c3']);
    assert.deepEqual(page.get('c2'), { title: '另一个' });
    assert.equal(page.get('c3'), undefined);
  });

  it('finds the cases whose held text of the keys searched matches, never an erased one', async () => {
    const texts = new CaseTexts(new InMemoryDocumentCollections());
    await texts.keep('r1', 1, { informationRequested: '土地出让合同' }, 'apl-1');
    await texts.keep('r2', 1, { informationRequested: '采矿权', extensionReason: '土地档案' }, 'apl-2');
    await texts.keep('r3', 1, { informationRequested: '土地证' }, 'apl-3');
    const hasLand = (t: string): boolean => t.includes('土地');
    assert.deepEqual((await texts.casesMatching(['informationRequested'], hasLand)).sort(), ['r1', 'r3']);
    await texts.eraseSubject('apl-3', 'supervisor-1', now);
    assert.deepEqual(await texts.casesMatching(['informationRequested'], hasLand), ['r1']);
    assert.deepEqual(await texts.casesMatching(['informationRequested'], () => true), ['r1', 'r2']);
  });

  it('writes a retried command once, never over a newer text', async () => {
    const texts = new CaseTexts(new InMemoryDocumentCollections());
    await texts.keep('c1', 2, { reason: 'second' });
    await texts.keep('c1', 1, { reason: 'first, retried late' });
    assert.deepEqual(await texts.of('c1'), { reason: 'second' });
  });

  it('erases a case, or every case of a subject; a late or retried write never brings a text back', async () => {
    const texts = new CaseTexts(new InMemoryDocumentCollections());
    await texts.keep('r1', 1, { informationRequested: '张三丰测试' }, 'apl-1');
    await texts.keep('r2', 1, { informationRequested: '13912345678' }, 'apl-1');
    await texts.keep('r3', 1, { informationRequested: '别人的' }, 'apl-2');
    assert.equal(await texts.eraseSubject('apl-1', 'supervisor-1', now), 2);
    assert.equal(await texts.eraseSubject('apl-1', 'supervisor-1', now), 0, 'erasing twice erases nothing');
    await texts.keep('r1', 1, { informationRequested: '张三丰测试' }, 'apl-1');
    assert.deepEqual(await texts.of('r1'), { informationRequested: ERASED_TEXT });
    assert.deepEqual(await texts.of('r2'), { informationRequested: ERASED_TEXT });
    assert.deepEqual(await texts.of('r3'), { informationRequested: '别人的' });
    assert.equal(await texts.eraseCase('r3', 'supervisor-2', now), 1);
    assert.deepEqual(await texts.of('r3'), { informationRequested: ERASED_TEXT });
  });

  it('shows a view with its text fields filled from the texts, null when none is on file', () => {
    const show = showTexts<{ id: string; title: string | null; reason: string | null }>({
      title: 'title',
      reason: 'retractionReason',
    });
    assert.deepEqual(show({ id: 'c1', title: null, reason: null }, { title: 'T' }), {
      id: 'c1',
      title: 'T',
      reason: null,
    });
  });
});

describe('the texts a command answer shows without reading them back', () => {
  const typed = { title: '土地招拍挂信息', reason: undefined, note: '' };
  it('are what the create typed, for a case just opened', () => {
    assert.deepEqual(textsOfNewCase({ duplicate: false, events: [{ streamVersion: 1 }] }, typed), {
      title: '土地招拍挂信息',
    });
  });
  it('must be read for a change (earlier commands typed the rest) or a retry (erased since?)', () => {
    assert.equal(textsOfNewCase({ duplicate: false, events: [{ streamVersion: 3 }] }, typed), undefined);
    assert.equal(textsOfNewCase({ duplicate: true, events: [{ streamVersion: 1 }] }, typed), undefined);
    assert.equal(textsOfNewCase({ duplicate: false, events: [] }, typed), undefined);
  });
});
