// Where this checkout keeps its local stack's files: `.infra/` at the repository root, or INFRA_HOME.
// infra/stack.mjs leaves the stack's JWT secret in `<infra home>/run/jwt-secret`, which the scenario
// feed (apps/platform/src/feed.ts) signs its tokens with; the test support reads the broker's
// credentials from the same place. Production code, so it lives here and not in libs/testing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether this runs compiled (dist/…) or from sources. */
export const repoRoot = (): string => {
  // dist/libs/auth/src → repo root, and libs/auth/src → repo root when run from sources.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distAt = parts.lastIndexOf('dist');
  return distAt >= 0 ? parts.slice(0, distAt).join(path.sep) : path.resolve(here, '../../..');
};

/** INFRA_HOME, else `<repo>/.infra`, as an absolute path. */
export const infraHome = (env: NodeJS.ProcessEnv = process.env): string =>
  path.resolve(env.INFRA_HOME ?? path.join(repoRoot(), '.infra'));
