// Links from the monitoring page to the disclosure office's workbench (issue 18.4): an overdue or
// due-soon disclosure request opens at `<WORKBENCH_URL>#/requests/<caseId>` — the workbench's own
// route for one case, so the page needs nothing of the workbench but where it is served.

/** Where the product serves the workbench (embedded mode and the real stack alike). */
export const DEFAULT_WORKBENCH_URL = '/workbench/';

/**
 * WORKBENCH_URL: a path on this origin (`/workbench/`) or an http(s) URL of another host; anything
 * else (a `javascript:` URL, a relative path, a fragment) is refused at boot, naming the variable.
 */
export function workbenchUrlFrom(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return DEFAULT_WORKBENCH_URL;
  const url = value.trim();
  const path = /^\/(?!\/)[^\s#?]*$/;
  const absolute = /^https?:\/\/[^\s/#?]+(\/[^\s#?]*)?$/;
  if (!path.test(url) && !absolute.test(url)) {
    throw new Error(
      `WORKBENCH_URL: "${value}" is not a path (/workbench/) or an http(s) URL without query or fragment`,
    );
  }
  return url;
}

/** The workbench's page of one disclosure request (the case id is a UUID; encoded all the same). */
export const workbenchRequestLink = (workbenchUrl: string, caseId: string): string =>
  `${workbenchUrl}#/requests/${encodeURIComponent(caseId)}`;
