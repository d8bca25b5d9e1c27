// Command line for dead letters on a real broker:
//
//   node dist/libs/messaging/src/dead-letters-cli.js list   --topic applications.events --brokers 127.0.0.1:19092 [--group G] [--limit N]
//   node dist/libs/messaging/src/dead-letters-cli.js replay --topic applications.events --brokers 127.0.0.1:19092 [--group G] [--replay-group R] [--to T]
//
// `list` prints one JSON object per dead letter. `replay` sends each letter to the retry topic of
// the group that gave up on it (`<topic>.<group>.retry`, ADR 0007: that group alone processes it
// again), or to --to; --group limits it to the letters that group gave up on; --replay-group
// (default `<topic>.dlq.replay`) records how far replays have got, so running it twice does not
// send a letter twice. Prints a JSON summary.
import { parseArgs } from 'node:util';
import { type DeadLetter, listDeadLetters, republishDeadLetters } from './dead-letters.js';
import { brokerCredentialsFromEnv } from './broker-credentials.js';
import { KafkaTransport } from './kafka-transport.js';

const USAGE =
  'usage: dead-letters-cli <list|replay> --topic <original topic> --brokers <host:port,…> ' +
  '[--group <consumer group>] [--limit <n>] [--replay-group <group>] [--to <topic>]';

export function describeLetter(letter: DeadLetter): Record<string, unknown> {
  return {
    dlqOffset: `${letter.at.partition}@${letter.at.offset}`,
    topic: letter.message.topic,
    partition: letter.message.partition,
    offset: letter.message.offset,
    key: letter.message.key,
    eventId: letter.message.headers['event-id'] ?? null,
    eventType: letter.message.headers['event-type'] ?? null,
    consumerGroup: letter.consumerGroup,
    error: `${letter.error.name}: ${letter.error.message}`,
    attempts: letter.attempts,
    failedAt: letter.failedAt,
    replays: letter.replays,
  };
}

export async function main(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      brokers: { type: 'string' },
      group: { type: 'string' },
      limit: { type: 'string' },
      'replay-group': { type: 'string' },
      to: { type: 'string' },
    },
  });
  const command = positionals[0];
  const { topic, brokers } = values;
  if ((command !== 'list' && command !== 'replay') || !topic || !brokers) {
    console.error(USAGE);
    return 2;
  }
  // An operator's tool: it logs in as whom KAFKA_SASL_* name (an admin on a secured broker).
  const sasl = process.env.KAFKA_SASL_USERNAME ? brokerCredentialsFromEnv(process.env) : undefined;
  const transport = new KafkaTransport({
    brokers: brokers.split(','),
    clientId: 'dead-letters-cli',
    ...(sasl ? { sasl } : {}),
  });
  try {
    if (command === 'list') {
      const letters = await listDeadLetters(transport, topic, {
        ...(values.group ? { consumerGroup: values.group } : {}),
        ...(values.limit ? { limit: Number(values.limit) } : {}),
      });
      for (const letter of letters) out(JSON.stringify(describeLetter(letter)));
    } else {
      const group = values.group;
      const report = await republishDeadLetters({
        transport,
        topic,
        replayGroup: values['replay-group'] ?? `${topic}.dlq.replay`,
        ...(group ? { select: (l: DeadLetter) => l.consumerGroup === group } : {}),
        ...(values.to ? { to: values.to } : {}),
      });
      out(
        JSON.stringify({
          replayed: report.replayed.length,
          skipped: report.skipped.length,
          failed: report.failed.map((f) => ({ ...describeLetter(f.letter), error: f.error })),
        }),
      );
    }
    return 0;
  } finally {
    await transport.close();
  }
}

const invokedDirectly = process.argv[1]?.endsWith('dead-letters-cli.js') ?? false;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
