// infra/native.mjs runs tools with passwords on their command line (the Kafka storage format takes
// every principal's SCRAM password as `--add-scram`): when such a command fails, its error — printed
// by `up` and kept in CI's output — names the command and its output with the passwords masked.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '#testing';

interface NativeModule {
  masked(text: string, secrets?: readonly string[]): string;
  run(cmd: string, args: readonly string[], opts?: object, secrets?: readonly string[]): string;
}

const native = (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href)) as NativeModule;

describe('infra/native.mjs: a failed command with passwords in its arguments', () => {
  it('masks every occurrence of every secret, and leaves the rest of the text alone', () => {
    assert.equal(
      native.masked('name=a,password=s3cr3t name=b,password=other s3cr3t', ['s3cr3t', 'other', '']),
      'name=a,password=*** name=b,password=*** ***',
    );
  });

  it('names the command and shows its output, without the passwords it was given', () => {
    const secrets = ['pw-of-admin-7f3a', 'pw-of-appeals-91c2'];
    // A command that fails after echoing its arguments, as the storage tool echoes a bad --add-scram.
    const args = [
      '-c',
      'echo "refused: $1 $2" >&2; exit 3',
      'sh',
      ...secrets.map((p) => `SCRAM-SHA-512=[password=${p}]`),
    ];
    assert.throws(
      () => native.run('sh', args, {}, secrets),
      (err: Error) => {
        assert.match(err.message, /^sh -c .* failed \(exit 3\):\nrefused: SCRAM-SHA-512=\[password=\*\*\*\]/);
        for (const secret of secrets) assert.ok(!err.message.includes(secret), `the error shows ${secret}`);
        return true;
      },
    );
  });
});
