// Waiting in tests: poll a condition until it holds or a deadline passes — never a bare sleep,
// so a fast machine is not slowed and a slow one fails with what was last seen.

export interface ProbeOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the error when the deadline passes. */
  what?: string;
  /** Stops the polling (rejecting with the signal's reason), e.g. once the awaited process has exited. */
  signal?: AbortSignal;
}

/** Resolves with the first truthy value `check` returns; rejects after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50, what = 'condition', signal }: ProbeOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${what} did not hold within ${timeoutMs} ms (last seen: ${seen})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
