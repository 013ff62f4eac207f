import type { Kysely, Selectable } from "kysely";
import type { ClientRow, ClientStore } from "../clients.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

const toClient = (r: Selectable<Database["user_pool_clients"]>): ClientRow => ({
  id: r.id,
  poolId: r.pool_id,
  name: r.name,
  secretEnc: r.secret_enc,
  settings: JSON.parse(r.settings),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function kyselyClientStore(db: Kysely<Database>): ClientStore {
  return {
    async create(c) {
      await mapConflict(() =>
        db
          .insertInto("user_pool_clients")
          .values({
            id: c.id,
            pool_id: c.poolId,
            name: c.name,
            secret_enc: c.secretEnc,
            settings: JSON.stringify(c.settings),
            created_at: c.createdAt,
            updated_at: c.updatedAt,
          })
          .execute(),
      );
    },
    async get(id) {
      const r = await db.selectFrom("user_pool_clients").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toClient(r);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("user_pool_clients").selectAll().where("pool_id", "=", poolId).orderBy("id").limit(limit);
      if (after !== undefined) q = q.where("id", ">", after);
      return (await q.execute()).map(toClient);
    },
    async update(id, patch) {
      const r = await db
        .updateTable("user_pool_clients")
        .set({
          name: patch.name,
          settings: JSON.stringify(patch.settings),
          updated_at: patch.updatedAt,
          ...(patch.secretEnc !== undefined ? { secret_enc: patch.secretEnc } : {}),
        })
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(id) {
      const r = await db.deleteFrom("user_pool_clients").where("id", "=", id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
