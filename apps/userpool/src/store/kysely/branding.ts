import type { Kysely, Selectable } from "kysely";
import type { BrandingStore, ManagedLoginBrandingRow, UiCustomizationRow } from "../branding.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

export function kyselyBrandingStore(db: Kysely<Database>): BrandingStore {
  const ui = (r: Selectable<Database["ui_customizations"]>): UiCustomizationRow => ({
    poolId: r.pool_id,
    clientKey: r.client_key,
    css: r.css,
    cssVersion: r.css_version,
    imageB64: r.image_b64,
    imageType: r.image_type,
    imageVersion: r.image_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const ml = (r: Selectable<Database["managed_login_brandings"]>): ManagedLoginBrandingRow => ({
    id: r.id,
    poolId: r.pool_id,
    clientId: r.client_id,
    useCognitoProvidedValues: Number(r.use_cognito_provided_values) === 1,
    settings: r.settings === null ? null : JSON.parse(r.settings),
    assets: JSON.parse(r.assets),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const mlValues = (r: ManagedLoginBrandingRow) => ({
    use_cognito_provided_values: r.useCognitoProvidedValues ? 1 : 0,
    settings: r.settings === null ? null : JSON.stringify(r.settings),
    assets: JSON.stringify(r.assets),
    updated_at: r.updatedAt,
  });
  return {
    async putUiCustomization(r) {
      const values = {
        css: r.css,
        css_version: r.cssVersion,
        image_b64: r.imageB64,
        image_type: r.imageType,
        image_version: r.imageVersion,
        updated_at: r.updatedAt,
      };
      await db
        .insertInto("ui_customizations")
        .values({ pool_id: r.poolId, client_key: r.clientKey, created_at: r.createdAt, ...values })
        .onConflict((oc) => oc.columns(["pool_id", "client_key"]).doUpdateSet(values))
        .execute();
    },
    async getUiCustomization(poolId, clientKey) {
      const r = await db
        .selectFrom("ui_customizations")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("client_key", "=", clientKey)
        .executeTakeFirst();
      return r && ui(r);
    },
    async createManagedLogin(r) {
      await mapConflict(() =>
        db
          .insertInto("managed_login_brandings")
          .values({ id: r.id, pool_id: r.poolId, client_id: r.clientId, created_at: r.createdAt, ...mlValues(r) })
          .execute(),
      );
    },
    async getManagedLogin(poolId, id) {
      const r = await db
        .selectFrom("managed_login_brandings")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("id", "=", id)
        .executeTakeFirst();
      return r && ml(r);
    },
    async getManagedLoginForClient(poolId, clientId) {
      const r = await db
        .selectFrom("managed_login_brandings")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("client_id", "=", clientId)
        .executeTakeFirst();
      return r && ml(r);
    },
    async updateManagedLogin(r, expectedUpdatedAt) {
      const res = await db
        .updateTable("managed_login_brandings")
        .set(mlValues(r))
        .where("pool_id", "=", r.poolId)
        .where("id", "=", r.id)
        .where("updated_at", "=", expectedUpdatedAt)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async deleteManagedLogin(poolId, id) {
      const res = await db
        .deleteFrom("managed_login_brandings")
        .where("pool_id", "=", poolId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
  };
}
