import type { Kysely } from "kysely";
import type { AdministrationStore } from "../administration.js";
import type { JsonObject } from "../json.js";
import type { Database } from "../schema.js";

export function kyselyAdministrationStore(db: Kysely<Database>): AdministrationStore {
  return {
    async getPoolDocument(poolId, name) {
      const r = await db
        .selectFrom("pool_configurations")
        .select("value")
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as JsonObject) : undefined;
    },
    async putPoolDocument(poolId, name, value, updatedAt) {
      const row = { pool_id: poolId, name, value: JSON.stringify(value), updated_at: updatedAt };
      await db
        .insertInto("pool_configurations")
        .values(row)
        .onConflict((oc) => oc.columns(["pool_id", "name"]).doUpdateSet({ value: row.value, updated_at: updatedAt }))
        .execute();
    },
    async getClientDocument(clientId, name) {
      const r = await db
        .selectFrom("client_configurations")
        .select("value")
        .where("client_id", "=", clientId)
        .where("name", "=", name)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as JsonObject) : undefined;
    },
    async putClientDocument(clientId, name, value, updatedAt) {
      const row = { client_id: clientId, name, value: JSON.stringify(value), updated_at: updatedAt };
      await db
        .insertInto("client_configurations")
        .values(row)
        .onConflict((oc) => oc.columns(["client_id", "name"]).doUpdateSet({ value: row.value, updated_at: updatedAt }))
        .execute();
    },
    async provisionedLimits() {
      const rows = await db.selectFrom("provisioned_limits").select(["category", "value"]).execute();
      return Object.fromEntries(rows.map((r) => [r.category, Number(r.value)]));
    },
    async putProvisionedLimit(category, value, updatedAt) {
      await db
        .insertInto("provisioned_limits")
        .values({ category, value, updated_at: updatedAt })
        .onConflict((oc) => oc.column("category").doUpdateSet({ value, updated_at: updatedAt }))
        .execute();
    },
  };
}
