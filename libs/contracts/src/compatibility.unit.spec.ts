import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { allContracts } from './all.js';
import { incompatibilities, jsonSchemaOf, publishedVersions, snapshotPath } from './compatibility.js';

const publishedDir = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../../libs/contracts/published',
);

describe('schema compatibility rules', () => {
  const v1 = jsonSchemaOf(z.strictObject({ a: z.string(), kind: z.enum(['x', 'y']), note: z.string().optional() }));

  it('accepts an identical schema, a new optional property and a wider enum', () => {
    assert.deepEqual(incompatibilities(v1, v1), []);
    const wider = jsonSchemaOf(
      z.strictObject({
        a: z.string(),
        kind: z.enum(['x', 'y', 'z']),
        note: z.string().optional(),
        extra: z.number().optional(),
      }),
    );
    assert.deepEqual(incompatibilities(v1, wider), []);
  });

  it('flags a removed property, a newly required one, a narrowed enum and a changed type', () => {
    const broken = jsonSchemaOf(z.strictObject({ kind: z.enum(['x']), note: z.number(), b: z.string() }));
    const problems = incompatibilities(v1, broken).join('\n');
    assert.match(problems, /\$\.a: removed/);
    assert.match(problems, /enum value y removed/);
    assert.match(problems, /\$\.note: type changed/);
    assert.match(problems, /b: newly required/);
  });
});

describe('an enum opened to a pattern (agency ids as data, ADR 0014)', () => {
  const listed = jsonSchemaOf(z.strictObject({ agencyId: z.enum(['zhuzhou-city', 'you-county']) }));
  it('is compatible when every published value matches the pattern', () => {
    const opened = jsonSchemaOf(
      z.strictObject({
        agencyId: z
          .string()
          .max(64)
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
      }),
    );
    assert.deepEqual(incompatibilities(listed, opened), []);
  });
  it('is a break when a published value no longer matches', () => {
    const narrowed = jsonSchemaOf(z.strictObject({ agencyId: z.string().regex(/^zhuzhou-/) }));
    assert.match(incompatibilities(listed, narrowed).join('\n'), /agencyId/);
  });
});

describe('published event contracts', () => {
  for (const contract of allContracts) {
    for (const version of publishedVersions(contract)) {
      it(`${version.type} v${version.schemaVersion} matches its published snapshot`, () => {
        const file = path.join(publishedDir, snapshotPath(version.type, version.schemaVersion));
        assert.ok(existsSync(file), `no published snapshot ${file}: run \`npm run contracts:publish\` and commit it`);
        const published = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        assert.deepEqual(
          incompatibilities(published, version.schema),
          [],
          'incompatible change: add a new schemaVersion',
        );
      });
    }
    it(`${contract.type}: its example validates`, () => {
      assert.equal(contract.schema.safeParse(contract.example).success, true);
    });
  }
});
