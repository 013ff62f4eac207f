import type { Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { TermsAcceptanceRow, TermsRow, TermsStore } from "../terms.js";
import { mapConflict } from "./conflict.js";

export function kyselyTermsStore(db: Kysely<Database>): TermsStore {
  const to = (r: Selectable<Database["terms"]>): TermsRow => ({
    id: r.id,
    poolId: r.pool_id,
    clientId: r.client_id,
    termsName: r.terms_name,
    termsSource: r.terms_source,
    enforcement: r.enforcement,
    links: JSON.parse(r.links),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const acceptance = (r: Selectable<Database["terms_acceptances"]>): TermsAcceptanceRow => ({
    poolId: r.pool_id,
    userId: r.user_id,
    clientId: r.client_id,
    termsId: r.terms_id,
    termsName: r.terms_name,
    termsVersion: r.terms_version,
    links: JSON.parse(r.links),
    acceptedAt: r.accepted_at,
  });
  const values = (r: TermsRow) => ({
    terms_name: r.termsName,
    terms_source: r.termsSource,
    enforcement: r.enforcement,
    links: JSON.stringify(r.links),
    updated_at: r.updatedAt,
  });
  return {
    async create(r) {
      await mapConflict(() =>
        db
          .insertInto("terms")
          .values({ id: r.id, pool_id: r.poolId, client_id: r.clientId, created_at: r.createdAt, ...values(r) })
          .execute(),
      );
    },
    async get(poolId, id) {
      const r = await db
        .selectFrom("terms")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("id", "=", id)
        .executeTakeFirst();
      return r && to(r);
    },
    async getByClient(poolId, clientId, termsName) {
      const r = await db
        .selectFrom("terms")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("client_id", "=", clientId)
        .where("terms_name", "=", termsName)
        .executeTakeFirst();
      return r && to(r);
    },
    async listForClient(poolId, clientId) {
      const rows = await db
        .selectFrom("terms")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("client_id", "=", clientId)
        .orderBy("terms_name")
        .execute();
      return rows.map(to);
    },
    async list(poolId, limit, afterId) {
      let q = db.selectFrom("terms").selectAll().where("pool_id", "=", poolId);
      if (afterId !== undefined) q = q.where("id", ">", afterId);
      return (await q.orderBy("id").limit(limit).execute()).map(to);
    },
    async update(r) {
      const res = await mapConflict(() =>
        db
          .updateTable("terms")
          .set(values(r))
          .where("pool_id", "=", r.poolId)
          .where("id", "=", r.id)
          .executeTakeFirst(),
      );
      return Number(res.numUpdatedRows) === 1;
    },
    async delete(poolId, id) {
      const res = await db.deleteFrom("terms").where("pool_id", "=", poolId).where("id", "=", id).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
    async recordAcceptance(r) {
      await db
        .insertInto("terms_acceptances")
        .values({
          pool_id: r.poolId,
          user_id: r.userId,
          client_id: r.clientId,
          terms_id: r.termsId,
          terms_name: r.termsName,
          terms_version: r.termsVersion,
          links: JSON.stringify(r.links),
          accepted_at: r.acceptedAt,
        })
        .onConflict((oc) => oc.columns(["user_id", "terms_id", "terms_version"]).doNothing())
        .execute();
    },
    async acceptances(poolId, userId) {
      const rows = await db
        .selectFrom("terms_acceptances")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .orderBy("accepted_at")
        .orderBy("terms_name")
        .execute();
      return rows.map(acceptance);
    },
  };
}
