/**
 * The lifecycle storage contract (revocation, lockout, quotas, groups, pending attributes), as
 * tests. store.test.ts runs it on every engine next to the core contract.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { lockMs } from "./lockoutPolicy.js";
import { StoreConflictError, type RefreshTokenRow, type Store, type UserRow } from "./types.js";

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

async function pool(store: Store): Promise<string> {
  const id = `us-east-1_${randomUUID().replace(/-/g, "").slice(0, 9)}`;
  await store.pools.create({ id, name: "p", settings: {}, createdAt: T0, updatedAt: T0 });
  return id;
}

async function user(store: Store, poolId: string, name: string): Promise<UserRow> {
  const id = randomUUID();
  const u: UserRow = {
    id,
    poolId,
    username: name,
    usernameKey: name.toLowerCase(),
    status: "CONFIRMED",
    enabled: true,
    attributes: { sub: id },
    srpSalt: null,
    verifierEnc: null,
    passwordSetAt: null,
    createdAt: T0,
    updatedAt: T0,
  };
  await store.users.create(u, []);
  return u;
}

function refresh(
  poolId: string,
  userId: string,
  originJti: string,
  extra: Partial<RefreshTokenRow> = {},
): RefreshTokenRow {
  return {
    tokenHash: randomUUID(),
    poolId,
    clientId: "client1",
    userId,
    originJti,
    authTime: T0,
    createdAt: T0,
    expiresAt: T0 + HOUR,
    revokedAt: null,
    rotatedAt: null,
    parentHash: null,
    ...extra,
  };
}

export function lifecycleStoreContract(open: () => Promise<Store>): void {
  const withStore = (fn: (s: Store) => Promise<void>) => async () => fn(await open());

  it(
    "revocations: revokeOrigin kills every refresh token of that origin only, is idempotent, and status reports it",
    withStore(async (s) => {
      const p = await pool(s);
      const u = await user(s, p, "rita");
      const [o1, o2] = [randomUUID(), randomUUID()];
      const a = refresh(p, u.id, o1);
      const b = refresh(p, u.id, o1, { parentHash: a.tokenHash });
      const c = refresh(p, u.id, o2);
      for (const r of [a, b, c]) await s.refreshTokens.insert(r);
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: o1 })).toEqual({
        originRevokedAt: null,
        signedOutAt: null,
      });

      await s.revocations.revokeOrigin({ poolId: p, originJti: o1, userId: u.id, now: T0 + 5, expiresAt: T0 + HOUR });
      await s.revocations.revokeOrigin({ poolId: p, originJti: o1, userId: u.id, now: T0 + 9, expiresAt: T0 + HOUR });
      expect((await s.refreshTokens.get(a.tokenHash))?.revokedAt).toBe(T0 + 5);
      expect((await s.refreshTokens.get(b.tokenHash))?.revokedAt).toBe(T0 + 5);
      expect((await s.refreshTokens.get(c.tokenHash))?.revokedAt).toBeNull();
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: o1 })).toEqual({
        originRevokedAt: T0 + 5,
        signedOutAt: null,
      });
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: o2 })).toEqual({
        originRevokedAt: null,
        signedOutAt: null,
      });
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: undefined })).toEqual({
        originRevokedAt: null,
        signedOutAt: null,
      });
      // Another pool cannot see (or revoke) this pool's origins.
      const other = await pool(s);
      expect((await s.revocations.status({ poolId: other, userId: u.id, originJti: o1 })).originRevokedAt).toBeNull();
    }),
  );

  it(
    "revocations: revokeUserSessions revokes the user's live tokens and their origins, " +
      "spares exceptOrigin and other users, and moves the watermark",
    withStore(async (s) => {
      const p = await pool(s);
      const u = await user(s, p, "sam");
      const v = await user(s, p, "val");
      const [keep, kill1, kill2, others] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const rows = [refresh(p, u.id, keep), refresh(p, u.id, kill1), refresh(p, u.id, kill2), refresh(p, v.id, others)];
      for (const r of rows) await s.refreshTokens.insert(r);

      expect(
        await s.revocations.revokeUserSessions({
          poolId: p,
          userId: u.id,
          now: T0 + 1,
          retainMs: 0,
          exceptOrigin: keep,
          watermark: false,
        }),
      ).toBe(2);
      expect((await s.refreshTokens.get(rows[0]!.tokenHash))?.revokedAt).toBeNull();
      expect((await s.refreshTokens.get(rows[1]!.tokenHash))?.revokedAt).toBe(T0 + 1);
      expect((await s.refreshTokens.get(rows[3]!.tokenHash))?.revokedAt).toBeNull();
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: kill2 })).toEqual({
        originRevokedAt: T0 + 1,
        signedOutAt: null,
      });
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: keep })).originRevokedAt).toBeNull();

      expect(
        await s.revocations.revokeUserSessions({ poolId: p, userId: u.id, now: T0 + 7, retainMs: 0, watermark: true }),
      ).toBe(1);
      expect(await s.revocations.status({ poolId: p, userId: u.id, originJti: keep })).toEqual({
        originRevokedAt: T0 + 7,
        signedOutAt: T0 + 7,
      });
      // setWatermark moves only the watermark.
      const vRow = refresh(p, v.id, randomUUID());
      await s.refreshTokens.insert(vRow);
      await s.revocations.setWatermark({ poolId: p, userId: v.id, now: T0 + 8 });
      expect(await s.revocations.status({ poolId: p, userId: v.id, originJti: vRow.originJti })).toEqual({
        originRevokedAt: null,
        signedOutAt: T0 + 8,
      });
      expect((await s.refreshTokens.get(vRow.tokenHash))?.revokedAt).toBeNull();
      // A second sign-out moves the watermark forward and finds nothing left to revoke.
      expect(
        await s.revocations.revokeUserSessions({ poolId: p, userId: u.id, now: T0 + 9, retainMs: 0, watermark: true }),
      ).toBe(0);
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: undefined })).signedOutAt).toBe(T0 + 9);
      expect(await s.revocations.status({ poolId: p, userId: v.id, originJti: others })).toEqual({
        originRevokedAt: null,
        signedOutAt: T0 + 8,
      });

      // Expired records can be forgotten (the store is shared with other tests, so count at least ours).
      await s.revocations.revokeOrigin({
        poolId: p,
        originJti: others,
        userId: v.id,
        now: T0,
        expiresAt: T0 + 5 * HOUR,
      });
      // Records last until their tokens' latest expiry (+ retainMs, here 0).
      await s.revocations.purgeExpired(T0 + HOUR - 1);
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: keep })).originRevokedAt).toBe(T0 + 7);
      expect(await s.revocations.purgeExpired(T0 + HOUR)).toBeGreaterThanOrEqual(3);
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: keep })).originRevokedAt).toBeNull();
      expect((await s.revocations.status({ poolId: p, userId: v.id, originJti: others })).originRevokedAt).toBe(T0);
      // The watermark goes with the user.
      await s.users.delete(p, u.id);
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: undefined })).signedOutAt).toBeNull();
    }),
  );

  it(
    "lockouts: countFailure counts per subject without losses under concurrency, locks per policy, " +
      "refuses (and does not count) during a lock, resets after quiet time",
    withStore(async (s) => {
      const p = await pool(s);
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
      expect(await s.lockouts.get(await pool(s), "u:1")).toBeUndefined();
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
      const p = await pool(s);
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
    "srp answers: one answer per challenge, the lockout settled as countFailure / resetUnlessLocked, " +
      "the user read back with its groups only when it signs in",
    withStore(async (s) => {
      const p = await pool(s);
      const policy = { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 };
      const u = await user(s, p, "srp");
      await s.users.update(p, u.id, { srpSalt: "aa".repeat(16), verifierEnc: "v1.x", updatedAt: T0 });
      await s.groups.create({
        poolId: p,
        name: "beta",
        description: "b",
        roleArn: null,
        precedence: 2,
        createdAt: T0,
        updatedAt: T0,
      });
      await s.groups.create({
        poolId: p,
        name: "alpha",
        description: null,
        roleArn: null,
        precedence: 1,
        createdAt: T0,
        updatedAt: T0,
      });
      await s.groups.addMember(p, "beta", u.id);
      await s.groups.addMember(p, "alpha", u.id);
      const subject = `u:${u.id}`;
      let n = 0;
      const answer = (over: Partial<Parameters<Store["srpAnswers"]["settle"]>[0]> = {}) =>
        s.srpAnswers.settle({
          poolId: p,
          challengeId: (++n).toString(16).padStart(32, "0"),
          expiresAt: T0 + HOUR,
          now: T0,
          subject,
          proofOk: true,
          user: { id: u.id, srpSalt: "aa".repeat(16) },
          policy,
          ...over,
        });

      const ok = await answer();
      expect(ok).toMatchObject({ outcome: "signedIn", user: { id: u.id, username: "srp", srpSalt: "aa".repeat(16) } });
      expect(ok.outcome === "signedIn" && ok.groups.map((g) => [g.name, g.precedence])).toEqual([
        ["alpha", 1],
        ["beta", 2],
      ]);
      // With no failures on record, a sign-in writes no lockout row.
      expect(await s.lockouts.get(p, subject)).toBeUndefined();

      // One challenge, many concurrent answers: exactly one is settled, the rest are replays; later ones too.
      const id = "f".repeat(32);
      const racing = await Promise.all(Array.from({ length: 10 }, () => answer({ challengeId: id })));
      expect(racing.filter((r) => r.outcome !== "replayed").map((r) => r.outcome)).toEqual(["signedIn"]);
      expect(await answer({ challengeId: id, proofOk: false })).toEqual({ outcome: "replayed" });
      expect(await s.lockouts.get(p, subject)).toBeUndefined();

      // Wrong proofs count as countFailure does: 30 at once give exactly five counted, the rest refused by the lock.
      const wrong = await Promise.all(Array.from({ length: 30 }, () => answer({ proofOk: false })));
      expect(wrong.filter((r) => r.outcome === "wrong")).toHaveLength(5);
      expect(wrong.filter((r) => r.outcome === "locked")).toHaveLength(25);
      expect(await s.lockouts.get(p, subject)).toEqual({ failures: 5, lastFailureAt: T0, lockedUntil: T0 + 1000 });
      // During the lock a right proof is refused too, and changes nothing; after it, it resets the count.
      expect(await answer({ now: T0 + 999 })).toEqual({ outcome: "locked" });
      expect(await s.lockouts.get(p, subject)).toEqual({ failures: 5, lastFailureAt: T0, lockedUntil: T0 + 1000 });
      expect(await answer({ now: T0 + 1000 })).toMatchObject({ outcome: "signedIn" });
      expect(await s.lockouts.get(p, subject)).toMatchObject({ failures: 0, lockedUntil: 0 });
      // A count below the lock is reset by the next right answer; a row already at zero stays so.
      expect(await answer({ now: T0 + 1000, proofOk: false })).toEqual({ outcome: "wrong" });
      expect(await s.lockouts.get(p, subject)).toMatchObject({ failures: 1, lockedUntil: 0 });
      expect(await answer({ now: T0 + 1001 })).toMatchObject({ outcome: "signedIn" });
      expect(await s.lockouts.get(p, subject)).toMatchObject({ failures: 0, lockedUntil: 0 });
      expect(await answer({ now: T0 + 1002 })).toMatchObject({ outcome: "signedIn" });
      expect(await s.lockouts.get(p, subject)).toMatchObject({ failures: 0, lockedUntil: 0 });

      // The sign-in's refresh token is stored with it, only when it stands for a CONFIRMED, enabled user.
      const rt = (hash: string): RefreshTokenRow =>
        refresh(p, u.id, randomUUID(), {
          tokenHash: hash,
          clientId: "c1",
          authTime: 7,
          createdAt: T0,
          expiresAt: T0 + HOUR,
        });
      const storedRow = async (hash: string) => s.refreshTokens.get(hash);
      expect(await answer({ now: T0 + 1000, refreshToken: rt("rt-ok") })).toMatchObject({
        outcome: "signedIn",
        refreshTokenStored: true,
      });
      expect(await storedRow("rt-ok")).toMatchObject({
        tokenHash: "rt-ok",
        poolId: p,
        clientId: "c1",
        userId: u.id,
        authTime: 7,
        expiresAt: T0 + HOUR,
        revokedAt: null,
      });
      expect(await answer({ now: T0 + 1000, proofOk: false, refreshToken: rt("rt-wrong") })).toEqual({
        outcome: "wrong",
      });
      expect(await storedRow("rt-wrong")).toBeUndefined();
      const id2 = "d".repeat(32);
      await answer({ challengeId: id2, now: T0 + 1000 });
      expect(await answer({ challengeId: id2, now: T0 + 1000, refreshToken: rt("rt-replay") })).toEqual({
        outcome: "replayed",
      });
      expect(await storedRow("rt-replay")).toBeUndefined();
      await s.users.update(p, u.id, { enabled: false, updatedAt: T0 });
      expect(await answer({ now: T0 + 1000, refreshToken: rt("rt-disabled") })).toMatchObject({
        outcome: "signedIn",
        user: { enabled: false },
        refreshTokenStored: false,
      });
      expect(await storedRow("rt-disabled")).toBeUndefined();
      await s.users.update(p, u.id, { enabled: true, status: "FORCE_CHANGE_PASSWORD", updatedAt: T0 });
      expect(await answer({ now: T0 + 1000, refreshToken: rt("rt-force") })).toMatchObject({
        outcome: "signedIn",
        refreshTokenStored: false,
      });
      expect(await storedRow("rt-force")).toBeUndefined();
      await s.users.update(p, u.id, { status: "CONFIRMED", updatedAt: T0 });
      expect(await answer({ now: T0 + 1000 })).toMatchObject({ outcome: "signedIn", refreshTokenStored: false });

      // A right proof against a password that has since changed is a failure, counted.
      await s.users.update(p, u.id, { srpSalt: "bb".repeat(16), verifierEnc: "v1.y", updatedAt: T0 });
      expect(await answer({ now: T0 + 2000 })).toEqual({ outcome: "wrong" });
      expect(await s.lockouts.get(p, subject)).toMatchObject({ failures: 1 });
      // A simulated challenge (no user) is a failure of its own subject.
      expect(await answer({ user: null, subject: "n:abc", proofOk: true })).toEqual({ outcome: "wrong" });
      expect(await s.lockouts.get(p, "n:abc")).toMatchObject({ failures: 1 });
      // A deleted user: a failure.
      await s.users.delete(p, u.id);
      expect(await answer({ now: T0 + 3000, user: { id: u.id, srpSalt: "bb".repeat(16) } })).toEqual({
        outcome: "wrong",
      });

      // A record lasts until the challenge expires, then is purged (and the ID could be used again).
      const before = await s.db
        .selectFrom("srp_answered_challenges")
        .select("challenge_id")
        .where("pool_id", "=", p)
        .execute();
      expect(before.length).toBe(n - 11);
      expect(await s.srpAnswers.purgeExpired(T0 + HOUR - 1)).toBe(0);
      expect(await s.srpAnswers.purgeExpired(T0 + HOUR)).toBeGreaterThanOrEqual(before.length);
      expect(
        await s.db.selectFrom("srp_answered_challenges").select("challenge_id").where("pool_id", "=", p).execute(),
      ).toEqual([]);
    }),
  );

  it(
    "quotas: hit counts per subject and kind, concurrently without losses, " +
      "and a window ends exactly windowMs after it opened",
    withStore(async (s) => {
      const p = await pool(s);
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
      const p = await pool(s);
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

  it(
    "groups: create refuses duplicates, list pages by name, update, membership is idempotent, " +
      "delete removes memberships",
    withStore(async (s) => {
      const p = await pool(s);
      const g = (name: string, precedence: number | null = null) => ({
        poolId: p,
        name,
        description: `d-${name}`,
        roleArn: null,
        precedence,
        createdAt: T0,
        updatedAt: T0,
      });
      for (const n of ["beta", "alpha", "Gamma"]) await s.groups.create(g(n));
      await expect(s.groups.create(g("alpha"))).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "group",
      );
      // Names are case sensitive: "ALPHA" is another group.
      await s.groups.create(g("ALPHA", 3));
      const page1 = await s.groups.list(p, { limit: 2 });
      const page2 = await s.groups.list(p, { limit: 10, after: page1.at(-1)!.name });
      expect([...page1, ...page2].map((x) => x.name)).toEqual(["ALPHA", "Gamma", "alpha", "beta"]);
      expect(await s.groups.get(p, "ALPHA")).toEqual(g("ALPHA", 3));
      expect(
        await s.groups.update(p, "alpha", {
          description: null,
          roleArn: "arn:aws:iam::1:role/r",
          precedence: 7,
          updatedAt: T0 + 1,
        }),
      ).toBe(true);
      expect(await s.groups.get(p, "alpha")).toMatchObject({
        description: null,
        roleArn: "arn:aws:iam::1:role/r",
        precedence: 7,
        updatedAt: T0 + 1,
      });
      expect(
        await s.groups.update(p, "nope", { description: null, roleArn: null, precedence: null, updatedAt: T0 }),
      ).toBe(false);

      const u1 = await user(s, p, "Zed");
      const u2 = await user(s, p, "amy");
      expect(await s.groups.addMember(p, "alpha", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "alpha", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "alpha", u2.id)).toBe(true);
      expect(await s.groups.addMember(p, "beta", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "missing", u1.id)).toBe(false);
      expect((await s.groups.groupsOf(p, u1.id)).map((x) => x.name)).toEqual(["alpha", "beta"]);
      // The user with its groups in one read: the same rows as the two reads apart.
      expect(await s.users.getByIdWithGroups(p, u1.id)).toEqual({
        user: await s.users.getById(p, u1.id),
        groups: await s.groups.groupsOf(p, u1.id),
      });
      expect(await s.users.getByIdWithGroups(p, u2.id)).toEqual({ user: u2, groups: [await s.groups.get(p, "alpha")] });
      expect(await s.users.getByIdWithGroups(p, (await user(s, p, "loner")).id)).toMatchObject({ groups: [] });
      expect(await s.users.getByIdWithGroups(p, "no-such-user")).toBeUndefined();
      expect(await s.users.getByIdWithGroups(await pool(s), u1.id)).toBeUndefined();
      const m1 = await s.groups.membersOf(p, "alpha", { limit: 1 });
      const m2 = await s.groups.membersOf(p, "alpha", { limit: 1, after: m1[0]!.usernameKey });
      expect([...m1, ...m2].map((x) => x.username)).toEqual(["amy", "Zed"]);
      expect(m1[0]).toEqual(u2);

      expect(await s.groups.removeMember(p, "beta", u1.id)).toBe(true);
      expect(await s.groups.removeMember(p, "beta", u1.id)).toBe(false);
      expect(await s.groups.delete(p, "alpha")).toBe(true);
      expect(await s.groups.delete(p, "alpha")).toBe(false);
      expect(await s.groups.groupsOf(p, u1.id)).toEqual([]);
      // Recreating the group does not bring old members back.
      await s.groups.create(g("alpha"));
      expect(await s.groups.membersOf(p, "alpha", { limit: 10 })).toEqual([]);
      // A deleted user leaves its groups.
      await s.groups.addMember(p, "beta", u2.id);
      await s.users.delete(p, u2.id);
      expect(await s.groups.membersOf(p, "beta", { limit: 10 })).toEqual([]);
    }),
  );

  it(
    "pending attributes: set replaces, get lists per user, delete removes one; they go with the user",
    withStore(async (s) => {
      const p = await pool(s);
      const u = await user(s, p, "pat");
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "a@example.com", now: T0 });
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "b@example.com", now: T0 + 1 });
      await s.pendingAttributes.set({
        poolId: p,
        userId: u.id,
        name: "phone_number",
        value: "+15555550100",
        now: T0 + 1,
      });
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({ email: "b@example.com", phone_number: "+15555550100" });
      await s.pendingAttributes.delete(p, u.id, "phone_number");
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({ email: "b@example.com" });
      await s.users.delete(p, u.id);
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({});
    }),
  );

  it(
    "deleting a pool removes its lifecycle rows",
    withStore(async (s) => {
      const p = await pool(s);
      const u = await user(s, p, "del");
      const origin = randomUUID();
      await s.refreshTokens.insert(refresh(p, u.id, origin));
      await s.revocations.revokeUserSessions({ poolId: p, userId: u.id, now: T0, retainMs: HOUR, watermark: true });
      await s.lockouts.countFailure(p, "u:x", T0, { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 });
      await s.quotas.hit({ poolId: p, subject: "u:x", kind: "k", now: T0, windowMs: HOUR });
      await s.groups.create({
        poolId: p,
        name: "g",
        description: null,
        roleArn: null,
        precedence: null,
        createdAt: T0,
        updatedAt: T0,
      });
      await s.groups.addMember(p, "g", u.id);
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "x@example.com", now: T0 });
      await s.srpAnswers.settle({
        poolId: p,
        challengeId: "e".repeat(32),
        expiresAt: T0 + HOUR,
        now: T0,
        subject: "u:x",
        proofOk: false,
        user: null,
        policy: { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 },
      });
      expect(await s.pools.delete(p)).toBe(true);
      for (const t of [
        "revoked_origins",
        "user_signouts",
        "sign_in_lockouts",
        "user_quotas",
        "user_pool_groups",
        "user_group_members",
        "pending_attributes",
        "srp_answered_challenges",
      ] as const) {
        const rows = await s.db.selectFrom(t).selectAll().where("pool_id", "=", p).execute();
        expect(rows, t).toEqual([]);
      }
    }),
  );
}
