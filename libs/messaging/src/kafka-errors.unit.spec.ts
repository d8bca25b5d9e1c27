// Which broker errors a starting service waits out, and which it dies of (kafkajs' own error classes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { isSettlingError, isTransientAtStartup } from './kafka-transport.js';

// kafkajs is CommonJS and its typings leave some error classes out: take them from the module object.
type ErrorClass = new (...args: unknown[]) => Error;
const errorClass = (name: string): ErrorClass => (kafkajs as unknown as Record<string, ErrorClass>)[name]!;
const KafkaJSAggregateError = errorClass('KafkaJSAggregateError');
const KafkaJSConnectionError = errorClass('KafkaJSConnectionError');
const KafkaJSCreateTopicError = errorClass('KafkaJSCreateTopicError');
const KafkaJSNumberOfRetriesExceeded = errorClass('KafkaJSNumberOfRetriesExceeded');
const KafkaJSProtocolError = errorClass('KafkaJSProtocolError');
const KafkaJSRequestTimeoutError = errorClass('KafkaJSRequestTimeoutError');
const KafkaJSTimeout = errorClass('KafkaJSTimeout');

const protocol = (type: string, code: number, retriable: boolean): Error =>
  new KafkaJSProtocolError({ type, code, retriable, message: type });

describe('broker errors at start-up', () => {
  it('waits out metadata settling, also inside createTopics’ per-topic errors', () => {
    const unknownTopic = protocol('UNKNOWN_TOPIC_OR_PARTITION', 3, true);
    assert.equal(isSettlingError(unknownTopic), true);
    const replication = new KafkaJSCreateTopicError(protocol('INVALID_REPLICATION_FACTOR', 38, false), 'x.dlq');
    assert.equal(isSettlingError(new KafkaJSAggregateError('Topic creation errors', [replication])), true);
    assert.equal(isTransientAtStartup(new KafkaJSAggregateError('Topic creation errors', [replication])), true);
  });

  it('waits out a broker too busy to answer or not up yet — but only at start-up', () => {
    const busy = [
      new KafkaJSRequestTimeoutError('Request CreateTopics(key: 19, version: 3) timed out', {}),
      new KafkaJSTimeout('Timed out while waiting for topic leaders'),
      new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:19092'),
      protocol('COORDINATOR_LOAD_IN_PROGRESS', 14, true),
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), {
        retryCount: 5,
        retryTime: 8604,
      }),
    ];
    for (const err of busy) {
      assert.equal(isTransientAtStartup(err), true, err.message);
      assert.equal(isSettlingError(err), false, `${err.message}: not a metadata-settling error`);
    }
  });

  it('dies of what waiting cannot fix: refusals, bad requests, and errors that are not the broker’s', () => {
    const fatal = [
      protocol('TOPIC_AUTHORIZATION_FAILED', 29, false),
      protocol('INVALID_TOPIC_EXCEPTION', 17, false),
      new KafkaJSNumberOfRetriesExceeded(protocol('TOPIC_AUTHORIZATION_FAILED', 29, false), {
        retryCount: 5,
        retryTime: 1000,
      }),
      new RangeError('topic x: partitions must be an integer ≥ 1'),
      new Error('KafkaTransport is closed'),
      undefined,
    ];
    for (const err of fatal) assert.equal(isTransientAtStartup(err), false, String(err));
  });
});
