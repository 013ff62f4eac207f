import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database } from "../schema.js";
import {
  OAuthConflictError,
  type AuthorizationCodeRow,
  type AuthorizationCodeStore,
  type DomainStore,
  type FederationStateStore,
  type GrantStore,
  type HostedSessionStore,
  type IdentityProviderRow,
  type IdentityProviderStore,
  type ResourceServerStore,
} from "../oauthTypes.js";
import { asConflict } from "./conflict.js";

/** Runs a write and turns a unique violation into OAuthConflictError(what). */
async function conflictAs<T>(what: OAuthConflictError["what"], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (asConflict(err)) throw new OAuthConflictError(what);
    throw err;
  }
}

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
  await conflictAs("idp-identifier", () =>
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
        await conflictAs("provider-name", () =>
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

export function kyselyResourceServerStore(db: Kysely<Database>): ResourceServerStore {
  const to = (r: Selectable<Database["resource_servers"]>) => ({
    poolId: r.pool_id,
    identifier: r.identifier,
    name: r.name,
    scopes: JSON.parse(r.scopes),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  return {
    async create(r) {
      await conflictAs("resource-server", () =>
        db
          .insertInto("resource_servers")
          .values({
            pool_id: r.poolId,
            identifier: r.identifier,
            name: r.name,
            scopes: JSON.stringify(r.scopes),
            created_at: r.createdAt,
            updated_at: r.updatedAt,
          })
          .execute(),
      );
    },
    async get(poolId, identifier) {
      const r = await db
        .selectFrom("resource_servers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("identifier", "=", identifier)
        .executeTakeFirst();
      return r && to(r);
    },
    async list(poolId, { limit, after }) {
      let q = db
        .selectFrom("resource_servers")
        .selectAll()
        .where("pool_id", "=", poolId)
        .orderBy("identifier")
        .limit(limit);
      if (after !== undefined) q = q.where("identifier", ">", after);
      return (await q.execute()).map(to);
    },
    async update(r) {
      const u = await db
        .updateTable("resource_servers")
        .set({ name: r.name, scopes: JSON.stringify(r.scopes), updated_at: r.updatedAt })
        .where("pool_id", "=", r.poolId)
        .where("identifier", "=", r.identifier)
        .executeTakeFirst();
      return Number(u.numUpdatedRows) === 1;
    },
    async delete(poolId, identifier) {
      const r = await db
        .deleteFrom("resource_servers")
        .where("pool_id", "=", poolId)
        .where("identifier", "=", identifier)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}

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
      await conflictAs("domain", () =>
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

const toCode = (r: Selectable<Database["oauth_codes"]>): AuthorizationCodeRow => ({
  codeHash: r.code_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  redirectUri: r.redirect_uri,
  scopes: JSON.parse(r.scopes),
  codeChallenge: r.code_challenge,
  nonce: r.nonce,
  authTime: r.auth_time,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  originJti: r.origin_jti,
});

export function kyselyAuthorizationCodeStore(db: Kysely<Database>): AuthorizationCodeStore {
  const get = async (codeHash: string) => {
    const r = await db.selectFrom("oauth_codes").selectAll().where("code_hash", "=", codeHash).executeTakeFirst();
    return r && toCode(r);
  };
  return {
    async insert(r) {
      await db
        .insertInto("oauth_codes")
        .values({
          code_hash: r.codeHash,
          pool_id: r.poolId,
          client_id: r.clientId,
          user_id: r.userId,
          redirect_uri: r.redirectUri,
          scopes: JSON.stringify(r.scopes),
          code_challenge: r.codeChallenge,
          nonce: r.nonce,
          auth_time: r.authTime,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          used_at: r.usedAt,
          origin_jti: r.originJti,
        })
        .execute();
    },
    get,
    async redeem(codeHash, originJti, now) {
      const u = await db
        .updateTable("oauth_codes")
        .set({ used_at: now, origin_jti: originJti })
        .where("code_hash", "=", codeHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      if (u) return { status: "redeemed", row: toCode(u) };
      const row = await get(codeHash);
      if (!row) return { status: "unknown" };
      if (row.usedAt !== null) return { status: "replayed", row };
      return { status: "expired" };
    },
    async purgeExpired(before) {
      const r = await db.deleteFrom("oauth_codes").where("expires_at", "<=", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function kyselyGrantStore(db: Kysely<Database>): GrantStore {
  return {
    async insert(r) {
      await db
        .insertInto("oauth_grants")
        .values({
          origin_jti: r.originJti,
          pool_id: r.poolId,
          client_id: r.clientId,
          user_id: r.userId,
          scopes: JSON.stringify(r.scopes),
          created_at: r.createdAt,
        })
        .execute();
    },
    async get(originJti) {
      const r = await db.selectFrom("oauth_grants").selectAll().where("origin_jti", "=", originJti).executeTakeFirst();
      return (
        r && {
          originJti: r.origin_jti,
          poolId: r.pool_id,
          clientId: r.client_id,
          userId: r.user_id,
          scopes: JSON.parse(r.scopes),
          createdAt: r.created_at,
        }
      );
    },
  };
}

export function kyselyHostedSessionStore(db: Kysely<Database>): HostedSessionStore {
  return {
    async create(r) {
      await db
        .insertInto("hosted_sessions")
        .values({
          id_hash: r.idHash,
          pool_id: r.poolId,
          user_id: r.userId,
          provider: r.provider,
          auth_time: r.authTime,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
        })
        .execute();
    },
    async getLive(idHash, now) {
      const r = await db
        .selectFrom("hosted_sessions")
        .selectAll()
        .where("id_hash", "=", idHash)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return (
        r && {
          idHash: r.id_hash,
          poolId: r.pool_id,
          userId: r.user_id,
          provider: r.provider,
          authTime: r.auth_time,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
        }
      );
    },
    async delete(idHash) {
      const r = await db.deleteFrom("hosted_sessions").where("id_hash", "=", idHash).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async deleteForUser(poolId, userId) {
      const r = await db
        .deleteFrom("hosted_sessions")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async purgeExpired(now) {
      const r = await db.deleteFrom("hosted_sessions").where("expires_at", "<=", now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function kyselyFederationStateStore(db: Kysely<Database>): FederationStateStore {
  return {
    async create(r) {
      await db
        .insertInto("federation_states")
        .values({
          state_hash: r.stateHash,
          pool_id: r.poolId,
          provider_name: r.providerName,
          data_enc: r.dataEnc,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          used_at: r.usedAt,
        })
        .execute();
    },
    async consume(stateHash, now) {
      const r = await db
        .updateTable("federation_states")
        .set({ used_at: now })
        .where("state_hash", "=", stateHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return (
        r && {
          stateHash: r.state_hash,
          poolId: r.pool_id,
          providerName: r.provider_name,
          dataEnc: r.data_enc,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          usedAt: r.used_at,
        }
      );
    },
    async purgeExpired(now) {
      const r = await db.deleteFrom("federation_states").where("expires_at", "<=", now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
