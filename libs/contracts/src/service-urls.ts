// Where each service of the real stack answers, as deployments give it: SERVICE_URLS, a list of
// <service>=http(s)://host:port. Read by the operations service (it watches every other) and by
// reporting (it lets the workbench, served by applications, call it across origins).

/** `SERVICE_URLS=applications=http://127.0.0.1:3001,reporting=http://…`: where each service answers. */
export function parseServiceUrls(value: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return urls;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const url = part.slice(eq + 1).trim();
    if (eq <= 0 || !/^[a-z]+$/.test(name) || !/^https?:\/\/[^\s/]+$/.test(url.replace(/\/$/, ''))) {
      throw new Error(`SERVICE_URLS: "${part}" is not <service>=http(s)://host:port`);
    }
    urls[name] = url.replace(/\/$/, '');
  }
  return urls;
}
