/**
 * Deletes what nobody can use any more: challenge sessions (NEW_PASSWORD_REQUIRED) and answered SRP
 * challenges past their expiry, revocation records whose tokens have all expired, and refresh tokens
 * and confirmation codes a week after they expired (until then a late use still gets "expired"
 * rather than "invalid"). Without it these tables would grow with every sign-in for ever. Every
 * instance runs it on a timer; the deletes are idempotent, so instances need no coordination.
 *
 * It also deletes what unauthenticated requests create: lockout counters and quota windows once
 * they are equivalent to no row (every probe of an unknown name creates one), federation states and
 * hosted-UI sessions past their expiry, and authorization codes a week after theirs (until then a
 * replayed code still revokes the tokens it produced), and request-rate counters whose window has closed.
 * The development SMS outbox is kept to a week and a thousand texts: every sign-up can add one.
 * And devices never confirmed a day after they were issued, and device bindings of expired sessions.
 * Threat protection's user event history is kept for EVENT_RETENTION_MS (two years, ADR 0031), and the admin
 * console's audit log for its configured retention (a year by default, ADR 0056).
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/index.js";
import { DEFAULT_AUDIT_RETENTION_DAYS } from "../config/console.js";
import { UNCONFIRMED_DEVICE_MS } from "./devices.js";
import { POLICY } from "./lockout.js";
import { RECOVERY_WINDOW_MS } from "./pointInTimeRecovery.js";
import { EVENT_RETENTION_MS } from "./risk/threatProtection.js";
import { HOUR_MS } from "./quotas.js";
import { DEV_SMS_KEPT_MS, DEV_SMS_MAX } from "./sms/devOutbox.js";

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;
/**
 * How long expired refresh tokens and codes are kept by default, so their errors stay precise;
 * USERPOOL_EXPIRED_RETENTION_HOURS sets it (at least a day, config/env.ts).
 */
export const EXPIRED_KEPT_MS = 7 * 86_400_000;

export interface HousekeepingPass {
  sessions: number;
  webAuthnChallenges: number;
  srpChallenges: number;
  revocations: number;
  refreshTokens: number;
  codes: number;
  lockouts: number;
  quotas: number;
  federationStates: number;
  hostedSessions: number;
  consoleSessions: number;
  /** Console audit entries older than the retention (USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS). */
  consoleAudit: number;
  authCodes: number;
  requestRates: number;
  /** Development SMS outbox texts past DEV_SMS_KEPT_MS or beyond the newest DEV_SMS_MAX. */
  devSms: number;
  devices: number;
  /** Point-in-time recovery log entries no recovery within RECOVERY_WINDOW_MS needs. */
  userHistory: number;
  authEvents: number;
}

export class Housekeeping {
  private readonly expiredKeptMs: number;
  private readonly consoleAuditKeptMs: number;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      log: Logger;
      expiredKeptMs?: number;
      /** How long console audit entries are kept (ConsoleConfig.auditRetentionMs). */
      consoleAuditKeptMs?: number;
    },
  ) {
    this.expiredKeptMs = deps.expiredKeptMs ?? EXPIRED_KEPT_MS;
    this.consoleAuditKeptMs = deps.consoleAuditKeptMs ?? DEFAULT_AUDIT_RETENTION_DAYS * 86_400_000;
  }

  /** One pass; returns how many rows of each kind it deleted. */
  async run(): Promise<HousekeepingPass> {
    const now = this.deps.clock.now().getTime();
    const { store } = this.deps;
    return {
      sessions: await store.challengeSessions.purgeExpired(now),
      webAuthnChallenges: await store.webAuthn.purgeExpired(now),
      srpChallenges: await store.srpAnswers.purgeExpired(now),
      revocations: await store.revocations.purgeExpired(now),
      // Only rows past their own expiry go: a refresh token still valid is never removed.
      refreshTokens: await store.refreshTokens.purgeExpired(now - this.expiredKeptMs),
      codes: await store.codes.purgeExpired(now - this.expiredKeptMs),
      lockouts: await store.lockouts.purgeExpired(now, POLICY),
      quotas: await store.quotas.purgeExpired(now, HOUR_MS),
      federationStates: await store.federationStates.purgeExpired(now),
      hostedSessions: await store.hostedSessions.purgeExpired(now),
      consoleSessions: await store.consoleSessions.purgeExpired(now),
      consoleAudit: await store.consoleAudit.purgeBefore(now - this.consoleAuditKeptMs),
      authCodes: await store.authCodes.purgeExpired(now - this.expiredKeptMs),
      requestRates: await store.requestRates.purgeExpired(now),
      devSms: await store.devSms.purge({ before: now - DEV_SMS_KEPT_MS, keep: DEV_SMS_MAX }),
      devices: await store.devices.purgeExpired(now, now - UNCONFIRMED_DEVICE_MS),
      userHistory: await store.recoveries.purgeHistory(now - RECOVERY_WINDOW_MS),
      authEvents: await store.risk.purgeEventsBefore(now - EVENT_RETENTION_MS),
    };
  }

  /** Runs a pass now and every `intervalMs`; returns the function that stops it (and waits for a pass in progress). */
  start(intervalMs = HOUSEKEEPING_INTERVAL_MS): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const pass = () => {
      running = this.run().then(
        (n) => {
          if (Object.values(n).some((c) => c > 0)) this.deps.log.debug(n, "housekeeping: expired rows deleted");
        },
        (err: unknown) =>
          this.deps.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            "housekeeping pass failed; the next one retries",
          ),
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
