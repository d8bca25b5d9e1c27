import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether this runs compiled (dist/…) or from sources. */
export const repoRoot = (): string => {
  // dist/libs/testing/src → repo root, and libs/testing/src → repo root when run from sources.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distAt = parts.lastIndexOf('dist');
  return distAt >= 0 ? parts.slice(0, distAt).join(path.sep) : path.resolve(here, '../../..');
};
