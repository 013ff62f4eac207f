import type { Kysely, Selectable, Transaction } from "kysely";
import type { IdentityProviderRow, IdentityProviderStore } from "../identityProviders.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

const toIdp = (r: Selectable<Database["identity_providers"]>): IdentityProviderRow => ({
  poolId: r.pool_id,
  name: r.name,
  type: r.provider_type,
  detailsEnc: r.details_enc,
  attributeMapping: JSON.parse(r.attribute_mapping),
  idpIdentifiers: JSON.parse(r.idp_identifiers),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function writeIdentifiers(trx: Transaction<Database>, r: IdentityProviderRow): Promise<void> {
  await trx
    .deleteFrom("identity_provider_identifiers")
    .where("pool_id", "=", r.poolId)
    .where("provider_name", "=", r.name)
    .execute();
  if (!r.idpIdentifiers.length) return;
  await mapConflict(() =>
    trx
      .insertInto("identity_provider_identifiers")
      .values(r.idpIdentifiers.map((identifier) => ({ pool_id: r.poolId, identifier, provider_name: r.name })))
      .execute(),
  );
}

export function kyselyIdentityProviderStore(db: Kysely<Database>): IdentityProviderStore {
  return {
    async create(r) {
      await db.transaction().execute(async (trx) => {
        await mapConflict(() =>
          trx
            .insertInto("identity_providers")
            .values({
              pool_id: r.poolId,
              name: r.name,
              provider_type: r.type,
              details_enc: r.detailsEnc,
              attribute_mapping: JSON.stringify(r.attributeMapping),
              idp_identifiers: JSON.stringify(r.idpIdentifiers),
              created_at: r.createdAt,
              updated_at: r.updatedAt,
            })
            .execute(),
        );
        await writeIdentifiers(trx, r);
      });
    },
    async get(poolId, name) {
      const r = await db
        .selectFrom("identity_providers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return r && toIdp(r);
    },
    async getByIdentifier(poolId, identifier) {
      const r = await db
        .selectFrom("identity_provider_identifiers as i")
        .innerJoin("identity_providers as p", (j) =>
          j.onRef("p.pool_id", "=", "i.pool_id").onRef("p.name", "=", "i.provider_name"),
        )
        .selectAll("p")
        .where("i.pool_id", "=", poolId)
        .where("i.identifier", "=", identifier)
        .executeTakeFirst();
      return r && toIdp(r);
    },
    async list(poolId, { limit, after }) {
      let q = db
        .selectFrom("identity_providers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .orderBy("name")
        .limit(limit);
      if (after !== undefined) q = q.where("name", ">", after);
      return (await q.execute()).map(toIdp);
    },
    async update(r) {
      return db.transaction().execute(async (trx) => {
        const u = await trx
          .updateTable("identity_providers")
          .set({
            details_enc: r.detailsEnc,
            attribute_mapping: JSON.stringify(r.attributeMapping),
            idp_identifiers: JSON.stringify(r.idpIdentifiers),
            updated_at: r.updatedAt,
          })
          .where("pool_id", "=", r.poolId)
          .where("name", "=", r.name)
          .executeTakeFirst();
        if (Number(u.numUpdatedRows) !== 1) return false;
        await writeIdentifiers(trx, r);
        return true;
      });
    },
    async delete(poolId, name) {
      return db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom("identity_provider_identifiers")
          .where("pool_id", "=", poolId)
          .where("provider_name", "=", name)
          .execute();
        const r = await trx
          .deleteFrom("identity_providers")
          .where("pool_id", "=", poolId)
          .where("name", "=", name)
          .executeTakeFirst();
        return Number(r.numDeletedRows) === 1;
      });
    },
  };
}
