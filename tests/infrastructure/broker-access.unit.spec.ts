// The broker's ACL model (infra/broker-access.mjs) against what the services are: the same service
// names as the contracts, each service's WRITE limited to its own topic (and, as a consumer, to the
// dead-letter and retry topics under what it consumes), and reporting able to read what it projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICES, eventsTopic } from '#contracts';
import { brokerAccess } from '#testing';
import { SOURCE_SERVICES } from '../../apps/reporting/src/annual-report/application/fact-translation.js';

const access = await brokerAccess();

describe('broker ACLs (infra/broker-access.mjs)', () => {
  it('names the same services as the contracts', () => {
    assert.deepEqual([...access.BROKER_SERVICES], [...SERVICES]);
  });

  for (const prefix of ['', 'e2e-run.']) {
    it(`lets each service write only its own events topic${prefix ? ' under a TOPIC_PREFIX' : ''}`, () => {
      const acls = access.brokerAcls(prefix);
      for (const service of SERVICES) {
        const writes = acls.filter((a) => a.principal === `User:${service}` && a.operation === 'WRITE');
        const literal = writes.filter((a) => a.patternType === 'LITERAL').map((a) => a.name);
        assert.deepEqual(
          literal,
          [`${prefix}${eventsTopic(service)}`],
          `${service} writes literally only its own topic`,
        );
        // Prefixed writes only below a topic it consumes, never a prefix that matches an events topic
        // itself, and — but for the operations host, which replays for every group — only the retry
        // topics of its own groups (`<topic>.<service>.…`).
        for (const w of writes.filter((a) => a.patternType === 'PREFIXED')) {
          const own =
            service === access.OPERATIONS_HOST
              ? /\.events\.(dlq|.*\.)?$/
              : new RegExp(`\\.events\\.(dlq|(${prefix.replace('.', '\\.')})?${service}\\.)$`);
          assert.match(w.name, own, `${service}: ${w.name}`);
          for (const other of SERVICES) assert.ok(!`${prefix}${eventsTopic(other)}`.startsWith(w.name));
        }
      }
    });
  }

  it('lets reporting read every topic it projects, appeals the acts it waits for, and everyone the agency registry', () => {
    const acls = access.brokerAcls('');
    const reads = (service: string): string[] =>
      acls
        .filter((a) => a.principal === `User:${service}` && a.operation === 'READ' && a.resourceType === 'TOPIC')
        .filter((a) => a.patternType === 'LITERAL')
        .map((a) => a.name);
    for (const source of SOURCE_SERVICES) assert.ok(reads('reporting').includes(eventsTopic(source)), source);
    assert.deepEqual(reads('appeals').sort(), [
      eventsTopic('applications'),
      eventsTopic('enforcement'),
      eventsTopic('reporting'),
    ]);
    // Every service follows the agency registry's changes on reporting.events (ADR 0014), and reads nothing else.
    assert.deepEqual(reads('publications'), [eventsTopic('reporting')]);
    assert.deepEqual(reads('operations'), [eventsTopic('reporting')]);
    assert.ok(!reads('reporting').includes(eventsTopic('operations')), 'reporting projects no operations event');
  });

  it('lets operations, and no longer reporting, read every dead letter and replay into any retry topic (ADR 0010)', () => {
    const acls = access.brokerAcls('');
    const below = (service: string, operation: string): string[] =>
      acls
        .filter((a) => a.principal === `User:${service}` && a.operation === operation && a.patternType === 'PREFIXED')
        .map((a) => a.name);
    assert.equal(access.OPERATIONS_HOST, 'operations');
    for (const source of [...SOURCE_SERVICES, 'reporting'] as const) {
      for (const operation of ['READ', 'WRITE']) {
        assert.ok(below('operations', operation).includes(`${eventsTopic(source)}.`), `${operation} ${source}`);
      }
      // Reporting keeps the dead-letter and retry topics of its own groups only.
      assert.ok(!below('reporting', 'WRITE').includes(`${eventsTopic(source)}.`), `reporting still writes ${source}.*`);
    }
  });

  it('grants no one anything on the cluster, and nothing to anonymous clients', () => {
    const acls = access.brokerAcls('');
    assert.ok(acls.every((a) => a.resourceType === 'TOPIC' || a.resourceType === 'GROUP'));
    assert.ok(acls.every((a) => SERVICES.some((s) => a.principal === `User:${s}`)));
  });
});
