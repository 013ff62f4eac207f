/**
 * Branding and terms: a customization per (pool, client key) replaced in place, one managed-login style per
 * client (the unique index refuses a second), an update only from the version read, terms unique per client
 * and name, paged by id, and acceptances kept per version; a client's rows go with it, a user's with the user.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { StoreConflictError, type ManagedLoginBrandingRow, type Store, type TermsRow } from "../index.js";
import { createPool, createUser, storeTest, T0 } from "./fixtures.js";

async function createClient(s: Store, poolId: string): Promise<string> {
  const id = randomUUID().replace(/-/g, "").slice(0, 26);
  await s.clients.create({ id, poolId, name: "c", secrets: [], settings: {}, createdAt: T0, updatedAt: T0 });
  return id;
}

const style = (poolId: string, clientId: string, over: Partial<ManagedLoginBrandingRow> = {}) => ({
  id: randomUUID(),
  poolId,
  clientId,
  useCognitoProvidedValues: false,
  settings: { components: { form: { lightMode: { backgroundColor: "ffffffff" } } }, list: [1, "two", null] },
  assets: [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: "iVBORw0KGgo=" }],
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const terms = (poolId: string, clientId: string, termsName: string, over: Partial<TermsRow> = {}): TermsRow => ({
  id: randomUUID(),
  poolId,
  clientId,
  termsName,
  termsSource: "LINK",
  enforcement: "NONE",
  links: { "cognito:default": "https://example.com/t", "cognito:french": "https://example.com/fr/t" },
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

export function brandingStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "branding: a UI customization per client key replaced in place; one style per client, updated from its version",
    withStore(async (s) => {
      const p = await createPool(s);
      const c = await createClient(s, p);
      const ui = {
        poolId: p,
        clientKey: "ALL",
        css: ".label-customizable{font-weight:700}",
        cssVersion: "1",
        imageB64: "iVBORw0KGgo=",
        imageType: "image/png",
        imageVersion: "1",
        createdAt: T0,
        updatedAt: T0,
      };
      await s.branding.putUiCustomization(ui);
      await s.branding.putUiCustomization({ ...ui, clientKey: c, css: null, cssVersion: null });
      await s.branding.putUiCustomization({
        ...ui,
        imageB64: null,
        imageType: null,
        imageVersion: null,
        updatedAt: T0 + 5,
      });
      expect(await s.branding.getUiCustomization(p, "ALL")).toEqual({
        ...ui,
        imageB64: null,
        imageType: null,
        imageVersion: null,
        updatedAt: T0 + 5,
      });
      expect(await s.branding.getUiCustomization(p, c)).toMatchObject({ css: null, imageB64: "iVBORw0KGgo=" });
      expect(await s.branding.getUiCustomization(p, "other")).toBeUndefined();

      const a = style(p, c);
      await s.branding.createManagedLogin(a);
      await expect(s.branding.createManagedLogin(style(p, c))).rejects.toBeInstanceOf(StoreConflictError);
      expect(await s.branding.getManagedLogin(p, a.id)).toEqual(a);
      expect(await s.branding.getManagedLoginForClient(p, c)).toEqual(a);
      expect(await s.branding.getManagedLogin(await createPool(s), a.id)).toBeUndefined();

      const b = { ...a, settings: null, assets: [], useCognitoProvidedValues: true, updatedAt: T0 + 1 };
      expect(await s.branding.updateManagedLogin(b, T0)).toBe(true);
      // A writer that read the old version loses.
      expect(await s.branding.updateManagedLogin({ ...a, updatedAt: T0 + 2 }, T0)).toBe(false);
      expect(await s.branding.getManagedLogin(p, a.id)).toEqual(b);
      expect(await s.branding.deleteManagedLogin(p, a.id)).toBe(true);
      expect(await s.branding.deleteManagedLogin(p, a.id)).toBe(false);

      // A client's style goes with the client.
      const d = style(p, c);
      await s.branding.createManagedLogin(d);
      await s.clients.delete(c);
      expect(await s.branding.getManagedLogin(p, d.id)).toBeUndefined();
    }),
  );

  it(
    "terms: unique per client and name, paged by id, acceptances per version, gone with their client or user",
    withStore(async (s) => {
      const p = await createPool(s);
      const c1 = await createClient(s, p);
      const c2 = await createClient(s, p);
      const tou = terms(p, c1, "terms-of-use");
      await s.terms.create(tou);
      await expect(s.terms.create(terms(p, c1, "terms-of-use"))).rejects.toBeInstanceOf(StoreConflictError);
      const pp = terms(p, c1, "privacy-policy");
      const other = terms(p, c2, "terms-of-use");
      await s.terms.create(pp);
      await s.terms.create(other);
      expect(await s.terms.get(p, tou.id)).toEqual(tou);
      expect(await s.terms.getByClient(p, c1, "privacy-policy")).toEqual(pp);
      expect((await s.terms.listForClient(p, c1)).map((t) => t.termsName)).toEqual(["privacy-policy", "terms-of-use"]);
      const ids = [tou.id, pp.id, other.id].sort();
      expect((await s.terms.list(p, 2)).map((t) => t.id)).toEqual(ids.slice(0, 2));
      expect((await s.terms.list(p, 2, ids[1])).map((t) => t.id)).toEqual(ids.slice(2));

      await expect(s.terms.update({ ...pp, termsName: "terms-of-use" })).rejects.toBeInstanceOf(StoreConflictError);
      expect(
        await s.terms.update({ ...pp, links: { "cognito:default": "https://x.example" }, updatedAt: T0 + 9 }),
      ).toBe(true);
      expect(await s.terms.get(p, pp.id)).toMatchObject({ links: { "cognito:default": "https://x.example" } });

      const u = await createUser(s, p, "accepter");
      const acceptance = {
        poolId: p,
        userId: u.id,
        clientId: c1,
        termsId: tou.id,
        termsName: "terms-of-use",
        termsVersion: T0,
        links: tou.links,
        acceptedAt: T0 + 100,
      };
      await s.terms.recordAcceptance(acceptance);
      await s.terms.recordAcceptance(acceptance); // the same version twice is one record
      await s.terms.recordAcceptance({ ...acceptance, termsVersion: T0 + 9, acceptedAt: T0 + 200 });
      expect(await s.terms.acceptances(p, u.id)).toEqual([
        acceptance,
        { ...acceptance, termsVersion: T0 + 9, acceptedAt: T0 + 200 },
      ]);
      expect(await s.users.delete(p, u.id, T0 + 300)).toBe(true);
      expect(await s.terms.acceptances(p, u.id)).toEqual([]);

      expect(await s.terms.delete(p, tou.id)).toBe(true);
      expect(await s.terms.delete(p, tou.id)).toBe(false);
      await s.clients.delete(c2);
      expect(await s.terms.get(p, other.id)).toBeUndefined();
    }),
  );
}
