import { randomBytes } from "node:crypto";
import pg from "pg";

/** The shared local PostgreSQL (README.md); override with INFRA_TEST_PG_URL. */
export const PG_ADMIN_URL = process.env.INFRA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface FreshDatabase {
  name: string;
  host: string;
  port: number;
  user: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database (not just a schema): the deployed configuration paths (RDS_*, the RDS secret)
 * name a database and cannot carry a search_path, so isolation has to be a whole database.
 */
export async function createFreshDatabase(prefix = "authhub_infra"): Promise<FreshDatabase> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `infra's deployed-configuration tests need PostgreSQL at ${PG_ADMIN_URL} ` +
        `(trust auth; set INFRA_TEST_PG_URL to use another): ${(err as Error).message}`,
    );
  }
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  return {
    name,
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
