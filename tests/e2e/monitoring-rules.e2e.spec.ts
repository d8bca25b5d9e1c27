// The Grafana dashboard and the Prometheus alert rules in infra/monitoring name metrics; an alert on
// a metric no service exports never fires. So every metric they name must be exported, with a sample,
// by the running services: the embedded platform (all seven services in this process) is started, a
// disclosure request received long ago and left unanswered makes a case overdue, and each service's
// /<service>/metrics is scraped with an operations token.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { eventually, repoRoot } from '#testing';
import { listeningPlatform, type ListeningPlatform } from '../support/embedded-platform.js';

const monitoring = path.join(repoRoot(), 'infra/monitoring');

interface RuleFile {
  groups: Array<{
    name: string;
    rules: Array<{ alert?: string; expr: string; annotations?: Record<string, string> }>;
  }>;
}
interface Dashboard {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

/** The metric names an expression reads (a histogram's _bucket/_count/_sum read its family). */
export function metricsNamedIn(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\blandbureau_[a-z_]+\b/g)].map((m) => m[0]))];
}

const family = (name: string): string => name.replace(/_(bucket|count|sum)$/, '');

function namedMetrics(): Map<string, string[]> {
  const where = new Map<string, string[]>();
  const note = (name: string, at: string) => where.set(name, [...(where.get(name) ?? []), at]);
  const rules = parse(readFileSync(path.join(monitoring, 'prometheus-alerts.yml'), 'utf8')) as RuleFile;
  for (const g of rules.groups)
    for (const r of g.rules) for (const m of metricsNamedIn(r.expr)) note(m, `alert ${r.alert}`);
  const dashboard = JSON.parse(readFileSync(path.join(monitoring, 'grafana-dashboard.json'), 'utf8')) as Dashboard;
  for (const p of dashboard.panels)
    for (const t of p.targets) for (const m of metricsNamedIn(t.expr)) note(m, `panel ${p.title}`);
  return where;
}

describe('infra/monitoring names only metrics the services export', () => {
  let platform: ListeningPlatform;
  let scraped = '';
  let requestId = '';

  before(async () => {
    platform = await listeningPlatform();
    const clerk = platform.issuer.mint({ sub: 'clerk-mon', roles: ['clerk'], agencyId: CITY_AGENCY_ID });
    // Received in 2019 and never answered: past its reply deadline today.
    const res = await fetch(`${platform.baseUrl}/applications/disclosure-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': 'mon-1' },
      body: JSON.stringify({
        agencyId: CITY_AGENCY_ID,
        receiptDate: '2019-03-04',
        channel: 'online',
        applicantType: 'natural-person',
        informationRequested: '2018年土地征收补偿标准',
        applicant: { name: '申请人 甲' },
      }),
    });
    const body = await res.text();
    assert.equal(res.status, 201, body);
    requestId = (JSON.parse(body) as { id: string }).id;
    const ops = platform.issuer.mint({ sub: 'ops-mon', roles: ['operations'], agencyId: CITY_AGENCY_ID });
    const scrape = async () => {
      const texts = await Promise.all(
        SERVICES.map(async (s) => {
          const r = await fetch(`${platform.baseUrl}/${s}/metrics`, { headers: { authorization: `Bearer ${ops}` } });
          assert.equal(r.status, 200, `/${s}/metrics`);
          return r.text();
        }),
      );
      return texts.join('\n');
    };
    // The consumers report their lag once they have joined; the overdue gauge at the next scrape.
    scraped = await eventually(
      async () => {
        const text = await scrape();
        return /^landbureau_consumer_lag_messages\{/m.test(text) && /^landbureau_overdue_cases\{/m.test(text)
          ? text
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'consumer lag and overdue cases in the scrape' },
    );
  });

  after(async () => {
    await platform?.close();
  });

  it('finds every metric the dashboard and the alert rules name among the families the services export', () => {
    const named = namedMetrics();
    assert.ok(named.size >= 10, `the files name the pipeline's metrics (${[...named.keys()].join(', ')})`);
    const exported = new Set(
      scraped
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    const missing = [...named]
      .filter(([name]) => !exported.has(family(name)))
      .map(([name, at]) => `${name} (${at.join(', ')})`);
    assert.deepEqual(missing, [], 'metrics named but not exported');
  });

  it('points the alerts at pages that are served: the monitoring page, in Chinese, its overdue requests linked', async () => {
    const rules = parse(readFileSync(path.join(monitoring, 'prometheus-alerts.yml'), 'utf8')) as RuleFile;
    const described = rules.groups.flatMap((g) => g.rules).map((r) => r.annotations?.description ?? '');
    const pages = new Set(described.flatMap((d) => [...d.matchAll(/\((\/[a-z]+)\)/g)].map((m) => m[1]!)));
    assert.deepEqual([...pages], ['/operations'], 'the alerts send the reader to the monitoring page');
    for (const page of pages) {
      const res = await fetch(`${platform.baseUrl}${page}`);
      assert.equal(res.status, 200, page);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('content-language'), 'zh-CN', 'in Chinese unless English is asked for');
      assert.match(await res.text(), /<html lang="zh-CN">/);
      const english = await fetch(`${platform.baseUrl}${page}`, { headers: { 'accept-language': 'en-US,en' } });
      assert.equal(english.headers.get('content-language'), 'en');
    }
    // The overdue request the alert counts is listed there with its link to the workbench.
    const reader = platform.issuer.mint({ sub: 'ops-mon', roles: ['operations', 'auditor'], agencyId: CITY_AGENCY_ID });
    const res = await fetch(`${platform.baseUrl}/operations/api/deadlines`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    assert.equal(res.status, 200);
    const { agencies } = (await res.json()) as {
      agencies: Array<{ agencyId: string; requests: { overdueCases?: Array<{ id: string; link: string | null }> } }>;
    };
    const city = agencies.find((a) => a.agencyId === CITY_AGENCY_ID);
    const listed = city?.requests.overdueCases?.find((c) => c.id === requestId);
    assert.ok(listed, `the unanswered request is listed overdue: ${JSON.stringify(city)}`);
    assert.equal(listed.link, `/workbench/#/requests/${requestId}`);
  });

  it('exports the overdue gauge for the unanswered request, per agency', () => {
    assert.match(
      scraped,
      /^landbureau_overdue_cases\{kind="disclosure-request",agency="zhuzhou-city",service="applications"\} 1$/m,
    );
  });

  it('reports consumer lag, projection lag and the dead-letter topics in embedded mode too', () => {
    for (const name of [
      'landbureau_consumer_lag_messages',
      'landbureau_projection_lag_seconds',
      'landbureau_dead_letter_backlog_messages',
    ]) {
      assert.match(scraped, new RegExp(`^${name}\\{`, 'm'), `${name} has a sample`);
    }
  });
});
