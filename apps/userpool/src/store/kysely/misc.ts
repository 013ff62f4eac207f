import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { DevMailStore, KeyRow, KeyStore, MetaStore } from "../types.js";
import { asConflict } from "./conflict.js";

export function kyselyKeyStore(db: Kysely<Database>): KeyStore {
  return {
    async listForPool(poolId) {
      const rows = await db
        .selectFrom("signing_keys")
        .selectAll()
        .where("pool_id", "=", poolId)
        .orderBy("created_at")
        .execute();
      return rows.map(
        (r): KeyRow => ({
          kid: r.kid,
          poolId: r.pool_id,
          use: r.token_use as KeyRow["use"],
          publicJwk: JSON.parse(r.public_jwk),
          privateEnc: r.private_enc,
          createdAt: r.created_at,
        }),
      );
    },
    async insertIfAbsent(k) {
      try {
        await db
          .insertInto("signing_keys")
          .values({
            kid: k.kid,
            pool_id: k.poolId,
            token_use: k.use,
            public_jwk: JSON.stringify(k.publicJwk),
            private_enc: k.privateEnc,
            created_at: k.createdAt,
          })
          .execute();
        return true;
      } catch (err) {
        if (asConflict(err)?.kind === "key") return false;
        throw err;
      }
    },
  };
}

export function kyselyDevMailStore(db: Kysely<Database>): DevMailStore {
  return {
    async insert(m) {
      await db
        .insertInto("dev_messages")
        .values({ id: m.id, to_address: m.to.toLowerCase(), created_at: m.createdAt, content_enc: m.contentEnc })
        .execute();
    },
    async list({ to, limit }) {
      let q = db
        .selectFrom("dev_messages")
        .selectAll()
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit);
      if (to !== undefined) q = q.where("to_address", "=", to.toLowerCase());
      return (await q.execute()).map((r) => ({
        id: r.id,
        to: r.to_address,
        createdAt: r.created_at,
        contentEnc: r.content_enc,
      }));
    },
  };
}

export function kyselyMetaStore(db: Kysely<Database>): MetaStore {
  return {
    async get(key) {
      return (await db.selectFrom("userpool_meta").select("value").where("key", "=", key).executeTakeFirst())?.value;
    },
    async setIfAbsent(key, value) {
      await db
        .insertInto("userpool_meta")
        .values({ key, value })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const stored = await db
        .selectFrom("userpool_meta")
        .select("value")
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      return stored.value;
    },
  };
}
