import type { Kysely, Selectable } from "kysely";
import type { DomainStore } from "../domains.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

export function kyselyDomainStore(db: Kysely<Database>): DomainStore {
  const to = (r: Selectable<Database["user_pool_domains"]>) => ({
    domain: r.domain,
    poolId: r.pool_id,
    customDomainConfig: r.custom_domain_config === null ? null : JSON.parse(r.custom_domain_config),
    managedLoginVersion: Number(r.managed_login_version),
    createdAt: r.created_at,
  });
  return {
    async create(r) {
      await mapConflict(() =>
        db
          .insertInto("user_pool_domains")
          .values({
            domain: r.domain,
            pool_id: r.poolId,
            custom_domain_config: r.customDomainConfig === null ? null : JSON.stringify(r.customDomainConfig),
            managed_login_version: r.managedLoginVersion,
            created_at: r.createdAt,
          })
          .execute(),
      );
    },
    async get(domain) {
      const r = await db.selectFrom("user_pool_domains").selectAll().where("domain", "=", domain).executeTakeFirst();
      return r && to(r);
    },
    async getForPool(poolId) {
      const r = await db.selectFrom("user_pool_domains").selectAll().where("pool_id", "=", poolId).executeTakeFirst();
      return r && to(r);
    },
    async update(poolId, domain, patch) {
      const r = await db
        .updateTable("user_pool_domains")
        .set({
          custom_domain_config: patch.customDomainConfig === null ? null : JSON.stringify(patch.customDomainConfig),
          managed_login_version: patch.managedLoginVersion,
        })
        .where("pool_id", "=", poolId)
        .where("domain", "=", domain)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(poolId, domain) {
      const r = await db
        .deleteFrom("user_pool_domains")
        .where("pool_id", "=", poolId)
        .where("domain", "=", domain)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
