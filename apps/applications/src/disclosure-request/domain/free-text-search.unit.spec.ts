import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesFreeText, searchTerms } from './free-text-search.js';

describe('free-text search over what a request asks for', () => {
  const text = '2023年度本市建设用地供应计划及 GIS 图层';

  it('matches a Chinese substring', () => {
    assert.equal(matchesFreeText(text, '建设用地'), true);
    assert.equal(matchesFreeText(text, '采矿权'), false);
  });

  it('needs every word, in any order', () => {
    assert.equal(matchesFreeText(text, '供应计划 2023年度'), true);
    assert.equal(matchesFreeText(text, '供应计划 2024年度'), false);
  });

  it('ignores letter case and full-width forms', () => {
    assert.equal(matchesFreeText(text, 'gis'), true);
    assert.equal(matchesFreeText(text, 'ＧＩＳ　２０２３'), true);
  });

  it('splits on any white space and drops empty words', () => {
    assert.deepEqual(searchTerms('  土地\t出让\u3000合同 '), ['土地', '出让', '合同']);
    assert.equal(matchesFreeText(text, '   '), true);
  });
});
