/**
 * Identities linked to users (AdminLinkProviderForUser) and SAML signing certificates. store.test.ts runs every
 * suite of contract/ on every engine.
 */
import { expect, it } from "vitest";
import { StoreConflictError, type Store } from "../index.js";
import { createPool, createUser, T0 } from "./fixtures.js";

export function providerLinkStoreContract(open: () => Promise<Store>): void {
  it("provider links: one user per identity, found, listed per user, deleted, gone with the user", async () => {
    const s = await open();
    const poolId = await createPool(s);
    const ada = await createUser(s, poolId, "link-ada");
    const bob = await createUser(s, poolId, "link-bob");
    const link = (providerUserId: string, userId: string, createdAt = T0) => ({
      poolId,
      providerName: "Google",
      providerUserId,
      userId,
      createdAt,
    });
    await s.providerLinks.create(link("g-1", ada.id));
    await s.providerLinks.create(link("g-2", ada.id, T0 + 1));
    await expect(s.providerLinks.create(link("g-1", bob.id))).rejects.toMatchObject({
      constructor: StoreConflictError,
      kind: "provider-link",
    });
    expect(await s.providerLinks.find(poolId, "Google", "g-1")).toEqual(link("g-1", ada.id));
    expect(await s.providerLinks.find(poolId, "Other", "g-1")).toBeUndefined();
    expect((await s.providerLinks.listForUser(poolId, ada.id)).map((l) => l.providerUserId)).toEqual(["g-1", "g-2"]);
    expect(await s.providerLinks.listForUser(poolId, bob.id)).toEqual([]);
    expect(await s.providerLinks.delete(poolId, "Google", "g-2")).toBe(true);
    expect(await s.providerLinks.delete(poolId, "Google", "g-2")).toBe(false);
    expect(await s.users.delete(poolId, ada.id, 1_000)).toBe(true);
    expect(await s.providerLinks.find(poolId, "Google", "g-1")).toBeUndefined();
  });

  it("SAML certificates: the first insert wins, later ones report false", async () => {
    const s = await open();
    const poolId = await createPool(s);
    expect(await s.samlCertificates.get(poolId)).toBeUndefined();
    const row = { poolId, certificate: "MIIB", privateEnc: "v1.sealed", createdAt: T0 };
    expect(await s.samlCertificates.insertIfAbsent(row)).toBe(true);
    expect(await s.samlCertificates.insertIfAbsent({ ...row, certificate: "MIIC" })).toBe(false);
    expect(await s.samlCertificates.get(poolId)).toEqual(row);
    // The encryption certificates are another table: the pool has none yet, and its own first insert wins too.
    expect(await s.samlEncryptionCertificates.get(poolId)).toBeUndefined();
    const enc = { ...row, certificate: "MIIE" };
    expect(await s.samlEncryptionCertificates.insertIfAbsent(enc)).toBe(true);
    expect(await s.samlEncryptionCertificates.insertIfAbsent(row)).toBe(false);
    expect(await s.samlEncryptionCertificates.get(poolId)).toEqual(enc);
    expect(await s.samlCertificates.get(poolId)).toEqual(row);
  });
}
