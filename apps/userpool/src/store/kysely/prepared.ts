import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";

const MARK = "\u0000param:";

/** A named placeholder for a `prepared` query; typed loosely so it fits any value position. */
export function param(name: string): any {
  return `${MARK}${name}`;
}

/**
 * A query built and compiled once, then executed with fresh values. Building and compiling a
 * Kysely query costs more than running it on SQLite, and the sign-in and refresh paths run the
 * same few queries every time. Every value of the query must be a `param(...)`.
 */
export function prepared<R>(db: Kysely<any>, build: () => Compilable<R>): (values: Record<string, unknown>) => Promise<QueryResult<R>> {
  let compiled: CompiledQuery<R> | undefined;
  let names: string[] = [];
  return (values) => {
    if (!compiled) {
      compiled = build().compile();
      names = compiled.parameters.map((p) => {
        if (typeof p !== "string" || !p.startsWith(MARK)) throw new Error(`prepared query ${compiled!.sql} has a literal value; use param()`);
        return p.slice(MARK.length);
      });
    }
    const parameters = names.map((n) => {
      if (!(n in values)) throw new Error(`prepared query is missing a value for ${n}`);
      return values[n];
    });
    return db.executeQuery<R>({ ...compiled, parameters });
  };
}
