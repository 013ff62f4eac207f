import { randomBytes } from "node:crypto";

/**
 * Test isolation on a shared PostgreSQL: each caller gets a fresh schema and a connection
 * string whose search_path points at it, so test files running in parallel never meet.
 */
export async function createPgTestSchema(
  baseUrl: string,
  prefix = "t",
): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
