import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '#event-sourcing';
import { BatchRowReader, splitCsvLine, type LineResult } from './batch-rows.js';

const ctx = { agencyId: 'zhuzhou-city', today: '2009-12-31' };
const readAll = (reader: BatchRowReader, text: string): LineResult[] =>
  text.split('\n').map((line, i) => reader.read(line, i + 1));

describe('bulk rows: CSV', () => {
  it('reads rows after the header, with defaults for agency and contacts and the 附表三 channel words', () => {
    const reader = new BatchRowReader('csv', ctx);
    const results = readAll(
      reader,
      'receivedOn,channel,agencyId,contacts\r\n2009-01-05,phone,,\r\n\r\n2009-01-05,现场,you-county,12\n"2009-01-06","网上",,1',
    );
    assert.deepEqual(
      results.filter((r) => r.kind === 'row').map((r) => (r.kind === 'row' ? r.row : undefined)),
      [
        { row: 1, agencyId: 'zhuzhou-city', receivedOn: '2009-01-05', channel: 'phone', contacts: 1 },
        { row: 2, agencyId: 'you-county', receivedOn: '2009-01-05', channel: 'on-site', contacts: 12 },
        { row: 3, agencyId: 'zhuzhou-city', receivedOn: '2009-01-06', channel: 'online', contacts: 1 },
      ],
    );
    assert.equal(reader.rowCount, 3);
    assert.equal(results[2]!.kind, 'skipped');
  });

  it('reports every error of a row with its row, line, field and rule, and goes on', () => {
    const reader = new BatchRowReader('csv', ctx);
    const results = readAll(
      reader,
      [
        'receivedOn,channel,agencyId,contacts',
        '2009-02-30,fax,atlantis,0',
        '2010-01-01,phone,,',
        '2009-01-01,phone',
        '2009-01-01,"phone,',
        '2009-01-01,phone,,2.5',
        '2009-01-02,phone,,3',
      ].join('\n'),
    );
    const errors = results.flatMap((r) =>
      r.kind === 'errors' ? r.errors.map((e) => `${e.row}@${e.line}:${e.field}:${e.rule}`) : [],
    );
    assert.deepEqual(errors, [
      '1@2:receivedOn:date.invalid',
      '1@2:channel:channel.unknown',
      '1@2:agencyId:agency.outside-batch',
      '1@2:contacts:contacts.invalid',
      '2@3:receivedOn:date.in-future',
      '3@4:(row):csv.column-count',
      '4@5:(row):csv.malformed',
      '5@6:contacts:contacts.invalid',
    ]);
    assert.equal(results.at(-1)!.kind, 'row');
  });

  it('refuses a county bureau importing rows of the city or of another county', () => {
    const reader = new BatchRowReader('csv', { agencyId: 'you-county', today: '2009-12-31' });
    const results = readAll(
      reader,
      'receivedOn,channel,agencyId\n2009-01-01,phone,zhuzhou-city\n2009-01-01,phone,liling-city',
    );
    assert.deepEqual(
      results.flatMap((r) => (r.kind === 'errors' ? r.errors.map((e) => e.rule) : [])),
      ['agency.outside-batch', 'agency.outside-batch'],
    );
  });

  it('refuses a header without a required column or with an unknown one', () => {
    for (const header of ['channel,agencyId', 'receivedOn,channel,name', 'receivedOn,channel,channel']) {
      assert.throws(
        () => new BatchRowReader('csv', ctx).read(header, 1),
        (err: unknown) => err instanceof DomainError && err.rule === 'batch.header-invalid' && err.field === 'header',
      );
    }
  });

  it('splits quoted cells', () => {
    assert.deepEqual(splitCsvLine('a,"b,c","say ""hi""",'), ['a', 'b,c', 'say "hi"', '']);
    assert.equal(splitCsvLine('a,"b'), undefined);
  });
});

describe('bulk rows: NDJSON', () => {
  it('reads objects, refuses unknown fields, malformed JSON and non-objects', () => {
    const reader = new BatchRowReader('ndjson', ctx);
    const results = readAll(
      reader,
      [
        '{"receivedOn":"2009-03-01","channel":"online","contacts":4}',
        '{"receivedOn":"2009-03-01","channel":"online","name":"Zhang San"}',
        '{"receivedOn":',
        '[1,2]',
        '{"receivedOn":"2009-03-01","channel":"phone","contacts":"7"}',
      ].join('\n'),
    );
    assert.deepEqual(results[0], {
      kind: 'row',
      row: { row: 1, agencyId: 'zhuzhou-city', receivedOn: '2009-03-01', channel: 'online', contacts: 4 },
    });
    assert.deepEqual(
      results.slice(1).map((r) => (r.kind === 'errors' ? r.errors.map((e) => `${e.field}:${e.rule}`).join() : r.kind)),
      ['name:unrecognized_keys', '(row):json.malformed', '(row):json.not-object', 'row'],
    );
  });
});
