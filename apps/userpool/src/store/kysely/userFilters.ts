/**
 * ListUsers filters as index range scans (ADR 0034). Each filter field is read through the very expression
 * migration 0021 indexed, next to the pool ID and the username key, so an exact filter is one index range in
 * username order, and a prefix filter one range ordered by (value, username key). No LIKE: `%` and `_` stay literal.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from "kysely";
import type { UserCursor, UserFilter } from "../users.js";

type Engine = "sqlite" | "postgres";

/** The username key in the order pages follow: byte order on both engines ("C" on PostgreSQL, BINARY on SQLite). */
export const usernameOrder = (engine: Engine, table?: string): RawBuilder<string> => {
  const col = sql.raw(table ? `${table}.username_key` : "username_key");
  return engine === "postgres" ? sql<string>`(${col} collate "C")` : sql<string>`${col}`;
};

/**
 * Lower-cases ASCII only, as both engines' lower() does here (SQLite's built-in one; PostgreSQL's in the "C"
 * collation), so a value lower-cased in JavaScript meets the indexed one byte for byte.
 */
export const asciiLower = (s: string): string => s.replace(/[A-Z]+/gu, (m) => m.toLowerCase());

/** The least string above every string that starts with `p` in code-point order; undefined when there is none. */
export function prefixEnd(p: string): string | undefined {
  const cps = [...p];
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Surrogates are no characters of their own: after U+D7FF comes U+E000.
      cps.push(String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1));
      return cps.join("");
    }
  }
  return undefined;
}

/** The indexed expression a filter field is read through; its name comes from ListUsers' fixed allowlist. */
function fieldExpression(engine: Engine, field: Exclude<UserFilter["field"], "status">): RawBuilder<string | null> {
  const pg = engine === "postgres";
  const c = (e: string) => (pg ? `(${e} collate "C")` : e);
  const lowerC = (e: string) => (pg ? `lower(${e} collate "C")` : `lower(${e})`);
  const attr = (name: string) => (pg ? `(attributes::jsonb ->> '${name}')` : `json_extract(attributes, '$."${name}"')`);
  switch (field) {
    case "username":
      return sql.raw(c("username_key"));
    case "sub":
      return sql.raw(c("id"));
    case "cognito:user_status":
      return sql.raw(lowerC("status"));
    case "email":
      return sql.raw(lowerC(attr("email")));
    case "phone_number":
    case "name":
    case "given_name":
    case "family_name":
    case "preferred_username":
      return sql.raw(c(attr(field)));
  }
}

/** What the list query needs: the WHERE terms, the ORDER BY keys, and how to read the cursor of a row. */
export interface FilterPlan {
  where: Expression<SqlBool>[];
  orderBy: RawBuilder<unknown>[];
  /** The prefix-filtered value selected beside each row (its cursor's `value`), when pages are ordered by it. */
  value?: RawBuilder<string | null>;
}

/** Turns a filter and the previous page's cursor into index-served terms. */
export function planUserList(
  engine: Engine,
  filter: UserFilter | undefined,
  after: UserCursor | undefined,
): FilterPlan {
  const key = usernameOrder(engine);
  const where: Expression<SqlBool>[] = [];
  if (!filter) {
    if (after) where.push(sql<SqlBool>`${key} > ${after.key}`);
    return { where, orderBy: [key] };
  }
  if (filter.field === "status") {
    // Cognito's "status" is the Enabled/Disabled flag, matched case-sensitively; any other value matches no one.
    const enabled = filter.value === "Enabled" ? 1 : filter.value === "Disabled" ? 0 : -1;
    where.push(sql<SqlBool>`enabled = ${enabled}`);
    if (after) where.push(sql<SqlBool>`${key} > ${after.key}`);
    return { where, orderBy: [key] };
  }
  const column = fieldExpression(engine, filter.field);
  // Cognito matches e-mail addresses without regard to case; the status is stored upper-case, searched in any.
  const ci = filter.field === "cognito:user_status" || filter.field === "email";
  const value = ci ? asciiLower(filter.value) : filter.value;
  if (filter.op === "=" || filter.field === "username") {
    if (filter.op === "=") where.push(sql<SqlBool>`${column} = ${value}`);
    else where.push(...range(column, value));
    if (after) where.push(sql<SqlBool>`${key} > ${after.key}`);
    return { where, orderBy: [key] };
  }
  // A prefix matches many values: pages follow (value, username key), the order of the index, so a deep page
  // starts where the last one ended instead of sorting every match.
  where.push(...range(column, value));
  // The sub is unique on its own, so it alone orders the page (any index on it then serves the order).
  if (filter.field === "sub") {
    if (after) where.push(sql<SqlBool>`${column} > ${after.value ?? ""}`);
    return { where, orderBy: [column], value: column };
  }
  if (after) where.push(sql<SqlBool>`(${column}, ${key}) > (${after.value ?? ""}, ${after.key})`);
  return { where, orderBy: [column, key], value: column };
}

function range(column: RawBuilder<string | null>, prefix: string): Expression<SqlBool>[] {
  const end = prefixEnd(prefix);
  const terms = [sql<SqlBool>`${column} >= ${prefix}`];
  if (end !== undefined) terms.push(sql<SqlBool>`${column} < ${end}`);
  return terms;
}
