/**
 * Settling an SRP answer: one answer per challenge, the lockout settled with it, the user read back.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { expect, it } from "vitest";
import type { RefreshTokenRow, Store } from "../index.js";
import { createPool, createUser, HOUR, refreshRow, storeTest, T0 } from "./fixtures.js";

export function srpAnswerStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "srp answers: one answer per challenge, the lockout settled as countFailure / resetUnlessLocked, " +
      "the user read back with its groups only when it signs in",
    withStore(async (s) => {
      const p = await createPool(s);
      const policy = { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 };
      const u = await createUser(s, p, "srp");
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
        refreshRow(p, u.id, {
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
      await s.users.delete(p, u.id, T0);
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
}
