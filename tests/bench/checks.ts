// The run's correctness checks: a benchmark whose results are wrong is worse than none, so every
// measurement states what must hold (events consumed = events appended, the rebuilt read model
// equals the expected one, …) and any failed check fails the whole run (exit code 1).

export interface CheckResult {
  readonly measurement: string;
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export class Checks {
  private readonly results: CheckResult[] = [];

  /** Records that `expected` and `actual` are equal (compared as JSON). */
  equal(measurement: string, name: string, actual: unknown, expected: unknown): boolean {
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    this.results.push({
      measurement,
      name,
      ok,
      detail: ok
        ? `= ${JSON.stringify(actual)}`
        : `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    });
    return ok;
  }

  that(measurement: string, name: string, ok: boolean, detail: string): boolean {
    this.results.push({ measurement, name, ok, detail });
    return ok;
  }

  get all(): readonly CheckResult[] {
    return this.results;
  }

  get failed(): readonly CheckResult[] {
    return this.results.filter((r) => !r.ok);
  }
}
