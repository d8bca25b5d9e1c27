import { readFileSync } from 'node:fs';
import { scenarioSchema, type Scenario } from './format.js';

export class ScenarioFileError extends Error {}

/** Why a scenario file cannot be read, and what to do about it. */
function unreadable(file: string, err: unknown): ScenarioFileError {
  const code = (err as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : code === 'EACCES'
          ? 'may not be read (permissions)'
          : `cannot be read (${code ?? String(err)})`;
  return new ScenarioFileError(
    `scenario file ${file} ${what}: name an existing one (npm start -- --scenario <file>; the bundled scenarios are in apps/platform/scenarios/)`,
  );
}

/** Reads and validates a scenario file; the error says what is wrong with it (each bad field named). */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioFileError(`${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new ScenarioFileError(`${file} is not a valid scenario:\n  ${problems}`);
  }
  return parsed.data;
}
