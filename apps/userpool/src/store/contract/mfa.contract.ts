/**
 * MFA settings, authenticator secrets used once per time step, and wrong answers counted per challenge session.
 * store.test.ts runs every suite of contract/ on every engine.
 */
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { createPool, createUser, storeTest, T0 } from "./fixtures.js";

export function mfaStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "mfa: preferences upsert; a pending secret becomes the verified one once; deleteTotp forgets it",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "mfa-a");
      expect(await s.mfa.get(p, u.id)).toBeUndefined();
      await s.mfa.setPendingTotp(p, u.id, "v1.pending-1", T0);
      await s.mfa.setPendingTotp(p, u.id, "v1.pending-2", T0 + 1);
      expect(await s.mfa.get(p, u.id)).toMatchObject({
        totpPendingEnc: "v1.pending-2",
        totpSecretEnc: null,
        totpEnabled: false,
        totpLastStep: -1,
      });
      // The replaced pending secret cannot be activated; the current one can, once.
      const activate = { step: 100, deviceName: "phone", enable: true, now: T0 + 2 };
      expect(await s.mfa.activateTotp(p, u.id, { ...activate, pendingEnc: "v1.pending-1" })).toBe(false);
      const both = await Promise.all([
        s.mfa.activateTotp(p, u.id, { ...activate, pendingEnc: "v1.pending-2" }),
        s.mfa.activateTotp(p, u.id, { ...activate, pendingEnc: "v1.pending-2" }),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(await s.mfa.get(p, u.id)).toEqual({
        poolId: p,
        userId: u.id,
        totpEnabled: true,
        emailEnabled: false,
        smsEnabled: false,
        preferred: null,
        totpSecretEnc: "v1.pending-2",
        totpPendingEnc: null,
        totpDeviceName: "phone",
        totpLastStep: 100,
        updatedAt: T0 + 2,
      });
      await s.mfa.setPreferences(
        p,
        u.id,
        { totpEnabled: true, emailEnabled: true, smsEnabled: false, preferred: "SOFTWARE_TOKEN_MFA" },
        T0 + 3,
      );
      expect(await s.mfa.get(p, u.id)).toMatchObject({
        totpEnabled: true,
        emailEnabled: true,
        preferred: "SOFTWARE_TOKEN_MFA",
        totpSecretEnc: "v1.pending-2",
      });
      await s.mfa.deleteTotp(p, u.id, T0 + 4);
      expect(await s.mfa.get(p, u.id)).toMatchObject({
        totpEnabled: false,
        emailEnabled: true,
        preferred: null,
        totpSecretEnc: null,
        totpLastStep: -1,
      });
      // Rows go with their user.
      await s.users.delete(p, u.id, T0);
      expect(await s.mfa.get(p, u.id)).toBeUndefined();
    }),
  );

  it(
    "mfa: useTotpStep accepts a step once, never an earlier one, and exactly one of parallel callers",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "mfa-b");
      await s.mfa.setPendingTotp(p, u.id, "v1.secret", T0);
      expect(
        await s.mfa.activateTotp(p, u.id, {
          pendingEnc: "v1.secret",
          step: 10,
          deviceName: null,
          enable: false,
          now: T0,
        }),
      ).toBe(true);
      expect(await s.mfa.useTotpStep(p, u.id, "v1.secret", 10)).toBe(false);
      const parallel = await Promise.all(Array.from({ length: 8 }, () => s.mfa.useTotpStep(p, u.id, "v1.secret", 11)));
      expect(parallel.filter(Boolean)).toHaveLength(1);
      expect(await s.mfa.useTotpStep(p, u.id, "v1.secret", 11)).toBe(false);
      expect(await s.mfa.useTotpStep(p, u.id, "v1.secret", 9)).toBe(false);
      // Another secret's steps are not this one's.
      expect(await s.mfa.useTotpStep(p, u.id, "v1.other", 12)).toBe(false);
      expect(await s.mfa.useTotpStep(p, u.id, "v1.secret", 12)).toBe(true);
      expect((await s.mfa.get(p, u.id))?.totpLastStep).toBe(12);
    }),
  );

  it(
    "challenge sessions: countFailedAnswer counts wrong answers and uses the session up at the limit",
    withStore(async (s) => {
      const p = await createPool(s);
      const row = {
        idHash: `h-${p}`,
        poolId: p,
        clientId: "c",
        userId: null,
        kind: "SOFTWARE_TOKEN_MFA",
        dataEnc: "v1.x",
        createdAt: T0,
        expiresAt: T0 + 180_000,
        consumedAt: null,
      };
      await s.challengeSessions.create(row);
      const counts = await Promise.all(
        Array.from({ length: 4 }, () => s.challengeSessions.countFailedAnswer(row.idHash, T0 + 1, 5)),
      );
      expect(counts.sort()).toEqual([1, 2, 3, 4]);
      expect((await s.challengeSessions.get(row.idHash))?.consumedAt).toBeNull();
      expect(await s.challengeSessions.countFailedAnswer(row.idHash, T0 + 2, 5)).toBe(5);
      expect((await s.challengeSessions.get(row.idHash))?.consumedAt).toBe(T0 + 2);
      expect(await s.challengeSessions.countFailedAnswer(row.idHash, T0 + 3, 5)).toBeUndefined();
      expect(await s.challengeSessions.consume(row.idHash, T0 + 3)).toBeUndefined();
      // An expired session counts nothing.
      await s.challengeSessions.create({ ...row, idHash: `e-${p}` });
      expect(await s.challengeSessions.countFailedAnswer(`e-${p}`, T0 + 180_000, 5)).toBeUndefined();
    }),
  );
}
