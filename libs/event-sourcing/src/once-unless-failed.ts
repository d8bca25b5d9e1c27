// A promise made once and shared by every caller — unless it fails. A read or setup that failed
// because the store was away (a restart) must not be replayed to every later caller: the next call
// makes it again (a cached rejected promise kept the reporting service at 503 for minutes).

/** Returns a function that makes `make()` once and returns that promise, until it rejects. */
export function onceUnlessFailed<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      const attempt = make();
      made = attempt;
      attempt.catch(() => {
        if (made === attempt) made = undefined;
      });
    }
    return made;
  };
}
