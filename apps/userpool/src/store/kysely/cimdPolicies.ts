import type { Kysely, Selectable } from "kysely";
import type { CimdDocumentRow, CimdPolicyRow, CimdPolicyStore } from "../cimdPolicies.js";
import type { Database } from "../schema.js";

const toPolicy = (r: Selectable<Database["cimd_policies"]>): CimdPolicyRow => ({
  id: r.id,
  poolId: r.pool_id,
  clientId: r.client_id,
  name: r.policy_name,
  cacheDuration: Number(r.cache_duration),
  urlPatterns: JSON.parse(r.url_patterns),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDocument = (r: Selectable<Database["cimd_documents"]>): CimdDocumentRow => ({
  policyId: r.policy_id,
  url: r.url,
  document: r.document,
  cachedAt: r.cached_at,
  expiresAt: r.expires_at,
});

export function kyselyCimdPolicyStore(db: Kysely<Database>): CimdPolicyStore {
  return {
    async create(r) {
      await db
        .insertInto("cimd_policies")
        .values({
          id: r.id,
          pool_id: r.poolId,
          client_id: r.clientId,
          policy_name: r.name,
          cache_duration: r.cacheDuration,
          url_patterns: JSON.stringify(r.urlPatterns),
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })
        .execute();
    },
    async get(poolId, id) {
      const r = await db
        .selectFrom("cimd_policies")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("id", "=", id)
        .executeTakeFirst();
      return r && toPolicy(r);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("cimd_policies").selectAll().where("pool_id", "=", poolId).orderBy("id").limit(limit);
      if (after !== undefined) q = q.where("id", ">", after);
      return (await q.execute()).map(toPolicy);
    },
    async update(r) {
      const u = await db
        .updateTable("cimd_policies")
        .set({
          client_id: r.clientId,
          policy_name: r.name,
          cache_duration: r.cacheDuration,
          url_patterns: JSON.stringify(r.urlPatterns),
          updated_at: r.updatedAt,
        })
        .where("pool_id", "=", r.poolId)
        .where("id", "=", r.id)
        .executeTakeFirst();
      return Number(u.numUpdatedRows) === 1;
    },
    async delete(poolId, id) {
      return db.transaction().execute(async (trx) => {
        // Explicit as well as by cascade, so the outcome does not depend on foreign-key enforcement.
        const policy = await trx
          .selectFrom("cimd_policies")
          .select("id")
          .where("pool_id", "=", poolId)
          .where("id", "=", id)
          .executeTakeFirst();
        if (!policy) return false;
        await trx.deleteFrom("cimd_documents").where("policy_id", "=", id).execute();
        const d = await trx.deleteFrom("cimd_policies").where("id", "=", id).executeTakeFirst();
        return Number(d.numDeletedRows) === 1;
      });
    },
    async listDocuments(policyId, { limit, after }) {
      let q = db.selectFrom("cimd_documents").selectAll().where("policy_id", "=", policyId).orderBy("url").limit(limit);
      if (after !== undefined) q = q.where("url", ">", after);
      return (await q.execute()).map(toDocument);
    },
    async getDocument(policyId, url) {
      const r = await db
        .selectFrom("cimd_documents")
        .selectAll()
        .where("policy_id", "=", policyId)
        .where("url", "=", url)
        .executeTakeFirst();
      return r && toDocument(r);
    },
    async putDocument(r) {
      const values = {
        policy_id: r.policyId,
        url: r.url,
        document: r.document,
        cached_at: r.cachedAt,
        expires_at: r.expiresAt,
      };
      await db
        .insertInto("cimd_documents")
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(["policy_id", "url"])
            .doUpdateSet({ document: r.document, cached_at: r.cachedAt, expires_at: r.expiresAt }),
        )
        .execute();
    },
    async deleteDocument(policyId, url) {
      const d = await db
        .deleteFrom("cimd_documents")
        .where("policy_id", "=", policyId)
        .where("url", "=", url)
        .executeTakeFirst();
      return Number(d.numDeletedRows) === 1;
    },
  };
}
