import type { Kysely, Selectable, Transaction } from "kysely";
import { clientSecretId, type ClientRow, type ClientSecretRow, type ClientStore } from "../clients.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

const toClient = (r: Selectable<Database["user_pool_clients"]>, secrets: ClientSecretRow[]): ClientRow => ({
  id: r.id,
  poolId: r.pool_id,
  name: r.name,
  secrets,
  settings: JSON.parse(r.settings),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toSecret = (r: Selectable<Database["user_pool_client_secrets"]>): ClientSecretRow => ({
  id: r.secret_id,
  secretEnc: r.secret_enc,
  createdAt: Number(r.created_at),
});

/** The secrets of `clientIds`, oldest first, by client. */
async function secretsOf(db: Kysely<Database>, clientIds: string[]): Promise<Map<string, ClientSecretRow[]>> {
  const out = new Map<string, ClientSecretRow[]>(clientIds.map((id) => [id, []]));
  if (clientIds.length === 0) return out;
  const rows = await db
    .selectFrom("user_pool_client_secrets")
    .selectAll()
    .where("client_id", "in", clientIds)
    .orderBy("created_at")
    .orderBy("secret_id")
    .execute();
  for (const r of rows) out.get(r.client_id)?.push(toSecret(r));
  return out;
}

async function insertSecrets(trx: Transaction<Database>, clientId: string, secrets: ClientSecretRow[]) {
  if (secrets.length === 0) return;
  await trx
    .insertInto("user_pool_client_secrets")
    .values(
      secrets.map((s) => ({ secret_id: s.id, client_id: clientId, secret_enc: s.secretEnc, created_at: s.createdAt })),
    )
    .execute();
}

export function kyselyClientStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): ClientStore {
  /** Within `trx`, the client row locked against concurrent secret changes (SQLite runs one writer at a time). */
  async function lockClient(trx: Transaction<Database>, clientId: string): Promise<boolean> {
    let q = trx.selectFrom("user_pool_clients").select("id").where("id", "=", clientId);
    if (engine === "postgres") q = q.forUpdate();
    return (await q.executeTakeFirst()) !== undefined;
  }
  async function secretsInTrx(trx: Transaction<Database>, clientId: string): Promise<ClientSecretRow[]> {
    const rows = await trx
      .selectFrom("user_pool_client_secrets")
      .selectAll()
      .where("client_id", "=", clientId)
      .execute();
    return rows.map(toSecret);
  }

  return {
    async create(c) {
      await mapConflict(() =>
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto("user_pool_clients")
            .values({
              id: c.id,
              pool_id: c.poolId,
              name: c.name,
              settings: JSON.stringify(c.settings),
              created_at: c.createdAt,
              updated_at: c.updatedAt,
            })
            .execute();
          await insertSecrets(trx, c.id, c.secrets);
        }),
      );
    },
    async get(id) {
      const r = await db.selectFrom("user_pool_clients").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) return undefined;
      return toClient(r, (await secretsOf(db, [id])).get(id) ?? []);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("user_pool_clients").selectAll().where("pool_id", "=", poolId).orderBy("id").limit(limit);
      if (after !== undefined) q = q.where("id", ">", after);
      const rows = await q.execute();
      const secrets = await secretsOf(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toClient(r, secrets.get(r.id) ?? []));
    },
    async update(id, patch) {
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable("user_pool_clients")
          .set({ name: patch.name, settings: JSON.stringify(patch.settings), updated_at: patch.updatedAt })
          .where("id", "=", id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        if (patch.secrets !== undefined) {
          await trx.deleteFrom("user_pool_client_secrets").where("client_id", "=", id).execute();
          await insertSecrets(trx, id, patch.secrets);
        }
        return true;
      });
    },
    async delete(id) {
      const r = await db.deleteFrom("user_pool_clients").where("id", "=", id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async addSecret(clientId, secret, max) {
      return db.transaction().execute(async (trx) => {
        if (!(await lockClient(trx, clientId))) return "missing";
        const secrets = await secretsInTrx(trx, clientId);
        if (secrets.length >= max) return "full";
        const createdAt = Math.max(secret.createdAt, ...secrets.map((s) => s.createdAt + 1));
        const row = { id: clientSecretId(clientId, createdAt), secretEnc: secret.secretEnc, createdAt };
        await insertSecrets(trx, clientId, [row]);
        return row;
      });
    },
    async deleteSecret(clientId, secretId) {
      return db.transaction().execute(async (trx) => {
        if (!(await lockClient(trx, clientId))) return "missing";
        const secrets = await secretsInTrx(trx, clientId);
        if (!secrets.some((s) => s.id === secretId)) return "missing";
        if (secrets.length === 1) return "last";
        await trx
          .deleteFrom("user_pool_client_secrets")
          .where("client_id", "=", clientId)
          .where("secret_id", "=", secretId)
          .execute();
        return "deleted";
      });
    },
  };
}
