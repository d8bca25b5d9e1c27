import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandScenario, spreadDate, toWeekday } from './expand.js';
import { scenarioSchema } from './format.js';

const scenario = scenarioSchema.parse({
  name: 'test-year',
  description: 'two templates',
  year: 2009,
  agencyId: 'zhuzhou-city',
  cases: [
    {
      label: '电子邮件申请',
      count: 12,
      dates: { from: '2009-01-05', to: '2009-12-28' },
      steps: [
        { method: 'POST', path: '/applications/disclosure-requests', body: { receiptDate: '{{date}}', n: '{{n}}' } },
        {
          method: 'POST',
          path: '/applications/disclosure-requests/{{id}}/replies',
          afterDays: 10,
          body: { repliedOn: '{{date}}' },
        },
      ],
    },
    {
      label: '网上申请',
      count: 2,
      dates: { from: '2009-02-28', to: '2009-03-04' },
      steps: [{ method: 'POST', path: '/applications/x' }],
    },
  ],
});

describe('scenario expansion', () => {
  const cases = expandScenario(scenario);

  it('makes count cases per template, with every Idempotency-Key distinct and stable', () => {
    assert.equal(cases.length, 14);
    const keys = cases.flatMap((c) => c.steps.map((s) => s.idempotencyKey));
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(
      expandScenario(scenario).flatMap((c) => c.steps.map((s) => s.idempotencyKey)),
      keys,
    );
  });

  it('spreads dates over the range on weekdays and shifts later steps by afterDays', () => {
    const email = cases.filter((c) => c.template === '电子邮件申请');
    assert.equal(email[0]!.date, '2009-01-05');
    for (const c of email) {
      assert.ok(c.date >= '2009-01-05' && c.date <= '2009-12-28', c.date);
      assert.ok(![0, 6].includes(new Date(`${c.date}T00:00:00Z`).getUTCDay()), `${c.date} is a weekday`);
      const reply = c.steps[1]!.body as { repliedOn: string };
      const diff = (Date.parse(reply.repliedOn) - Date.parse(c.date)) / 86_400_000;
      assert.equal(diff, 10);
    }
    // 2009-02-28 is a Saturday: recorded on Monday 2 March.
    assert.deepEqual(
      cases.filter((c) => c.template === '网上申请').map((c) => c.date),
      ['2009-03-02', '2009-03-04'],
    );
  });

  it('fills {{n}} as a number, keeps {{id}} for run time, and asks If-Match on follow-up steps', () => {
    const first = cases[3]!;
    assert.deepEqual(first.steps[0]!.body, { receiptDate: first.date, n: 3 });
    assert.equal(first.steps[1]!.path, '/applications/disclosure-requests/{{id}}/replies');
    assert.equal(first.steps[0]!.ifMatch, false);
    assert.equal(first.steps[1]!.ifMatch, true);
  });

  it('computes weekday shifts and spreads without leaving the range', () => {
    assert.equal(toWeekday('2009-01-03'), '2009-01-05');
    // A weekend at the end of a range goes back to Friday; a range of only a weekend keeps its day.
    assert.equal(spreadDate('2009-12-21', '2009-12-27', 1, 2), '2009-12-25');
    assert.equal(spreadDate('2009-12-26', '2009-12-27', 1, 2), '2009-12-27');
  });
});
