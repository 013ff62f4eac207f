import type { Kysely, Selectable } from "kysely";
import type { PoolRow, PoolStore } from "../pools.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

const toPool = (r: Selectable<Database["user_pools"]>): PoolRow => ({
  id: r.id,
  name: r.name,
  settings: JSON.parse(r.settings),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function kyselyPoolStore(db: Kysely<Database>): PoolStore {
  return {
    async create(p) {
      await mapConflict(() =>
        db
          .insertInto("user_pools")
          .values({
            id: p.id,
            name: p.name,
            settings: JSON.stringify(p.settings),
            created_at: p.createdAt,
            updated_at: p.updatedAt,
          })
          .execute(),
      );
    },
    async get(id) {
      const r = await db.selectFrom("user_pools").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toPool(r);
    },
    async list({ limit, after }) {
      let q = db.selectFrom("user_pools").selectAll().orderBy("id").limit(limit);
      if (after !== undefined) q = q.where("id", ">", after);
      return (await q.execute()).map(toPool);
    },
    async update(id, patch) {
      const r = await db
        .updateTable("user_pools")
        .set({ name: patch.name, settings: JSON.stringify(patch.settings), updated_at: patch.updatedAt })
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(id) {
      return db.transaction().execute(async (trx) => {
        // Rows without a foreign key to the pool go explicitly; the rest cascade.
        await trx.deleteFrom("auth_sessions").where("pool_id", "=", id).execute();
        await trx.deleteFrom("user_aliases").where("pool_id", "=", id).execute();
        const r = await trx.deleteFrom("user_pools").where("id", "=", id).executeTakeFirst();
        return Number(r.numDeletedRows) === 1;
      });
    },
  };
}
