import type { Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { ClientRow, ClientStore, PoolRow, PoolStore } from "../types.js";
import { mapConflict } from "./conflict.js";

type PoolTable = Selectable<Database["user_pools"]>;
type ClientTable = Selectable<Database["user_pool_clients"]>;

const toPool = (r: PoolTable): PoolRow => ({
  id: r.id,
  name: r.name,
  settings: JSON.parse(r.settings),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toClient = (r: ClientTable): ClientRow => ({
  id: r.id,
  poolId: r.pool_id,
  name: r.name,
  secretEnc: r.secret_enc,
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
