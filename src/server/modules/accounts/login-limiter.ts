/**
 * Counts login attempts per client address in a sliding window, in memory.
 * Per-account protection is the lockout kept in the users table, so it holds across processes.
 */
export class LoginLimiter {
  readonly #attempts = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; returns 0 when allowed, else the seconds until the next one is. */
  hit(key: string, now = Date.now()): number {
    const since = now - this.windowMs;
    const recent = (this.#attempts.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.#attempts.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    if (this.#attempts.size > 100_000) this.#prune(since);
    return 0;
  }

  #prune(since: number): void {
    for (const [key, times] of this.#attempts) if (!times.some((t) => t > since)) this.#attempts.delete(key);
  }
}
