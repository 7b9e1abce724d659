/**
 * Counts failed login attempts per client address in a sliding window, in memory.
 * Successful logins do not count, so many people behind one address (a township office's
 * NAT, a proxy) are not locked out by each other's ordinary use. Per-account protection is
 * the lockout kept in the users table, so it holds across processes.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  #recent(key: string, now: number): number[] {
    const since = now - this.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (recent.length) this.#failures.set(key, recent);
    else this.#failures.delete(key);
    return recent;
  }

  /** 0 when another attempt is allowed, else the seconds until it is. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - now) / 1000));
  }

  recordFailure(key: string, now = Date.now()): void {
    const recent = this.#recent(key, now);
    recent.push(now);
    this.#failures.set(key, recent);
    if (this.#failures.size > 100_000) for (const k of [...this.#failures.keys()]) this.#recent(k, now);
  }
}
