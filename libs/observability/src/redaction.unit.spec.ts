import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FREE_TEXT_FIELDS, PERSONAL_DATA_FIELDS, REDACTED, isSensitiveField, redact, redactText } from './redaction.js';

describe('redact', () => {
  it('replaces every known personal-data field, however it is spelled, and keeps the rest', () => {
    const input = {
      applicantRef: 'apl-1',
      personalData: { name: '张三', idNumber: '110101199003071234', phone: '13800138000' },
      contact: { Full_Name: 'Li Si', 'e-mail': 'li@example.cn', ADDRESS: '北京市' },
      channel: 'online',
      count: 3,
    };
    const out = redact(input);
    assert.deepEqual(out, {
      applicantRef: 'apl-1',
      personalData: REDACTED,
      contact: { Full_Name: REDACTED, 'e-mail': REDACTED, ADDRESS: REDACTED },
      channel: 'online',
      count: 3,
    });
    // The input is left as it was.
    assert.equal(input.personalData.name, '张三');
  });

  it('replaces free text typed into a case (a name or address in it has no pattern to catch it)', () => {
    const out = redact({
      data: { informationRequested: '张三丰测试 北京市测试路1号', receiptDate: '2019-06-03' },
      view: { title: '张三丰测试', caseNumber: '张三丰测试', decisionNumbers: ['张三丰测试'], status: 'filed' },
    });
    assert.deepEqual(out, {
      data: { informationRequested: REDACTED, receiptDate: '2019-06-03' },
      view: { title: REDACTED, caseNumber: REDACTED, decisionNumbers: REDACTED, status: 'filed' },
    });
    for (const field of FREE_TEXT_FIELDS) assert.ok(isSensitiveField(field), field);
  });

  it('knows each listed field in snake, kebab and upper case', () => {
    for (const field of PERSONAL_DATA_FIELDS) {
      const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const kebab = snake.replace(/_/g, '-');
      for (const spelling of [field, snake, kebab, field.toUpperCase()]) {
        assert.equal(isSensitiveField(spelling), true, spelling);
      }
    }
    for (const harmless of ['agencyId', 'streamId', 'channel', 'outcome', 'names', 'topic']) {
      assert.equal(isSensitiveField(harmless), false, harmless);
    }
  });

  it('redacts secrets, inside arrays and maps too', () => {
    const out = redact({
      headers: [{ authorization: 'Bearer abc' }, { accept: 'json' }],
      map: new Map<string, unknown>([
        ['password', 'p'],
        ['user', 'u1'],
      ]),
    });
    assert.deepEqual(out, {
      headers: [{ authorization: REDACTED }, { accept: 'json' }],
      map: { password: REDACTED, user: 'u1' },
    });
  });

  it('masks personal data in free text and in errors, and serialises errors, dates and cycles', () => {
    const cyclic: Record<string, unknown> = { id: 'c' };
    cyclic.self = cyclic;
    const error = new Error('cannot notify li@example.cn at 13800138000');
    const out = redact({ error, at: new Date('2009-03-01T08:00:00Z'), cyclic, big: 12n }) as Record<string, unknown>;
    const e = out.error as { type: string; message: string; stack: string };
    assert.equal(e.type, 'Error');
    assert.equal(e.message, 'cannot notify [email] at [phone]');
    assert.ok(!e.stack.includes('13800138000'));
    assert.equal(out.at, '2009-03-01T08:00:00.000Z');
    assert.deepEqual(out.cyclic, { id: 'c', self: '[circular]' });
    assert.equal(out.big, '12');
  });
});

describe('redactText', () => {
  it('masks e-mail addresses, resident ID numbers, mobile and landline numbers', () => {
    assert.equal(
      redactText('mail wang.wu+x@bureau.gov.cn, id 11010119900307123X, tel +86 13912345678 or 0571-88886666'),
      'mail [email], id [id-number], tel [phone] or [phone]',
    );
  });

  it('leaves ids, UUIDs, dates, offsets and timestamps alone', () => {
    const text =
      'request 0190a4b2-0123-7456-8901-234567890123 v3 at 2009-03-01T08:00:00+08:00 offset 13800138000123 ' +
      'epoch 1236000000000 key dr-2009-0042 actor clerk@city';
    assert.equal(redactText(text), text);
  });
});
