import type { Kysely } from "kysely";
import type { DevMailStore } from "../devMail.js";
import type { Database } from "../schema.js";

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
