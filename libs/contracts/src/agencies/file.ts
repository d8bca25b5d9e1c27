// Reading an agencies file (AGENCIES_FILE, `npm start -- --agencies <file.json>`): a JSON array
// `[{ "id", "name", "parentId"?, "level"?, "validFrom"?, "validTo"?, "names"? }]`. Every problem is
// named in one message with the file, the entry and the rule, so a bad file stops boot clearly.
import { readFileSync } from 'node:fs';
import { AgencyListError, AgencyRegistry } from './registry.js';

export class AgenciesFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`agencies file ${file}: ${reason}`);
    this.name = 'AgenciesFileError';
  }
}

export function readAgenciesFile(file: string): AgencyRegistry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AgenciesFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AgenciesFileError(file, `is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return AgencyRegistry.parse(raw);
  } catch (err) {
    if (err instanceof AgencyListError) throw new AgenciesFileError(file, err.message);
    throw err;
  }
}
