/**
 * JSON that arrives from outside (API request bodies, trigger answers), copied into data that code
 * written for plain objects can use safely:
 *
 * - Depth is bounded. The deepest input shape this server accepts is 4 levels (CreateUserPool →
 *   Schema → item → StringAttributeConstraints); a PreTokenGeneration V2 answer puts a claim value 6
 *   levels down.
 *   32 leaves room for any of them and for structured claim values, and keeps every walk over the
 *   data (this one, zod's, JSON.stringify's) far from the stack limit: V8's JSON.parse is iterative,
 *   so a 20 KB body can nest 10,000 deep, and the first recursive walk used to overflow on it.
 * - `__proto__`, `constructor` and `prototype` keys are never copied. JSON.parse makes `__proto__`
 *   an own property, but `out[key] = value` with that key sets the copy's prototype: members the
 *   schema should never see then show through inheritance. No Cognito structure member has these
 *   names, so at structure level they are unknown members, ignored like every other; as map keys
 *   (ClientMetadata, a trigger's userAttributes or claims) they are dropped too.
 */

/** Deepest nesting accepted; the top-level object or array is depth 1. */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The value nests deeper than MAX_JSON_DEPTH. */
export class JsonTooDeep extends Error {
  override name = "JsonTooDeep";
  constructor(readonly maxDepth: number) {
    super(`nested more than ${maxDepth} levels deep`);
  }
}

export interface PlainJsonOptions {
  /**
   * AWS JSON: a null structure member or map value means "not set" (the SDKs drop them), so it is
   * left out; nulls inside lists stay. Trigger answers keep their nulls ("null removes the groups").
   */
  dropNullMembers: boolean;
  maxDepth?: number;
}

/**
 * A copy of JSON-shaped `value` made of plain objects and arrays, without prototype keys; throws
 * JsonTooDeep before recursing past the limit. Non-JSON values (functions, symbols) are not
 * expected: the input comes from JSON.parse.
 */
export function plainJson(value: unknown, o: PlainJsonOptions): unknown {
  return copy(value, 1, o.maxDepth ?? MAX_JSON_DEPTH, o.dropNullMembers);
}

function copy(v: unknown, depth: number, max: number, dropNulls: boolean): unknown {
  if (typeof v !== "object" || v === null) return v;
  // Checked before descending, so recursion never goes deeper than `max` frames.
  if (depth > max) throw new JsonTooDeep(max);
  if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1, max, dropNulls));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (FORBIDDEN_KEYS.has(k) || (dropNulls && x === null)) continue;
    out[k] = copy(x, depth + 1, max, dropNulls);
  }
  return out;
}
