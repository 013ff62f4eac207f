/**
 * Per-subject counters: sign-in lockouts and quotas.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { expect, it } from "vitest";
import { lockMs, type Store } from "../index.js";
import { createPool, HOUR, storeTest, T0 } from "./fixtures.js";

export function lockoutStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "lockouts: countFailure counts per subject without losses under concurrency, locks per policy, " +
      "refuses (and does not count) during a lock, resets after quiet time",
    withStore(async (s) => {
      const p = await createPool(s);
      const policy = { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 };
      expect(lockMs(4, policy)).toBe(0);
      expect([5, 6, 14, 15, 40].map((n) => lockMs(n, policy))).toEqual([1000, 2000, 512_000, 900_000, 900_000]);
      expect(await s.lockouts.get(p, "u:1")).toBeUndefined();
      // 4 concurrent failures at one instant: all counted, no lock yet.
      const first = await Promise.all(Array.from({ length: 4 }, () => s.lockouts.countFailure(p, "u:1", T0, policy)));
      expect(first.map((r) => r?.failures).sort()).toEqual([1, 2, 3, 4]);
      expect(await s.lockouts.get(p, "u:1")).toEqual({ failures: 4, lastFailureAt: T0, lockedUntil: 0 });
      // The fifth locks for 1 s; attempts inside the lock are refused and change nothing.
      expect(await s.lockouts.countFailure(p, "u:1", T0 + 10, policy)).toEqual({
        failures: 5,
        lastFailureAt: T0 + 10,
        lockedUntil: T0 + 1010,
      });
      const during = await Promise.all(
        Array.from({ length: 10 }, () => s.lockouts.countFailure(p, "u:1", T0 + 1009, policy)),
      );
      expect(during).toEqual(Array.from({ length: 10 }, () => undefined));
      expect(await s.lockouts.get(p, "u:1")).toEqual({ failures: 5, lastFailureAt: T0 + 10, lockedUntil: T0 + 1010 });
      // At the lock's end the next failure counts and doubles the lock.
      expect(await s.lockouts.countFailure(p, "u:1", T0 + 1010, policy)).toEqual({
        failures: 6,
        lastFailureAt: T0 + 1010,
        lockedUntil: T0 + 3010,
      });
      // Each failure at the end of the previous lock doubles it, until the cap: 15 failures lock for 900 s, not 1024.
      let now = T0 + 3010;
      for (let n = 7; n <= 15; n++) {
        const r = await s.lockouts.countFailure(p, "u:1", now, policy);
        expect(r).toEqual({ failures: n, lastFailureAt: now, lockedUntil: now + lockMs(n, policy) });
        now = r!.lockedUntil;
      }
      expect((await s.lockouts.get(p, "u:1"))!.lockedUntil - (await s.lockouts.get(p, "u:1"))!.lastFailureAt).toBe(
        900_000,
      );
      // Quiet time resets: a failure quietMs after the last one counts as the first.
      const last = (await s.lockouts.get(p, "u:1"))!;
      expect(
        await s.lockouts.countFailure(
          p,
          "u:1",
          Math.max(last.lastFailureAt + policy.quietMs, last.lockedUntil),
          policy,
        ),
      ).toMatchObject({ failures: 1, lockedUntil: 0 });
      // Subjects and pools are independent; clear forgets.
      expect(await s.lockouts.get(p, "u:2")).toBeUndefined();
      expect(await s.lockouts.get(await createPool(s), "u:1")).toBeUndefined();
      await s.lockouts.clear(p, "u:1");
      expect(await s.lockouts.get(p, "u:1")).toBeUndefined();
      // resetUnlessLocked: zero unless locked; during a lock it refuses and changes nothing.
      expect(await s.lockouts.resetUnlessLocked(p, "u:4", T0)).toBe(true);
      expect(await s.lockouts.get(p, "u:4")).toMatchObject({ failures: 0, lockedUntil: 0 });
      for (let i = 0; i < 5; i++) await s.lockouts.countFailure(p, "u:4", T0, policy);
      expect(await s.lockouts.resetUnlessLocked(p, "u:4", T0 + 999)).toBe(false);
      expect(await s.lockouts.get(p, "u:4")).toEqual({ failures: 5, lastFailureAt: T0, lockedUntil: T0 + 1000 });
      expect(await s.lockouts.resetUnlessLocked(p, "u:4", T0 + 1000)).toBe(true);
      expect(await s.lockouts.get(p, "u:4")).toMatchObject({ failures: 0, lockedUntil: 0 });
      expect(await s.lockouts.countFailure(p, "u:4", T0 + 1001, policy)).toMatchObject({ failures: 1, lockedUntil: 0 });
      // Counts racing clears and resets (failed and right passwords at once) never fail.
      const resets = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 ? s.lockouts.resetUnlessLocked(p, "u:5", T0) : s.lockouts.countFailure(p, "u:5", T0, policy),
        ),
      );
      expect(resets.filter((r) => r.status === "rejected")).toEqual([]);
      const mixed = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 ? s.lockouts.clear(p, "u:3") : s.lockouts.countFailure(p, "u:3", T0, policy),
        ),
      );
      expect(mixed.filter((r) => r.status === "rejected")).toEqual([]);
    }),
  );

  it(
    "lockouts: purgeExpired deletes exactly the rows equivalent to no row (unlocked and quiet), " +
      "and the verdicts stay the same",
    withStore(async (s) => {
      const p = await createPool(s);
      // A policy whose lock (1 s, then 2 s) outlasts its quiet time (0.5 s), so both conditions are needed.
      const policy = { freeFailures: 0, maxLockMs: 10_000, quietMs: 500 };
      const rows = async () =>
        (
          await s.db
            .selectFrom("sign_in_lockouts")
            .select("subject")
            .where("pool_id", "=", p)
            .orderBy("subject")
            .execute()
        ).map((r) => r.subject);
      expect(await s.lockouts.countFailure(p, "n:locked", T0, policy)).toEqual({
        failures: 1,
        lastFailureAt: T0,
        lockedUntil: T0 + 1000,
      });
      expect(await s.lockouts.countFailure(p, "n:quiet", T0 - 1000, policy)).toMatchObject({
        failures: 1,
        lockedUntil: T0,
      });
      expect(await s.lockouts.countFailure(p, "n:recent", T0 + 200, policy)).toMatchObject({ failures: 1 });
      expect(await s.lockouts.resetUnlessLocked(p, "u:reset", T0)).toBe(true);

      // At T0 + 600: "locked" is quiet but still locked, "recent" not quiet yet; "quiet" and the zeroed "reset" go.
      expect(await s.lockouts.purgeExpired(T0 + 600, policy)).toBeGreaterThanOrEqual(2);
      expect(await rows()).toEqual(["n:locked", "n:recent"]);
      // A locked subject is still locked after the pass: refused and not counted.
      expect(await s.lockouts.countFailure(p, "n:locked", T0 + 600, policy)).toBeUndefined();
      expect(await s.lockouts.resetUnlessLocked(p, "n:locked", T0 + 600)).toBe(false);
      // A purged subject starts over exactly as it would have with its row (quiet time passed: failure 1).
      expect(await s.lockouts.countFailure(p, "n:quiet", T0 + 600, policy)).toEqual({
        failures: 1,
        lastFailureAt: T0 + 600,
        lockedUntil: T0 + 1600,
      });

      // The locked row goes at its lock's end (its quiet time long past), not a millisecond before.
      await s.lockouts.purgeExpired(T0 + 999, policy);
      expect(await rows()).toEqual(["n:locked", "n:quiet", "n:recent"]);
      expect(await s.lockouts.purgeExpired(T0 + 1000, policy)).toBeGreaterThanOrEqual(1);
      expect(await rows()).toEqual(["n:quiet", "n:recent"]);
      expect(await s.lockouts.countFailure(p, "n:locked", T0 + 1000, policy)).toEqual({
        failures: 1,
        lastFailureAt: T0 + 1000,
        lockedUntil: T0 + 2000,
      });
    }),
  );

  it(
    "quotas: hit counts per subject and kind, concurrently without losses, " +
      "and a window ends exactly windowMs after it opened",
    withStore(async (s) => {
      const p = await createPool(s);
      const hit = (now: number, subject = "u:a", kind = "ChangePassword") =>
        s.quotas.hit({ poolId: p, subject, kind, now, windowMs: HOUR });
      expect(await hit(T0)).toBe(1);
      const counts = await Promise.all(Array.from({ length: 20 }, () => hit(T0 + 10)));
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      expect(await hit(T0 + HOUR - 1)).toBe(22);
      expect(await hit(T0 + 20, "u:b")).toBe(1);
      expect(await hit(T0 + 20, "u:a", "ConfirmSignUp")).toBe(1);
      // The first use at the window's end opens a new window, which then lasts an hour from there.
      expect(await hit(T0 + HOUR)).toBe(1);
      expect(await hit(T0 + 2 * HOUR - 1)).toBe(2);
      expect(await hit(T0 + 2 * HOUR)).toBe(1);
    }),
  );

  it(
    "quotas: purgeExpired deletes closed windows only; an open window keeps counting",
    withStore(async (s) => {
      const p = await createPool(s);
      const hit = (now: number, subject: string) =>
        s.quotas.hit({ poolId: p, subject, kind: "ConfirmSignUp", now, windowMs: HOUR });
      const rows = async () =>
        (
          await s.db.selectFrom("user_quotas").select("subject").where("pool_id", "=", p).orderBy("subject").execute()
        ).map((r) => r.subject);
      expect(await hit(T0, "n:old")).toBe(1);
      expect(await hit(T0 + 10, "n:open")).toBe(1);
      expect(await hit(T0 + 20, "n:open")).toBe(2);
      expect(await s.quotas.purgeExpired(T0 + HOUR - 1, HOUR)).toBeGreaterThanOrEqual(0);
      expect(await rows()).toEqual(["n:old", "n:open"]);
      expect(await s.quotas.purgeExpired(T0 + HOUR, HOUR)).toBeGreaterThanOrEqual(1);
      expect(await rows()).toEqual(["n:open"]);
      // The open window still counts after the pass; the closed one starts over, as it would have.
      expect(await hit(T0 + HOUR, "n:open")).toBe(3);
      expect(await hit(T0 + HOUR, "n:old")).toBe(1);
      await s.quotas.purgeExpired(T0 + HOUR + 10, HOUR);
      expect(await rows()).toEqual(["n:old"]);
    }),
  );
}
