// A lease: among several replicas of a service, the one holding it does a singleton job (the
// outbox relay). The holder renews it well before it expires; when the holder dies, it expires and
// a standby acquires it — so the job stops for at most one lease time plus one renewal interval.

export interface LeaseStore {
  /**
   * Acquires the lease `name` for `owner` until `now + ttlMs`, or extends it if `owner` holds it and
   * it has not expired. False when another owner holds an unexpired lease (or won the race for an
   * expired one).
   */
  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Ends `owner`'s lease at once so a standby need not wait for it to expire. */
  release(name: string, owner: string): Promise<void>;
  /** Who holds the lease at `now`, if anyone (for status pages and tests). */
  holder(name: string, now: Date): Promise<string | undefined>;
}

export class InMemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.owner !== owner && current.expiresAt > now.getTime()) return false;
    this.leases.set(name, { owner, expiresAt: now.getTime() + ttlMs });
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }

  async holder(name: string, now: Date): Promise<string | undefined> {
    const current = this.leases.get(name);
    return current && current.expiresAt > now.getTime() ? current.owner : undefined;
  }
}
