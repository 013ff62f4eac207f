/**
 * CIMD policies and their cached documents. store.test.ts runs every suite of contract/ on every engine.
 */
import { expect, it } from "vitest";
import type { CimdPolicyRow, Store } from "../index.js";
import { createPool, T0 } from "./fixtures.js";

const policy = (poolId: string, id: string, extra: Partial<CimdPolicyRow> = {}): CimdPolicyRow => ({
  id,
  poolId,
  clientId: "client1",
  name: `policy ${id}`,
  cacheDuration: 86_400,
  urlPatterns: ["https://*.example.com/client.json"],
  createdAt: T0,
  updatedAt: T0,
  ...extra,
});

export function cimdPolicyStoreContract(open: () => Promise<Store>): void {
  it("CIMD policies: create, get within the pool only, list pages by ID, update, delete", async () => {
    const s = await open();
    const poolId = await createPool(s);
    const other = await createPool(s);
    for (const id of ["c0ffee01", "a0ffee01", "b0ffee01"]) await s.cimdPolicies.create(policy(poolId, id));
    expect(await s.cimdPolicies.get(poolId, "a0ffee01")).toEqual(policy(poolId, "a0ffee01"));
    expect(await s.cimdPolicies.get(other, "a0ffee01")).toBeUndefined();
    const first = await s.cimdPolicies.list(poolId, { limit: 2 });
    expect(first.map((p) => p.id)).toEqual(["a0ffee01", "b0ffee01"]);
    expect((await s.cimdPolicies.list(poolId, { limit: 2, after: "b0ffee01" })).map((p) => p.id)).toEqual(["c0ffee01"]);
    expect(await s.cimdPolicies.list(other, { limit: 10 })).toEqual([]);

    const changed = policy(poolId, "a0ffee01", {
      clientId: "client2",
      name: "renamed",
      cacheDuration: 31_556_952,
      urlPatterns: ["https://a.example.org/*", "https://b.example.org/*"],
      updatedAt: T0 + 1,
    });
    expect(await s.cimdPolicies.update(changed)).toBe(true);
    expect(await s.cimdPolicies.get(poolId, "a0ffee01")).toEqual(changed);
    expect(await s.cimdPolicies.update(policy(other, "a0ffee01"))).toBe(false);

    expect(await s.cimdPolicies.delete(other, "a0ffee01")).toBe(false);
    expect(await s.cimdPolicies.delete(poolId, "a0ffee01")).toBe(true);
    expect(await s.cimdPolicies.delete(poolId, "a0ffee01")).toBe(false);
    expect(await s.cimdPolicies.get(poolId, "a0ffee01")).toBeUndefined();
  });

  it("CIMD documents: put replaces, list pages by URL, delete; they go with their policy and pool", async () => {
    const s = await open();
    const poolId = await createPool(s);
    await s.cimdPolicies.create(policy(poolId, "d0c5"));
    const doc = (url: string, cachedAt = T0) => ({
      policyId: "d0c5",
      url,
      document: JSON.stringify({ client_id: url }),
      cachedAt,
      expiresAt: cachedAt + 86_400_000,
    });
    await s.cimdPolicies.putDocument(doc("https://b.example.com/c.json"));
    await s.cimdPolicies.putDocument(doc("https://a.example.com/c.json"));
    await s.cimdPolicies.putDocument(doc("https://a.example.com/c.json", T0 + 5));
    expect(await s.cimdPolicies.getDocument("d0c5", "https://a.example.com/c.json")).toEqual(
      doc("https://a.example.com/c.json", T0 + 5),
    );
    const page = await s.cimdPolicies.listDocuments("d0c5", { limit: 1 });
    expect(page.map((d) => d.url)).toEqual(["https://a.example.com/c.json"]);
    expect((await s.cimdPolicies.listDocuments("d0c5", { limit: 5, after: page[0]!.url })).map((d) => d.url)).toEqual([
      "https://b.example.com/c.json",
    ]);
    expect(await s.cimdPolicies.deleteDocument("d0c5", "https://b.example.com/c.json")).toBe(true);
    expect(await s.cimdPolicies.deleteDocument("d0c5", "https://b.example.com/c.json")).toBe(false);

    await s.cimdPolicies.delete(poolId, "d0c5");
    expect(await s.cimdPolicies.listDocuments("d0c5", { limit: 5 })).toEqual([]);
    await s.cimdPolicies.create(policy(poolId, "d0c6"));
    await s.cimdPolicies.putDocument({ ...doc("https://c.example.com/c.json"), policyId: "d0c6" });
    expect(await s.pools.delete(poolId)).toBe(true);
    expect(await s.cimdPolicies.get(poolId, "d0c6")).toBeUndefined();
    expect(await s.cimdPolicies.listDocuments("d0c6", { limit: 5 })).toEqual([]);
  });
}
