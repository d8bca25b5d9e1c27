// `npm start -- --exit` as a user runs it (the built platform as its own process, embedded mode):
// the 2009 scenario goes in through the six services' HTTP APIs, and the report file that comes
// out holds exactly the figures the scenario implies — computed from the scenario's commands by
// `expectedAppendix2008`, not copied from output — with every balancing identity holding.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '#testing';
import { type ReportJson, type ReportRow } from '../../apps/platform/src/report-output.js';
import { expectedAppendix2008 } from '../../apps/platform/src/scenario/expected.js';
import { loadScenario } from '../../apps/platform/src/scenario/load.js';

const scenario = loadScenario(path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json'));

/** Every row of a report, flattened, with its label stripped of the seed's numbering and quotes. */
function rowsOf(report: ReportJson): Map<string, number> {
  const rows = new Map<string, number>();
  const clean = (label: string): string => label.replace(/^(\d+\.|（\d+）|\(\d+\))\s*/, '').replace(/[“”"]/g, '');
  const walk = (list: readonly ReportRow[]): void => {
    for (const r of list) {
      if (r.value !== undefined) rows.set(clean(r.label), r.value);
      if (r.children) walk(r.children);
    }
  };
  for (const t of report.tables) walk(t.rows);
  return rows;
}

const CHANNEL_ROWS: Record<string, string> = {
  'in-person': '当面申请数',
  fax: '传真申请数',
  email: '电子邮件申请数',
  online: '网上申请数',
  letter: '信函申请数',
  other: '其他形式申请数',
};

describe('npm start -- --exit (the embedded platform, the 2009 seed year)', () => {
  it('writes the report in every format, holding exactly the figures the scenario implies', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'npm-start-'));
    const stdout: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(repoRoot(), 'dist/apps/platform/src/main.js'), '--exit', '--port', '0', '--out', out],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
      child.on('exit', (c) => resolve(c ?? 1));
    });
    assert.equal(code, 0);
    const printed = stdout.join('');
    for (const title of ['附表一', '附表二', '附表三', '附表四', '附表五', '附 执法监察情况统计']) {
      assert.ok(printed.includes(title), `the terminal shows ${title}`);
    }

    const files = (await readdir(out)).sort();
    for (const ext of ['json', 'csv', 'md', 'html']) {
      assert.ok(
        files.some((f) => f.endsWith(`-2008.${ext}`)),
        `2008 appendix as .${ext}`,
      );
      assert.ok(
        files.some((f) => f.endsWith(`-national-2021.${ext}`)),
        `national format as .${ext}`,
      );
    }
    const report = JSON.parse(
      await readFile(
        path.join(
          out,
          files.find((f) => f.endsWith('-2008.json'))!,
        ),
        'utf8',
      ),
    ) as ReportJson;
    const rows = rowsOf(report);
    for (const { label, value } of expectedAppendix2008(scenario)) {
      const rowLabel = label.startsWith('channel:') ? CHANNEL_ROWS[label.slice('channel:'.length)]! : label;
      assert.equal(rows.get(rowLabel), value, `${rowLabel}: the scenario implies ${value}`);
    }
    assert.deepEqual(
      report.checks.filter((c) => !c.holds),
      [],
      'every balancing identity holds',
    );
  });
});
