/**
 * Single-use secrets and tokens: confirmation codes, challenge sessions, refresh tokens and their
 * revocation, and purging what has expired.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { createPool, createUser, HOUR, refreshRow, storeTest, T0, userRow } from "./fixtures.js";

export function tokenStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "codes: only the newest code works, expiry is exclusive, and consumption is single-use under concurrency",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = userRow(p, "erin");
      await s.users.create(u, []);
      const base = { poolId: p, userId: u.id, purpose: "SIGN_UP" };
      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "old", createdAt: T0, expiresAt: T0 + 1000 });
      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "new", createdAt: T0 + 1, expiresAt: T0 + 1000 });
      expect(await s.codes.consume({ ...base, codeMac: "old", now: T0 + 2 })).toBe("mismatch");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 1000 })).toBe("expired");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 999 })).toBe("consumed");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 999 })).toBe("mismatch");
      expect(await s.codes.consume({ ...base, purpose: "OTHER", codeMac: "new", now: T0 + 3 })).toBe("mismatch");
      // lookup tells a used or retired code from one never issued; it changes nothing.
      expect(await s.codes.lookup({ ...base, codeMac: "new" })).toEqual({ usedAt: T0 + 999, expiresAt: T0 + 1000 });
      expect(await s.codes.lookup({ ...base, codeMac: "old" })).toEqual({ usedAt: T0 + 1, expiresAt: T0 + 1000 });
      expect(await s.codes.lookup({ ...base, codeMac: "never" })).toBeUndefined();
      expect(await s.codes.lookup({ ...base, purpose: "OTHER", codeMac: "new" })).toBeUndefined();

      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "race", createdAt: T0, expiresAt: T0 + 1000 });
      const results = await Promise.all(
        Array.from({ length: 25 }, () => s.codes.consume({ ...base, codeMac: "race", now: T0 + 5 })),
      );
      expect(results.filter((r) => r === "consumed")).toHaveLength(1);
    }),
  );

  it(
    "challenge sessions: consumed once, never after expiry, readable before",
    withStore(async (s) => {
      const p = await createPool(s);
      const row = {
        idHash: "s1",
        poolId: p,
        clientId: "c",
        userId: null,
        kind: "SRP",
        dataEnc: "v1.z",
        createdAt: T0,
        expiresAt: T0 + 1000,
        consumedAt: null,
      };
      await s.challengeSessions.create(row);
      expect(await s.challengeSessions.get("s1")).toEqual(row);
      expect(await s.challengeSessions.consume("s1", T0 + 1000)).toBeUndefined();
      await s.challengeSessions.create({ ...row, idHash: "s2" });
      const results = await Promise.all(Array.from({ length: 10 }, () => s.challengeSessions.consume("s2", T0 + 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(results.find(Boolean)).toMatchObject({ idHash: "s2", consumedAt: T0 + 1 });
    }),
  );

  it(
    "refresh tokens: insert, get, rotate once, a second rotation is a replay, " +
      "grace-period retry replaces the successor",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = userRow(p, "finn");
      await s.users.create(u, []);
      const r0 = refreshRow(p, u.id, { tokenHash: "h0" });
      await s.refreshTokens.insert(r0);
      expect(await s.refreshTokens.get("h0")).toEqual(r0);
      expect(
        await s.refreshTokens.rotate(
          "h0",
          refreshRow(p, u.id, { tokenHash: "h1", originJti: r0.originJti }),
          T0 + 10,
          0,
        ),
      ).toBe("rotated");
      expect(await s.refreshTokens.get("h1")).toMatchObject({
        parentHash: "h0",
        originJti: r0.originJti,
        rotatedAt: null,
      });
      expect((await s.refreshTokens.get("h0"))?.rotatedAt).toBe(T0 + 10);
      expect(await s.refreshTokens.rotate("h0", refreshRow(p, u.id, { tokenHash: "h2" }), T0 + 11, 0)).toBe("replayed");
      expect(await s.refreshTokens.rotate("missing", refreshRow(p, u.id, { tokenHash: "h3" }), T0 + 11, 0)).toBe(
        "refused",
      );

      // Grace period: a retry with h0 within 5 s replaces h1 rather than adding a second live token.
      expect(await s.refreshTokens.rotate("h0", refreshRow(p, u.id, { tokenHash: "h4" }), T0 + 4000, 5000)).toBe(
        "rotated",
      );
      expect((await s.refreshTokens.get("h1"))?.revokedAt).toBe(T0 + 4000);
      expect(await s.refreshTokens.rotate("h0", refreshRow(p, u.id, { tokenHash: "h5" }), T0 + 6000, 5000)).toBe(
        "replayed",
      );
      // The successor a retry replaced is revoked, never rotated.
      expect(await s.refreshTokens.rotate("h1", refreshRow(p, u.id, { tokenHash: "h7" }), T0 + 6000, 5000)).toBe(
        "refused",
      );

      // Expired tokens never rotate.
      await s.refreshTokens.insert(refreshRow(p, u.id, { tokenHash: "old", expiresAt: T0 }));
      expect(await s.refreshTokens.rotate("old", refreshRow(p, u.id, { tokenHash: "h6" }), T0, 0)).toBe("refused");
    }),
  );

  it(
    "refresh tokens: concurrent rotations of one token leave exactly one successor; the others are replays",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = userRow(p, "gail");
      await s.users.create(u, []);
      await s.refreshTokens.insert(refreshRow(p, u.id, { tokenHash: "root" }));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.refreshTokens.rotate("root", refreshRow(p, u.id, { tokenHash: `succ${i}` }), T0 + 1, 0),
        ),
      );
      // The losers are told it was a replay, so the caller can end the session.
      expect(results.filter((r) => r === "rotated")).toHaveLength(1);
      expect(results.filter((r) => r === "replayed")).toHaveLength(19);
    }),
  );

  it(
    "purging: challenge sessions, refresh tokens and codes expired at or before the cutoff are deleted, " +
      "the others stay",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = userRow(p, "purge");
      await s.users.create(u, []);
      const session = {
        poolId: p,
        clientId: "c",
        userId: null,
        kind: "NEW_PASSWORD_REQUIRED",
        dataEnc: "v1.z",
        createdAt: T0,
        consumedAt: null,
      };
      await s.challengeSessions.create({ ...session, idHash: "purge-s-old", expiresAt: T0 + 10 });
      await s.challengeSessions.create({ ...session, idHash: "purge-s-new", expiresAt: T0 + 11 });
      await s.refreshTokens.insert(refreshRow(p, u.id, { tokenHash: "purge-r-old", expiresAt: T0 + 10 }));
      await s.refreshTokens.insert(refreshRow(p, u.id, { tokenHash: "purge-r-new", expiresAt: T0 + 11 }));
      const code = { poolId: p, userId: u.id, createdAt: T0 };
      await s.codes.issue({ ...code, id: randomUUID(), purpose: "A", codeMac: "purge-c-old", expiresAt: T0 + 10 });
      await s.codes.issue({ ...code, id: randomUUID(), purpose: "B", codeMac: "purge-c-new", expiresAt: T0 + 11 });

      expect(await s.challengeSessions.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.refreshTokens.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.codes.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.challengeSessions.get("purge-s-old")).toBeUndefined();
      expect(await s.challengeSessions.get("purge-s-new")).toBeDefined();
      expect(await s.refreshTokens.get("purge-r-old")).toBeUndefined();
      expect(await s.refreshTokens.get("purge-r-new")).toBeDefined();
      const codes = await s.db
        .selectFrom("confirmation_codes")
        .select("code_mac")
        .where("user_id", "=", u.id)
        .execute();
      expect(codes.map((c) => c.code_mac)).toEqual(["purge-c-new"]);
    }),
  );

  it(
    "refresh tokens: listFamilies sums the user's live families and leaves out ended, expired and other users' ones",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "lena");
      const other = await createUser(s, p, "otto");
      const [rotating, plain, revoked, expired, racing] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      // A family rotated twice: sign-in at T0, the live successor from T0 + 20.
      await s.refreshTokens.insert(
        refreshRow(p, u.id, { tokenHash: "f0", originJti: rotating, clientId: "c1", rotatedAt: T0 + 10 }),
      );
      await s.refreshTokens.insert(
        refreshRow(p, u.id, {
          tokenHash: "f1",
          originJti: rotating,
          clientId: "c1",
          createdAt: T0 + 10,
          expiresAt: T0 + 10 + HOUR,
          rotatedAt: T0 + 20,
          parentHash: "f0",
        }),
      );
      await s.refreshTokens.insert(
        refreshRow(p, u.id, {
          tokenHash: "f2",
          originJti: rotating,
          clientId: "c1",
          createdAt: T0 + 20,
          expiresAt: T0 + 20 + HOUR,
          parentHash: "f1",
        }),
      );
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: plain, clientId: "c2", createdAt: T0 + 5 }));
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: revoked, revokedAt: T0 + 1 }));
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: expired, expiresAt: T0 + 30 }));
      // A successor minted after its origin was revoked: dead by the origin record.
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: racing }));
      await s.revocations.revokeOrigin({ poolId: p, originJti: racing, userId: u.id, now: T0, expiresAt: T0 + HOUR });
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: racing, createdAt: T0 + 1 }));
      await s.refreshTokens.insert(refreshRow(p, other.id, {}));

      const families = await s.refreshTokens.listFamilies({ poolId: p, userId: u.id, now: T0 + 30 });
      expect(families.sort((a, b) => a.createdAt - b.createdAt)).toEqual([
        { originJti: rotating, clientId: "c1", createdAt: T0, lastIssuedAt: T0 + 20, expiresAt: T0 + 20 + HOUR },
        { originJti: plain, clientId: "c2", createdAt: T0 + 5, lastIssuedAt: T0 + 5, expiresAt: T0 + HOUR },
      ]);
      expect(await s.refreshTokens.listFamilies({ poolId: p, userId: u.id, now: T0 + 20 + HOUR })).toEqual([]);
    }),
  );

  it(
    "revocations: revokeOrigin kills every refresh token of that origin only, is idempotent, and status reports it",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "rita");
      const [o1, o2] = [randomUUID(), randomUUID()];
      const a = refreshRow(p, u.id, { originJti: o1 });
      const b = refreshRow(p, u.id, { originJti: o1, parentHash: a.tokenHash });
      const c = refreshRow(p, u.id, { originJti: o2 });
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
      const other = await createPool(s);
      expect((await s.revocations.status({ poolId: other, userId: u.id, originJti: o1 })).originRevokedAt).toBeNull();
    }),
  );

  it(
    "revocations: revokeUserSessions revokes the user's live tokens and their origins, " +
      "spares exceptOrigin and other users, and moves the watermark",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "sam");
      const v = await createUser(s, p, "val");
      const [keep, kill1, kill2, others] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const rows = [
        refreshRow(p, u.id, { originJti: keep }),
        refreshRow(p, u.id, { originJti: kill1 }),
        refreshRow(p, u.id, { originJti: kill2 }),
        refreshRow(p, v.id, { originJti: others }),
      ];
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
      const vRow = refreshRow(p, v.id);
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
      await s.users.delete(p, u.id, T0);
      expect((await s.revocations.status({ poolId: p, userId: u.id, originJti: undefined })).signedOutAt).toBeNull();
    }),
  );
}
