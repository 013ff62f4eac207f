import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import * as m0001 from "./migrations/0001_users.js";

// Listed statically (not read from disk) so the Lambda bundle carries them.
const migrations: Record<string, Migration> = {
  "0001_users": m0001,
};

/** Brings the schema to the latest version; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; another schema's
  // app_migrations (a parallel test schema, a second app in the database) would then be mistaken
  // for ours. Pin them to the schema our tables are created in.
  const schema = await currentPgSchema(db);
  const migrator = new Migrator({
    db: schema ? withSchemaIntrospection(db, schema) : db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "app_migrations",
    migrationLockTableName: "app_migrations_lock",
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`app database migration ${failed} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return result;
}

/**
 * How the database's recorded migrations differ from this code's list (readiness): `missing` are not
 * applied yet, `unknown` were applied by a newer version. Both empty: the schema is current.
 */
// biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
export async function migrationDrift(db: Kysely<any>): Promise<{ missing: string[]; unknown: string[] }> {
  // Unqualified: on PostgreSQL the search_path names the schema the migrator wrote to.
  const { rows } = await sql<{ name: string }>`select name from app_migrations`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return {
    missing: Object.keys(migrations).filter((m) => !applied.has(m)),
    unknown: [...applied].filter((m) => !(m in migrations)),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
async function currentPgSchema(db: Kysely<any>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * `db` whose introspection sees only `schema`. Kysely's migrator checks for its bookkeeping tables by
 * listing the tables of every schema, a query PostgreSQL fails ("schema … does not exist") when
 * another client drops a schema while it runs (a parallel test file, another application).
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
