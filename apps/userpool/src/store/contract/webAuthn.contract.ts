/**
 * Passkeys: a credential ID is unique per pool (the index decides), credentials are listed and deleted for
 * their own user only, the signature counter moves by compare-and-set, and a registration challenge is
 * used once (of parallel consumers exactly one gets it) and never after it expires.
 */
import { expect, it } from "vitest";
import { StoreConflictError } from "../conflict.js";
import type { Store, WebAuthnCredentialRow } from "../index.js";
import { createPool, createUser, storeTest, T0 } from "./fixtures.js";

const credential = (
  poolId: string,
  userId: string,
  id: string,
  over: Partial<WebAuthnCredentialRow> = {},
): WebAuthnCredentialRow => ({
  poolId,
  credentialId: id,
  userId,
  relyingPartyId: "localhost",
  publicKey: "pQECAyYgASFY",
  signCount: 0,
  transports: ["internal", "hybrid"],
  friendlyName: "Passkey",
  authenticatorAttachment: "platform",
  createdAt: T0,
  lastUsedAt: null,
  ...over,
});

export function webAuthnStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "passkeys: unique per pool, listed and deleted for their own user, counter by compare-and-set",
    withStore(async (s) => {
      const p = await createPool(s);
      const other = await createPool(s);
      const alice = await createUser(s, p, "alice");
      const bob = await createUser(s, p, "bob");
      const carol = await createUser(s, other, "carol");
      await s.webAuthn.insertCredential(credential(p, alice.id, "c2", { createdAt: T0 + 1 }));
      await s.webAuthn.insertCredential(credential(p, alice.id, "c1", { createdAt: T0 + 1 }));
      await s.webAuthn.insertCredential(
        credential(p, alice.id, "c0", { createdAt: T0 + 2, authenticatorAttachment: null }),
      );
      // The same credential ID again in the pool, even for another user, is refused by the key.
      const dup = await s.webAuthn.insertCredential(credential(p, bob.id, "c1")).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(StoreConflictError);
      expect((dup as StoreConflictError).kind).toBe("passkey");
      // Another pool has its own namespace.
      await s.webAuthn.insertCredential(credential(other, carol.id, "c1"));

      expect(await s.webAuthn.getCredential(p, "c0")).toEqual(
        credential(p, alice.id, "c0", { createdAt: T0 + 2, authenticatorAttachment: null }),
      );
      expect(await s.webAuthn.countCredentials(p, alice.id)).toBe(3);
      expect(await s.webAuthn.countCredentials(p, bob.id)).toBe(0);
      const first = await s.webAuthn.listCredentials(p, alice.id, 2);
      expect(first.map((c) => c.credentialId)).toEqual(["c1", "c2"]);
      const last = first.at(-1)!;
      const rest = await s.webAuthn.listCredentials(p, alice.id, 2, last);
      expect(rest.map((c) => c.credentialId)).toEqual(["c0"]);
      expect(await s.webAuthn.listCredentials(p, bob.id, 10)).toEqual([]);

      expect(await s.webAuthn.recordUse(p, "c1", 0, 5, T0 + 9)).toBe(true);
      // A second assertion verified against the old count loses.
      expect(await s.webAuthn.recordUse(p, "c1", 0, 6, T0 + 9)).toBe(false);
      expect(await s.webAuthn.getCredential(p, "c1")).toMatchObject({ signCount: 5, lastUsedAt: T0 + 9 });
      expect(await s.webAuthn.getCredential(other, "c1")).toMatchObject({ signCount: 0, lastUsedAt: null });

      expect(await s.webAuthn.deleteCredential(p, bob.id, "c1")).toBe(false);
      expect(await s.webAuthn.deleteCredential(p, alice.id, "c1")).toBe(true);
      expect(await s.webAuthn.deleteCredential(p, alice.id, "c1")).toBe(false);
      expect(await s.webAuthn.getCredential(p, "c1")).toBeUndefined();
      expect(await s.webAuthn.getCredential(other, "c1")).toBeDefined();
    }),
  );

  it(
    "passkeys: a registration challenge is used once, by one of parallel consumers, never after it expires",
    withStore(async (s) => {
      const p = await createPool(s);
      const alice = await createUser(s, p, "alice");
      const row = (idHash: string, expiresAt: number) => ({
        idHash,
        poolId: p,
        userId: alice.id,
        clientId: "client1",
        createdAt: T0,
        expiresAt,
      });
      const live = `${p}-live`.padEnd(43, "x");
      await s.webAuthn.createChallenge(row(live, T0 + 300_000));
      const bob = await createUser(s, p, "bob");
      // Another user's answer neither gets nor uses up the challenge.
      expect(await s.webAuthn.consumeChallenge(p, bob.id, live, T0 + 1)).toBeUndefined();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.webAuthn.consumeChallenge(p, alice.id, live, T0 + 1)),
      );
      expect(results.filter((r) => r !== undefined)).toEqual([row(live, T0 + 300_000)]);
      expect(await s.webAuthn.consumeChallenge(p, alice.id, live, T0 + 2)).toBeUndefined();

      const old = `${p}-old`.padEnd(43, "x");
      await s.webAuthn.createChallenge(row(old, T0 + 10));
      expect(await s.webAuthn.consumeChallenge(p, alice.id, old, T0 + 10)).toBeUndefined();
      expect(await s.webAuthn.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.webAuthn.consumeChallenge(p, alice.id, old, T0)).toBeUndefined();
    }),
  );
}
