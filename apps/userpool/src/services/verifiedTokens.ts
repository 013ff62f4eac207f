import type { KeyObject } from "node:crypto";

/** What a verified access token leaves behind: its pool, the key that verified it, and its claims. */
export interface VerifiedToken<C> {
  poolId: string;
  kid: string;
  key: KeyObject;
  claims: C;
  /** `exp` in ms: the entry is never served at or after it. */
  expMs: number;
}

/**
 * Access tokens whose signature, issuer and lifetime already passed, keyed by the exact token string,
 * so a repeated GetUser (an app calls it with the same token for up to its hour) skips the JWT parse and the
 * RS256 verification (jose over WebCrypto: ~80 µs of CPU, a third of a GetUser before this cache, ADR 0042).
 *
 * Only what the token itself proves is cached. Everything that can change while the token lives —
 * revocation (GlobalSignOut, RevokeToken), the user's existence and enabled flag, the pool, the key — is
 * read on every request by the caller, exactly as without the cache. Bounded: when full, the oldest entry
 * goes (FIFO: a hit stays one Map lookup, where an LRU would reorder on every hit); entries die at `exp`.
 */
export class VerifiedTokenCache<C> {
  private readonly entries = new Map<string, VerifiedToken<C>>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0)
      throw new TypeError("maxEntries must be a non-negative integer");
  }

  /** The entry, or undefined when absent or expired at `nowMs` (an expired entry is dropped). */
  get(token: string, nowMs: number): VerifiedToken<C> | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  /** Remembers a verified token until its `expMs`; one already expired at `nowMs` is not stored. */
  set(token: string, entry: VerifiedToken<C>, nowMs: number): void {
    if (this.maxEntries === 0 || entry.expMs <= nowMs) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
