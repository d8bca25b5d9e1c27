// Where the workbench finds the services it calls (issue 18.1). It is served by the applications
// service — the disclosure office's own — and calls the others through their public APIs: in the
// embedded platform every service answers at the page's own origin; on the real stack the reporting
// service runs elsewhere, named by SERVICE_URLS (the same variable the reporting service reads).

export interface WorkbenchSettings {
  /** Base URL per service the page calls on another origin; a service not named answers at the page's own. */
  readonly serviceUrls: Readonly<Record<string, string>>;
}

export const WORKBENCH_SETTINGS = Symbol('WORKBENCH_SETTINGS');

/** The services the workbench calls besides applications. */
const CALLED = ['reporting'] as const;

/**
 * The workbench's settings from SERVICE_URLS (`reporting=http://host:port,…`): none in embedded
 * mode (one origin). A malformed entry is refused naming the variable (config is checked at boot).
 */
export function workbenchSettingsFrom(mode: 'real' | 'embedded', serviceUrls: string | undefined): WorkbenchSettings {
  if (mode === 'embedded' || serviceUrls === undefined || serviceUrls.trim() === '') return { serviceUrls: {} };
  const urls: Record<string, string> = {};
  for (const entry of serviceUrls.split(',')) {
    const [name, url] = entry.split('=').map((s) => s.trim());
    if (!name || !url) throw new Error(`SERVICE_URLS: "${entry}" is not <service>=<url>`);
    if (!(CALLED as readonly string[]).includes(name)) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`SERVICE_URLS: ${name}'s URL is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`SERVICE_URLS: ${name}'s URL must be http or https`);
    }
    urls[name] = parsed.origin;
  }
  return { serviceUrls: urls };
}
