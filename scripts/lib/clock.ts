/**
 * One clock for the whole stack. The userpool and the API each take an injected clock (with
 * different shapes); a test that moves time must move both, or tokens would be expired for one
 * and fresh for the other. It follows real time plus an offset, so everything else (timeouts,
 * the browser) keeps running normally.
 */
export class StackClock {
  #offsetMs = 0;

  /** Milliseconds since the epoch, as the stack sees it. */
  nowMs(): number {
    return Date.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves the stack's time forward (never back: tokens and codes were issued at the old time). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("StackClock.advance takes a non-negative number of milliseconds");
    this.#offsetMs += ms;
  }

  /** The userpool's Clock (Date). */
  readonly userpool = { now: (): Date => new Date(this.nowMs()) };
  /** The API's Clock (epoch milliseconds). */
  readonly api = { now: (): number => this.nowMs() };
}
