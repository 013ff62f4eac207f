import { type Expression, type Kysely, type SqlBool, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: the tools page through tables named at run time
export type AnyDb = Kysely<any>;
export type Row = Record<string, unknown>;

/**
 * The rows of `table` in primary-key order, `batch` at a time (keyset paging: each page starts
 * after the last key of the one before, so a large table never sits in memory, and no OFFSET
 * makes late pages slow). `where` narrows the rows (e.g. only non-null sealed values).
 */
export async function* pagesOf(
  db: AnyDb,
  table: string,
  key: readonly string[],
  batch: number,
  where?: Expression<SqlBool>,
): AsyncGenerator<Row[]> {
  let last: unknown[] | undefined;
  for (;;) {
    let q = db.selectFrom(table).selectAll();
    if (where) q = q.where(where);
    if (last) {
      const after = last;
      // Row-value comparison: (a, b) > (x, y), the same on SQLite (3.15+) and PostgreSQL.
      q = q.where(sql<SqlBool>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(after.map((v) => sql`${v}`))})`);
    }
    for (const k of key) q = q.orderBy(k);
    const rows = (await q.limit(batch).execute()) as Row[];
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    const tail = rows[rows.length - 1]!;
    last = key.map((k) => tail[k]);
  }
}
