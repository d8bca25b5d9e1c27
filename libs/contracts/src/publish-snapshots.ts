// `npm run contracts:publish`: writes the JSON Schema snapshot of every (type, version) that has
// none yet. It never overwrites one: a published schema changes only through a new version.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allContracts } from './all.js';
import { publishedVersions, snapshotPath } from './compatibility.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const publishedDir = path.resolve(here, '../../../../libs/contracts/published');

let written = 0;
for (const contract of allContracts) {
  for (const v of publishedVersions(contract)) {
    const file = path.join(publishedDir, snapshotPath(v.type, v.schemaVersion));
    if (existsSync(file)) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(v.schema, null, 2)}\n`);
    written++;
    console.log(`published ${path.relative(process.cwd(), file)}`);
  }
}
console.log(`${written} new schema snapshot(s)`);
