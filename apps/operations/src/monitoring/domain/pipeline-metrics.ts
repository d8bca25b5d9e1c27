// What the monitoring page shows of a service, read from its Prometheus text (/<service>/metrics):
// the outbox backlog (commits appended but not yet published to Kafka) and the age of the oldest,
// the consumers' lag, and the dead letters its consumers produced.
import { parseServiceUrls } from '#contracts';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a Prometheus text exposition (comments and malformed lines are skipped). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, name, escaped] of (m[3] ?? '').matchAll(LABEL)) {
      if (name === undefined || escaped === undefined) continue;
      labels[name] = escaped.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const [, name, , , valueText] = m;
    const value = Number(valueText);
    if (name !== undefined && !Number.isNaN(value)) samples.push({ name, labels, value });
  }
  return samples;
}

export interface ServiceFigures {
  /** Commits not yet published (null: the service exports no outbox gauge). */
  readonly outboxBacklog: number | null;
  readonly outboxOldestAgeSeconds: number | null;
  readonly consumerLag: number | null;
  readonly deadLetters: number;
}

/** The figures of `service`: samples labelled with another service (one process, several services) are ignored. */
export function serviceFigures(samples: readonly Sample[], service: string): ServiceFigures {
  const own = samples.filter((s) => s.labels.service === undefined || s.labels.service === service);
  const of = (name: string) => own.filter((s) => s.name === name);
  const sum = (name: string): number | null => {
    const found = of(name);
    return found.length === 0 ? null : found.reduce((n, s) => n + s.value, 0);
  };
  const max = (name: string): number | null => {
    const found = of(name);
    return found.length === 0 ? null : Math.max(...found.map((s) => s.value));
  };
  return {
    outboxBacklog: sum('landbureau_outbox_backlog_commits'),
    outboxOldestAgeSeconds: max('landbureau_outbox_oldest_unpublished_age_seconds'),
    consumerLag: sum('landbureau_consumer_lag_messages'),
    deadLetters: sum('landbureau_dead_letters_total') ?? 0,
  };
}

/**
 * The service URLs the operations service runs with. In real mode every service is its own process on
 * its own port, so the operations API cannot find one at its own origin: SERVICE_URLS must name each
 * of the other services (operations itself may be left out), and a name that is no service is a typo.
 * Refused at boot, naming the variable and what is missing — never a page of "not ready".
 */
export function serviceUrlsFor(
  mode: 'real' | 'embedded',
  value: string | undefined,
  services: readonly string[],
  own: string,
): Record<string, string> {
  const urls = parseServiceUrls(value);
  const unknown = Object.keys(urls).filter((name) => !services.includes(name));
  if (unknown.length > 0) {
    throw new Error(`SERVICE_URLS: ${unknown.join(', ')} is not a service (one of ${services.join(', ')})`);
  }
  const missing = services.filter((name) => name !== own && urls[name] === undefined);
  if (mode === 'real' && missing.length > 0) {
    throw new Error(
      `SERVICE_URLS must name every other service in real mode (each runs in its own process), ` +
        `as <service>=http://host:port,…; missing: ${missing.join(', ')}`,
    );
  }
  return urls;
}
