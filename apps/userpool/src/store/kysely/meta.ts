import type { Kysely } from "kysely";
import type { MetaStore } from "../meta.js";
import type { Database } from "../schema.js";

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
