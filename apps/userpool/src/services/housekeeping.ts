/**
 * Deletes what nobody can use any more: challenge sessions (NEW_PASSWORD_REQUIRED) and answered SRP
 * challenges past their expiry. Without it both tables would grow with every sign-in for ever.
 * Every instance runs it on a timer; the deletes are idempotent, so instances need no coordination.
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/index.js";

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

export class Housekeeping {
  constructor(private readonly deps: { store: Store; clock: Clock; log: Logger }) {}

  /** One pass; returns how many rows of each kind it deleted. */
  async run(): Promise<{ sessions: number; srpChallenges: number }> {
    const now = this.deps.clock.now().getTime();
    const sessions = await this.deps.store.sessions.purgeExpired(now);
    const srpChallenges = await this.deps.store.srpAnswers.purgeExpired(now);
    return { sessions, srpChallenges };
  }

  /** Runs a pass now and every `intervalMs`; returns the function that stops it (and waits for a pass in progress). */
  start(intervalMs = HOUSEKEEPING_INTERVAL_MS): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const pass = () => {
      running = this.run().then(
        (n) => {
          if (n.sessions + n.srpChallenges > 0) this.deps.log.debug(n, "housekeeping: expired rows deleted");
        },
        (err: unknown) => this.deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, "housekeeping pass failed; the next one retries"),
      );
    };
    pass();
    const timer = setInterval(pass, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
