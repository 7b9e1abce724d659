/**
 * A small least-recently-used cache with a time to live, for the division tree: read on
 * almost every request, changed only by imports and overrides. This process drops entries
 * when it changes the tree itself; the time to live bounds how long another process of the
 * same installation may serve a changed area's old name or kind.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= now) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expires: now + this.ttlMs });
  }

  clear(): void {
    this.#entries.clear();
  }
}
