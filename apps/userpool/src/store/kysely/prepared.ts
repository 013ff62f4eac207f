import { createHash } from "node:crypto";
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";

const MARK = "\u0000param:";

/**
 * Leads the SQL of every query built here: db.ts has PostgreSQL prepare such a statement once per
 * connection, under this name, instead of parsing and planning it at every execution. Only these
 * queries are named, so the set of prepared statements per connection stays small and fixed.
 */
export const NAMED_STATEMENT = /^\/\* stmt:(s_[0-9a-f]{16}) \*\//;

/** A named placeholder for a `prepared` query; typed loosely so it fits any value position. */
// biome-ignore lint/suspicious/noExplicitAny: a placeholder must fit where the builder expects any column type
export function param(name: string): any {
  return `${MARK}${name}`;
}

/**
 * A query built and compiled once, then executed with fresh values on any executor (the database
 * or a transaction). Building and compiling a Kysely query costs more than running it on SQLite,
 * and the sign-in and refresh paths run the same few queries every time. Every value of the query
 * must be a `param(...)`.
 */
export function compiledOnce<R>(
  build: () => Compilable<R>,
  // biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
): (on: Pick<Kysely<any>, "executeQuery">, values: Record<string, unknown>) => Promise<QueryResult<R>> {
  let compiled: CompiledQuery<R> | undefined;
  let names: string[] = [];
  return (on, values) => {
    if (!compiled) {
      const c = build().compile();
      names = c.parameters.map((p) => {
        if (typeof p !== "string" || !p.startsWith(MARK))
          throw new Error(`prepared query ${c.sql} has a literal value; use param()`);
        return p.slice(MARK.length);
      });
      const name = `s_${createHash("sha256").update(c.sql).digest("hex").slice(0, 16)}`;
      compiled = { ...c, sql: `/* stmt:${name} */ ${c.sql}` };
    }
    const parameters = names.map((n) => {
      if (!(n in values)) throw new Error(`prepared query is missing a value for ${n}`);
      return values[n];
    });
    return on.executeQuery<R>({ ...compiled, parameters });
  };
}

/** `compiledOnce` bound to the database. */
export function prepared<R>(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely types a schema-agnostic database as any
  db: Kysely<any>,
  build: () => Compilable<R>,
): (values: Record<string, unknown>) => Promise<QueryResult<R>> {
  const run = compiledOnce(build);
  return (values) => run(db, values);
}
