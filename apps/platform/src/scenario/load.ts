import { readFileSync } from 'node:fs';
import { scenarioSchema, type Scenario } from './format.js';

export class ScenarioFileError extends Error {}

/** Reads and validates a scenario file; the error names each bad field. */
export function loadScenario(file: string): Scenario {
  const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new ScenarioFileError(`${file} is not a valid scenario:\n  ${problems}`);
  }
  return parsed.data;
}
