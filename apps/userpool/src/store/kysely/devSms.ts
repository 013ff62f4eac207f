import type { Kysely } from "kysely";
import type { DevSmsStore } from "../devSms.js";
import type { Database } from "../schema.js";

export function kyselyDevSmsStore(db: Kysely<Database>): DevSmsStore {
  return {
    async insert(m) {
      await db
        .insertInto("dev_sms")
        .values({
          id: m.id,
          to_number: m.to,
          pool_id: m.poolId,
          kind: m.kind,
          created_at: m.createdAt,
          content_enc: m.contentEnc,
        })
        .execute();
    },
    async list({ to, limit }) {
      let q = db.selectFrom("dev_sms").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(limit);
      if (to !== undefined) q = q.where("to_number", "=", to);
      return (await q.execute()).map((r) => ({
        id: r.id,
        to: r.to_number,
        poolId: r.pool_id,
        kind: r.kind,
        createdAt: r.created_at,
        contentEnc: r.content_enc,
      }));
    },
    async purge({ before, keep }) {
      const old = await db.deleteFrom("dev_sms").where("created_at", "<", before).executeTakeFirst();
      // The newest `keep` rows' oldest one marks the cut; IDs are time-ordered, so (created_at, id) is a total order.
      const cut = await db
        .selectFrom("dev_sms")
        .select(["created_at", "id"])
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .offset(keep)
        .limit(1)
        .executeTakeFirst();
      let over = 0n;
      if (cut) {
        const r = await db
          .deleteFrom("dev_sms")
          .where((eb) =>
            eb.or([
              eb("created_at", "<", cut.created_at),
              eb.and([eb("created_at", "=", cut.created_at), eb("id", "<=", cut.id)]),
            ]),
          )
          .executeTakeFirst();
        over = r.numDeletedRows;
      }
      return Number(old.numDeletedRows + over);
    },
  };
}
