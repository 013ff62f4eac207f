import type { Kysely } from "kysely";
import type { KeyRow, KeyStore } from "../keys.js";
import type { Database } from "../schema.js";
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
