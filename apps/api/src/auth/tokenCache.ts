/**
 * Tokens whose signature, issuer and lifetime already passed, keyed by the exact token string,
 * so a repeat request skips the RSA work. Bounded: when full, the oldest entry goes (FIFO keeps
 * a hit to one Map lookup; an LRU would reorder on every hit). Entries die at their `exp`.
 *
 * Only cryptographic facts are cached. Per-route policy (token use, client, scopes) is checked on
 * every request by the caller, so one cache is safe to share between routes with different rules.
 */
export class VerifiedTokenCache<V> {
  private readonly entries = new Map<string, { value: V; expMs: number; kid: string }>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0)
      throw new TypeError("maxEntries must be a non-negative integer");
  }

  /** The cached value, or undefined when absent or expired at `nowMs` (expired entries are dropped). */
  get(token: string, nowMs: number): { value: V; kid: string } | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  /** Remembers a verified token until `expMs`; a token already expired is not stored. */
  set(token: string, value: V, kid: string, expMs: number, nowMs: number): void {
    if (this.maxEntries === 0 || expMs <= nowMs) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { value, expMs, kid });
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
