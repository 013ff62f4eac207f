/**
 * The tools' table lists against the live schema, on every engine: each table is exported or says
 * why not, and each `_enc` column (sealed under the data key, schema.ts) is rotated by rotate-keys.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, testEngines } from "../../test/support/engines.js";
import type { Store } from "../store/index.js";
import { EXPORTED_TABLES, NOT_EXPORTED, SEALED_COLUMNS } from "./tables.js";

async function columnsOf(store: Store): Promise<{ table: string; column: string }[]> {
  if (store.engine === "postgres")
    return (
      await sql<{ table: string; column: string }>`select table_name as "table", column_name as "column"
        from information_schema.columns where table_schema = current_schema()`.execute(store.db)
    ).rows;
  const tables = (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(store.db)
  ).rows;
  const out: { table: string; column: string }[] = [];
  for (const t of tables)
    for (const c of (await sql<{ name: string }>`select name from pragma_table_info(${t.name})`.execute(store.db)).rows)
      out.push({ table: t.name, column: c.name });
  return out;
}

describe.each(testEngines())("the operator's tools know the whole schema ($name)", (engine) => {
  let store: Store;
  let columns: { table: string; column: string }[];
  beforeAll(async () => {
    store = await createTestStore(engine);
    columns = await columnsOf(store);
  });
  afterAll(() => store?.close());

  it("exports every table or names why it stays behind", () => {
    const tables = [...new Set(columns.map((c) => c.table))].sort();
    const listed = [...EXPORTED_TABLES.map((t) => t.name), ...Object.keys(NOT_EXPORTED)].sort();
    expect(tables).toEqual(listed);
  });

  it("rotates every column sealed with the data key", () => {
    const sealed = columns.filter((c) => c.column.endsWith("_enc")).map((c) => `${c.table}.${c.column}`);
    const rotated = SEALED_COLUMNS.filter((c) => c.table !== "userpool_meta").map((c) => `${c.table}.${c.column}`);
    expect(sealed.sort()).toEqual(rotated.sort());
  });

  it("pages exported tables by columns that exist", () => {
    const have = new Set(columns.map((c) => `${c.table}.${c.column}`));
    for (const t of EXPORTED_TABLES) for (const k of t.key) expect(have).toContain(`${t.name}.${k}`);
    for (const c of SEALED_COLUMNS) for (const k of c.key) expect(have).toContain(`${c.table}.${k}`);
  });
});
