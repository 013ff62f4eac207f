import type { Kysely, Selectable } from "kysely";
import type { ResourceServerStore } from "../resourceServers.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

export function kyselyResourceServerStore(db: Kysely<Database>): ResourceServerStore {
  const to = (r: Selectable<Database["resource_servers"]>) => ({
    poolId: r.pool_id,
    identifier: r.identifier,
    name: r.name,
    scopes: JSON.parse(r.scopes),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  return {
    async create(r) {
      await mapConflict(() =>
        db
          .insertInto("resource_servers")
          .values({
            pool_id: r.poolId,
            identifier: r.identifier,
            name: r.name,
            scopes: JSON.stringify(r.scopes),
            created_at: r.createdAt,
            updated_at: r.updatedAt,
          })
          .execute(),
      );
    },
    async get(poolId, identifier) {
      const r = await db
        .selectFrom("resource_servers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("identifier", "=", identifier)
        .executeTakeFirst();
      return r && to(r);
    },
    async list(poolId, { limit, after }) {
      let q = db
        .selectFrom("resource_servers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .orderBy("identifier")
        .limit(limit);
      if (after !== undefined) q = q.where("identifier", ">", after);
      return (await q.execute()).map(to);
    },
    async update(r) {
      const u = await db
        .updateTable("resource_servers")
        .set({ name: r.name, scopes: JSON.stringify(r.scopes), updated_at: r.updatedAt })
        .where("pool_id", "=", r.poolId)
        .where("identifier", "=", r.identifier)
        .executeTakeFirst();
      return Number(u.numUpdatedRows) === 1;
    },
    async delete(poolId, identifier) {
      const r = await db
        .deleteFrom("resource_servers")
        .where("pool_id", "=", poolId)
        .where("identifier", "=", identifier)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
