import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createStore } from "./index.js";
import { openDatabase } from "./db.js";
import { migrateToLatest, migrations } from "./migrations/index.js";
import { administrationStoreContract } from "./contract/administration.contract.js";
import { brandingStoreContract } from "./contract/branding.contract.js";
import { cimdPolicyStoreContract } from "./contract/cimdPolicies.contract.js";
import { consoleStoreContract } from "./contract/console.contract.js";
import { deviceStoreContract } from "./contract/devices.contract.js";
import { importJobStoreContract } from "./contract/importJobs.contract.js";
import { listUsersStoreContract } from "./contract/listUsers.contract.js";
import { lockoutStoreContract } from "./contract/lockouts.contract.js";
import { mfaStoreContract } from "./contract/mfa.contract.js";
import { oauthStoreContract } from "./contract/oauth.contract.js";
import { poolStoreContract } from "./contract/pools.contract.js";
import { providerLinkStoreContract } from "./contract/providerLinks.contract.js";
import { requestRateStoreContract } from "./contract/requestRates.contract.js";
import { riskStoreContract } from "./contract/risk.contract.js";
import { serverStoreContract } from "./contract/server.contract.js";
import { srpAnswerStoreContract } from "./contract/srpAnswers.contract.js";
import { tokenStoreContract } from "./contract/tokens.contract.js";
import { userStoreContract } from "./contract/users.contract.js";
import { webAuthnStoreContract } from "./contract/webAuthn.contract.js";
import { createTestStore, testEngines } from "../../test/support/engines.js";
import type { Store } from "./index.js";

