// Two stacks on one broker (two TOPIC_PREFIXes, as the end-to-end tests run them side by side): each
// stack's appeals learns the acts of its own topics. The acts consumer group once lacked the prefix,
// so both stacks' appeals joined one `appeals.acts` group with different topics; kafkajs's assigner
// then gave each member partitions of the other stack's topics, which nobody read (CI of stop 21:
// the canary and operations suites waited 120 s on `appeals.acts` lag that never moved).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { actsConsumerGroup, AppealsServiceModule } from '../appeals.module.js';
import { disclosureRequestReceivedEvent, publishAct, violationDiscoveredEvent } from '../testing/acts.js';
import { http, startService, type ServiceUnderTest } from '../testing/service-under-test.js';

const real = await integrationInfra();

describe('the acts consumer group of stacks sharing a broker (real Kafka + store)', { skip: real.skip }, () => {
  const stacks: ServiceUnderTest[] = [];
  let transport: KafkaTransport;

  before(async () => {
    // Started one after the other, so the second joins while the first already consumes.
    for (const name of ['appeals-stack-a', 'appeals-stack-b']) {
      stacks.push(
        await startService(
          (runtime, o) => AppealsServiceModule.register(runtime, { ...o, actConfirmation: { sweepEveryMs: 0 } }),
          real.infra!,
          uniqueName(name),
        ),
      );
    }
    transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
  });
  after(async () => {
    await transport?.close();
    await Promise.all(stacks.map((s) => s.close()));
  });

  it('names the group after the stack’s topic prefix', () => {
    assert.equal(actsConsumerGroup(), 'appeals.acts');
    assert.equal(actsConsumerGroup('ops-1.'), 'ops-1.appeals.acts');
  });

  it('lets each stack learn the requests and violation cases published on its own topics', async () => {
    const published = await Promise.all(
      stacks.map(async (stack) => {
        const acts = [uuidv7(), uuidv7()];
        await publishAct(transport, disclosureRequestReceivedEvent(acts[0]!, 'zhuzhou-city'), stack.topicPrefix);
        await publishAct(transport, violationDiscoveredEvent(acts[1]!, 'zhuzhou-city'), stack.topicPrefix);
        return { stack, acts };
      }),
    );
    for (const { stack, acts } of published) {
      for (const ref of acts) {
        await eventually(async () => (await http(`${stack.url}/appeals/known-acts/${ref}`)).status === 200, {
          timeoutMs: 60_000,
          what: `${stack.topicPrefix} knows act ${ref}`,
        });
      }
    }
    // And neither learnt the other's: the stacks' topics are theirs alone.
    const [a, b] = published;
    assert.equal((await http(`${b!.stack.url}/appeals/known-acts/${a!.acts[0]}`)).status, 404);
    assert.equal((await http(`${a!.stack.url}/appeals/known-acts/${b!.acts[0]}`)).status, 404);
  });
});
