import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import * as m0001 from "./0001_initial.js";
import * as m0002 from "./0002_lifecycle.js";
import * as m0004 from "./0004_oauth.js";
import * as m0005 from "./0005_srp_challenges.js";
import * as m0006 from "./0006_expiry_indexes.js";
import * as m0007 from "./0007_lean_sign_in_writes.js";
import * as m0008 from "./0008_request_rates.js";
import * as m0009 from "./0009_housekeeping_indexes.js";
import * as m0010 from "./0010_mfa.js";
import * as m0011 from "./0011_sms.js";
import * as m0012 from "./0012_devices.js";
import * as m0013 from "./0013_client_secrets.js";
import * as m0014 from "./0014_webauthn.js";
import * as m0016 from "./0016_user_import_jobs.js";
import * as m0017 from "./0017_branding_terms.js";
import * as m0018 from "./0018_threat_protection.js";
import * as m0019 from "./0019_administration_settings.js";
import * as m0020 from "./0020_cimd_links_saml.js";
import * as m0021 from "./0021_list_users_indexes.js";
import * as m0024 from "./0024_saml_encryption_certificates.js";
import * as m0025 from "./0025_console.js";
import * as m0026 from "./0026_saml_session_index.js";
import * as m0027 from "./0027_saml_logout_by_session.js";
import * as m0028 from "./0028_console_audit_indexes.js";

/** Versioned migrations, in order. Add a file and one line here; never edit a shipped migration. */
export const migrations: Record<string, Migration> = {
  "0001_initial": m0001,
  "0002_lifecycle": m0002,
  "0004_oauth": m0004,
  "0005_srp_challenges": m0005,
  "0006_expiry_indexes": m0006,
  "0007_lean_sign_in_writes": m0007,
  "0008_request_rates": m0008,
  "0009_housekeeping_indexes": m0009,
  "0010_mfa": m0010,
  "0011_sms": m0011,
  "0012_devices": m0012,
  "0013_client_secrets": m0013,
  "0014_webauthn": m0014,
  "0016_user_import_jobs": m0016,
  "0017_branding_terms": m0017,
  "0018_threat_protection": m0018,
  "0019_administration_settings": m0019,
  "0020_cimd_links_saml": m0020,
  "0021_list_users_indexes": m0021,
  "0024_saml_encryption_certificates": m0024,
  "0025_console": m0025,
  "0026_saml_session_index": m0026,
  "0027_saml_logout_by_session": m0027,
  "0028_console_audit_indexes": m0028,
};

/** Runs at every start; concurrent starts on PostgreSQL serialise on Kysely's migration lock. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
export async function migrateToLatest(db: Kysely<any>, upTo?: string): Promise<MigrationResultSet> {
  // Kysely looks for its bookkeeping tables in every schema; pin them to ours so two schemas on
  // one PostgreSQL database (parallel test files, or two deployments) never see each other's.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: schema ? withSchemaIntrospection(db, schema) : db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => migrations },
    migrationTableName: "userpool_migrations",
    migrationLockTableName: "userpool_migrations_lock",
  });
  const result = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    const msg = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`userpool migration ${failed} failed: ${msg}`);
  }
  return result;
}

/**
 * `db` whose introspection sees only `schema`. Kysely's migrator checks for its bookkeeping tables by
 * listing the tables of every schema in the database, a query PostgreSQL fails ("schema … does not
 * exist") when another client drops a schema while it runs: a parallel test file, another tenant.
 * Our tables are all in one schema, so only that one is listed.
 */
// biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
function withSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection = {
    getSchemas: async () =>
      (
        await sql<{
          name: string;
        }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)
      ).rows,
    getTables: async () =>
      (
        await sql<{
          name: string;
          schema: string;
        }>`select c.relname as name, n.nspname as schema from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db)
      ).rows.map((t) => ({ ...t, isView: false, columns: [] })),
  };
  // Kysely's classes keep private fields, so every other member is read from (and bound to) the real instance.
  return new Proxy(db, {
    get: (target, key) => {
      if (key === "introspection") return introspection;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