describe.each(testEngines())("store contract on $name", (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(() => store?.close());

  const open = async () => store;
  poolStoreContract(open);
  userStoreContract(open);
  listUsersStoreContract(open);
  tokenStoreContract(open);
  lockoutStoreContract(open);
  srpAnswerStoreContract(open);
  mfaStoreContract(open);
  oauthStoreContract(open);
  requestRateStoreContract(open);
  serverStoreContract(open);
  deviceStoreContract(open);
  importJobStoreContract(open);
  administrationStoreContract(open);
  brandingStoreContract(open);
  riskStoreContract(open);
  webAuthnStoreContract(open);
  cimdPolicyStoreContract(open);
  providerLinkStoreContract(open);
  consoleStoreContract(open);

  it("migrates a database that already holds data, and re-running migrations is a no-op", async () => {
    const fresh = await engine.create();
    try {
      const names = Object.keys(migrations);
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, names[0]);
      await db
        .insertInto("user_pools")
        .values({ id: "us-east-1_keepme000", name: "keep", settings: "{}", created_at: 1, updated_at: 1 })
        .execute();
      await migrateToLatest(db);
      const again = await migrateToLatest(db);
      expect(again.results).toEqual([]);
      const row = await db
        .selectFrom("user_pools")
        .selectAll()
        .where("id", "=", "us-east-1_keepme000")
        .executeTakeFirst();
      expect(row).toMatchObject({ name: "keep", created_at: 1 });
      const applied = await sql<{ name: string }>`select name from userpool_migrations order by name`.execute(db);
      expect(applied.rows.map((r) => r.name)).toEqual(names);
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });

  it("0007 re-keys answered challenges and the parent index without losing a row, and back", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, "0006_expiry_indexes");
      await db
        .insertInto("user_pools")
        .values({ id: "us-east-1_answered0", name: "a", settings: "{}", created_at: 1, updated_at: 1 })
        .execute();
      await db
        .insertInto("srp_answered_challenges")
        .values({ challenge_id: "a".repeat(32), pool_id: "us-east-1_answered0", expires_at: 5_000 })
        .execute();
      await migrateToLatest(db);
      const s = await createStore(fresh.target);
      try {
        // A challenge answered before the upgrade stays answered after it.
        const policy = { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 };
        const answer = {
          poolId: "us-east-1_answered0",
          challengeId: "a".repeat(32),
          expiresAt: 5_000,
          now: 1_000,
          subject: "n:x",
          proofOk: false,
          user: null,
          policy,
        };
        expect(await s.srpAnswers.settle(answer)).toEqual({ outcome: "replayed" });
        expect(await s.srpAnswers.settle({ ...answer, challengeId: "b".repeat(32) })).toEqual({ outcome: "wrong" });
        expect(await s.srpAnswers.purgeExpired(5_000)).toBe(2);
        await s.db
          .insertInto("srp_answered_challenges")
          .values({ challenge_id: "c".repeat(32), pool_id: "us-east-1_answered0", expires_at: 9_000 })
          .execute();
      } finally {
        await s.close();
      }
      await migrateToLatest(db, "0006_expiry_indexes");
      expect(await db.selectFrom("srp_answered_challenges").select(["challenge_id", "expires_at"]).execute()).toEqual([
        { challenge_id: "c".repeat(32), expires_at: 9_000 },
      ]);
      await migrateToLatest(db);
      expect(await db.selectFrom("srp_answered_challenges").select("challenge_id").execute()).toEqual([
        { challenge_id: "c".repeat(32) },
      ]);
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });

  it("0013 moves each client's secret into the secrets table with a Cognito-shaped ID, and back", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, "0012_devices");
      const pool = "us-east-1_secrets00";
      await db
        .insertInto("user_pools")
        .values({ id: pool, name: "s", settings: "{}", created_at: 1, updated_at: 1 })
        .execute();
      // The old shape: one sealed secret (or none) on the client row.
      const client = (id: string, secret: string | null) =>
        sql`insert into user_pool_clients (id, pool_id, name, secret_enc, settings, created_at, updated_at)
          values (${id}, ${pool}, ${id}, ${secret}, '{}', 1700000000123, 1700000000123)`.execute(db);
      await client("confidential", "v1.sealed");
      await client("public", null);
      await migrateToLatest(db);
      expect(await db.selectFrom("user_pool_client_secrets").selectAll().execute()).toEqual([
        {
          secret_id: "confidential--1700000000123",
          client_id: "confidential",
          secret_enc: "v1.sealed",
          created_at: 1700000000123,
        },
      ]);
      const s = await createStore(fresh.target);
      try {
        expect((await s.clients.get("confidential"))?.secrets).toEqual([
          { id: "confidential--1700000000123", secretEnc: "v1.sealed", createdAt: 1700000000123 },
        ]);
        expect((await s.clients.get("public"))?.secrets).toEqual([]);
        await s.clients.addSecret("confidential", { secretEnc: "v1.newer", createdAt: 1700000009000 }, 2);
      } finally {
        await s.close();
      }
      // Down keeps the oldest live secret.
      await migrateToLatest(db, "0012_devices");
      const rows = await sql<{ id: string; secret_enc: string | null }>`
        select id, secret_enc from user_pool_clients order by id`.execute(db);
      expect(rows.rows).toEqual([
        { id: "confidential", secret_enc: "v1.sealed" },
        { id: "public", secret_enc: null },
      ]);
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });

  it("0019 logs every existing user and dates each pool's earliest recovery point, and goes back down", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, "0013_client_secrets");
      const pool = "us-east-1_history00";
      await db
        .insertInto("user_pools")
        .values({ id: pool, name: "h", settings: "{}", created_at: 1000, updated_at: 2000 })
        .execute();
      const user = (id: string, updatedAt: number) => ({
        id,
        pool_id: pool,
        username: id,
        username_key: id,
        status: "CONFIRMED",
        enabled: 1,
        attributes: JSON.stringify({ sub: id, email: `${id}@example.com` }),
        srp_salt: "ab",
        verifier_enc: "v1.sealed",
        password_set_at: 1500,
        created_at: 1500,
        updated_at: updatedAt,
      });
      await db
        .insertInto("users")
        .values([user("u1", 3000), user("u2", 5000)])
        .execute();
      await db
        .insertInto("user_aliases")
        .values({ pool_id: pool, alias_type: "email", alias_key: "u1@example.com", user_id: "u1" })
        .execute();
      await migrateToLatest(db);
      const history = await db
        .selectFrom("user_history")
        .select(["user_id", "changed_at", "snapshot"])
        .orderBy("user_id")
        .execute();
      expect(history.map((h) => [h.user_id, Number(h.changed_at)])).toEqual([
        ["u1", 3000],
        ["u2", 5000],
      ]);
      expect(JSON.parse(history[0]!.snapshot!)).toMatchObject({
        username: "u1",
        status: "CONFIRMED",
        verifier_enc: "v1.sealed",
        aliases: [{ type: "email", key: "u1@example.com" }],
      });
      const s = await createStore(fresh.target);
      try {
        expect(await s.administration.getPoolDocument(pool, "recoverySince")).toEqual({ since: 5000 });
        // The log as migrated is enough to restore: a user deleted later comes back.
        await s.users.delete(pool, "u1", 9000);
        expect(await s.recoveries.preview(pool, 6000)).toEqual({ create: 1, update: 0, delete: 0 });
        expect(await s.recoveries.restoreUsers(pool, 6000, 9500)).toEqual({ create: 1, update: 0, delete: 0 });
        expect((await s.users.getByAlias(pool, "email", "u1@example.com"))?.id).toBe("u1");
      } finally {
        await s.close();
      }
      await migrateToLatest(db, "0013_client_secrets");
      await expect(db.selectFrom("user_history").selectAll().execute()).rejects.toThrow(/user_history/);
      await expect(db.selectFrom("pool_configurations").selectAll().execute()).rejects.toThrow(/pool_configurations/);
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });

  it("0026 keeps the hosted sessions it finds (no SessionIndex), and goes back down", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, "0024_saml_encryption_certificates");
      const pool = "us-east-1_sessions0";
      await db
        .insertInto("user_pools")
        .values({ id: pool, name: "s", settings: "{}", created_at: 1, updated_at: 1 })
        .execute();
      await db
        .insertInto("users")
        .values({
          id: "u1",
          pool_id: pool,
          username: "Corp_u1",
          username_key: "corp_u1",
          status: "EXTERNAL_PROVIDER",
          enabled: 1,
          attributes: "{}",
          srp_salt: null,
          verifier_enc: null,
          password_set_at: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      const before = { id_hash: "h1", pool_id: pool, user_id: "u1", provider: "Corp", auth_time: 1 };
      await db
        .insertInto("hosted_sessions")
        // As the table was before 0026: no saml_session_index.
        .values({ ...before, created_at: 1000, expires_at: 9000 })
        .execute();
      await migrateToLatest(db);
      const s = await createStore(fresh.target);
      try {
        expect(await s.hostedSessions.getLive("h1", 2000)).toEqual({
          idHash: "h1",
          poolId: pool,
          userId: "u1",
          provider: "Corp",
          authTime: 1,
          createdAt: 1000,
          expiresAt: 9000,
        });
      } finally {
        await s.close();
      }
      await migrateToLatest(db, "0024_saml_encryption_certificates");
      const row = await db.selectFrom("hosted_sessions").selectAll().where("id_hash", "=", "h1").executeTakeFirst();
      expect(row).toBeDefined();
      expect(row).not.toHaveProperty("saml_session_index");
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });

  it("0027 keeps the grants it finds; a hosted session from before 0026 ends on any SessionIndex", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, "0024_saml_encryption_certificates");
      const pool = "us-east-1_sessions1";
      await db
        .insertInto("user_pools")
        .values({ id: pool, name: "s", settings: "{}", created_at: 1, updated_at: 1 })
        .execute();
      await db
        .insertInto("users")
        .values({
          id: "u1",
          pool_id: pool,
          username: "Corp_u1",
          username_key: "corp_u1",
          status: "EXTERNAL_PROVIDER",
          enabled: 1,
          attributes: "{}",
          srp_salt: null,
          verifier_enc: null,
          password_set_at: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await db
        .insertInto("hosted_sessions")
        .values({
          id_hash: "h1",
          pool_id: pool,
          user_id: "u1",
          provider: "Corp",
          auth_time: 1,
          created_at: 1000,
          expires_at: 9000,
        })
        .execute();
      await migrateToLatest(db, "0026_saml_session_index");
      await db
        .insertInto("oauth_grants")
        // As the table was before 0027: no hosted_session_hash.
        .values({ origin_jti: "o1", pool_id: pool, client_id: "c", user_id: "u1", scopes: "[]", created_at: 1 })
        .execute();
      await migrateToLatest(db);
      const s = await createStore(fresh.target);
      try {
        expect(await s.grants.get("o1")).toEqual({
          originJti: "o1",
          poolId: pool,
          userId: "u1",
          clientId: "c",
          scopes: [],
          createdAt: 1,
        });
        expect(await s.grants.originsOfHostedSessions(pool, ["h1"])).toEqual([]);
        expect(
          await s.hostedSessions.deleteForSamlLogout({
            poolId: pool,
            userId: "u1",
            provider: "Corp",
            sessionIndexes: ["idx-from-the-idp"],
          }),
        ).toEqual(["h1"]);
      } finally {
        await s.close();
      }
      await migrateToLatest(db, "0026_saml_session_index");
      const row = await db.selectFrom("oauth_grants").selectAll().where("origin_jti", "=", "o1").executeTakeFirst();
      expect(row).toBeDefined();
      expect(row).not.toHaveProperty("hosted_session_hash");
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });
});

describe.each(testEngines().filter((e) => e.name === "postgres"))(
  "migrations beside other schemas on $name",
  (engine) => {
    it("a fresh schema migrates while other clients create and drop schemas in the same database", async () => {
      const churn = await engine.create();
      const admin = await openDatabase(churn.target);
      let stop = false;
      // Another tenant (or a parallel test file) whose schemas come and go, each with a table for the
      // migrator's table listing to trip over.
      const churning = (async () => {
        for (let i = 0; !stop && i < 2000; i++) {
          const name = `churn_${process.pid}_${i}`;
          await sql`create schema ${sql.id(name)}`.execute(admin);
          await sql`create table ${sql.id(name, "t")} (x int)`.execute(admin);
          await sql`drop schema ${sql.id(name)} cascade`.execute(admin);
        }
      })();
      try {
        for (let i = 0; i < 15; i++) {
          const fresh = await engine.create();
          const db = await openDatabase(fresh.target);
          try {
            await migrateToLatest(db);
          } finally {
            await db.destroy();
            await fresh.cleanup();
          }
        }
      } finally {
        stop = true;
        await churning;
        await admin.destroy();
        await churn.cleanup();
      }
    });
  },
);
