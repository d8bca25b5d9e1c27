// The 2009 scenario must imply the seed's figures (REPORTS.md §1) as read in scenarios/README.md.
// The figures here are computed from the scenario's commands by expected.ts, not by the reporting
// service: the end-to-end tests then hold the report that comes out to them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '#testing';
import { expectedAppendix2008 } from './expected.js';
import { scenarioSchema } from './format.js';
import { loadScenario } from './load.js';

const seed2009 = loadScenario(path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json'));

describe('the 2009 scenario implies the seed report', () => {
  const figures = new Map(expectedAppendix2008(seed2009).map((f) => [f.label, f.value]));
  const expectSeed: Array<[string, number]> = [
    ['主动公开信息数', 1808],
    ['全文电子化的主动公开信息数', 1808],
    ['新增的行政规范性文件数', 10],
    ['依申请公开信息目录数', 0],
    ['受理申请总数', 14],
    ['channel:email', 12],
    ['channel:online', 2],
    ['对申请的答复总数', 14],
    ['同意公开数', 14],
    ['提供服务类信息数', 78810],
    ['网上咨询数', 50],
    ['现场接待人数', 31500],
    ['咨询电话接听数', 9850],
    ['网站专栏页面访问量', 32800],
    ['行政复议数', 3],
    ['行政诉讼数', 3],
    ['收取费用总数', 0],
    ['政府信息公开指定专职人员总数', 40],
    ['全职人员数', 2],
    ['兼职人员数', 38],
    ['处理政府信息公开的实际支出', 32],
    ['发现违法用地、采矿行为', 1130],
    ['现场制止', 884],
    ['立案查处', 246],
    ['市本级立案查处', 37],
    ['市本级结案', 34],
    ['市本级结案率', 91.9],
    ['认定闲置土地', 28],
    ['认定闲置土地面积', 762],
    ['卫片执法检查图斑', 117],
    ['涉及宗地', 77],
    ['涉及面积', 6041],
    ['发现查处违法用地', 8],
    ['拆除违法建设', 2178],
    ['拆除违法建设面积', 20.18],
  ];
  for (const [label, value] of expectSeed) {
    it(`${label} = ${value}`, () => assert.equal(figures.get(label), value));
  }
});

describe('expected figures', () => {
  it('refuses a step it has no rule for, rather than leaving it out', () => {
    const scenario = scenarioSchema.parse({
      name: 'x',
      description: '',
      year: 2009,
      agencyId: 'zhuzhou-city',
      cases: [
        {
          label: 'a',
          count: 1,
          dates: { from: '2009-01-05', to: '2009-01-05' },
          steps: [{ method: 'POST', path: '/publications/unknown' }],
        },
      ],
    });
    assert.throws(() => expectedAppendix2008(scenario), /no rule for POST \/publications\/unknown/);
  });

  it('counts only the cases of agencies in the roll-up, and only in the year', () => {
    const scenario = scenarioSchema.parse({
      name: 'x',
      description: '',
      year: 2009,
      agencyId: 'you-county',
      cases: [
        {
          label: 'county',
          count: 3,
          dates: { from: '2009-12-30', to: '2010-01-05' },
          steps: [
            {
              method: 'POST',
              path: '/enforcement/violation-cases',
              body: { agencyId: 'you-county', discoveredOn: '{{date}}' },
            },
          ],
        },
        {
          label: 'city',
          count: 2,
          dates: { from: '2009-03-02', to: '2009-03-03' },
          steps: [
            {
              method: 'POST',
              path: '/enforcement/violation-cases',
              body: { agencyId: 'zhuzhou-city', discoveredOn: '{{date}}' },
            },
          ],
        },
      ],
    });
    const figures = new Map(expectedAppendix2008(scenario).map((f) => [f.label, f.value]));
    assert.equal(figures.get('发现违法用地、采矿行为'), 1);
  });
});
