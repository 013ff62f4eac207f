import type { z } from "zod";
import { InvalidParameterException, SerializationException } from "../errors/cognitoErrors.js";
import { JsonTooDeep, plainJson } from "./jsonInput.js";

/**
 * Turns a zod failure into Cognito's validation message, e.g.
 * "1 validation error detected: Value at 'clientId' failed to satisfy constraint:
 * Member must have length less than or equal to 128".
 * Member paths are lower-camel-cased and list items are 1-based, as AWS prints them. Values are never
 * echoed: some fields are passwords or codes.
 */
export function validationMessage(issues: readonly z.core.$ZodIssue[]): string {
  // One complaint per member, as AWS reports them.
  const byPath = new Map<string, z.core.$ZodIssue>();
  for (const i of issues) if (!byPath.has(memberPath(i.path))) byPath.set(memberPath(i.path), i);
  const parts = [...byPath]
    .slice(0, 10)
    .map(([path, i]) => `Value at '${path}' failed to satisfy constraint: ${constraint(i)}`);
  const n = byPath.size;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

/**
 * Parses `value` with `schema` or throws InvalidParameterException naming the field(s);
 * SerializationException when it nests deeper than any input shape (see jsonInput.ts).
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const data = requestData(value);
  const nul = pathOfNul(data, []);
  if (nul)
    throw new InvalidParameterException(
      `1 validation error detected: Value at '${memberPath(nul)}' failed to satisfy constraint: ` +
        "Member must not contain the character U+0000",
    );
  // reportInput tells a missing member (input undefined) from a wrong type; inputs are never printed.
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  throw new InvalidParameterException(validationMessage(r.error.issues));
}

/**
 * In AWS JSON a null structure member or map value means "not set" (the SDKs drop them; e.g.
 * amazon-cognito-identity-js sends AuthParameters.DEVICE_KEY: null). Nulls inside lists stay and fail
 * validation. The copy is depth-bounded and has no prototype keys.
 */
function requestData(v: unknown): unknown {
  try {
    return plainJson(v, { dropNullMembers: true });
  } catch (e) {
    if (e instanceof JsonTooDeep)
      throw new SerializationException(`The request body is nested more than ${e.maxDepth} levels deep.`);
    throw e;
  }
}

/**
 * Where a string (a value or a map key) holds U+0000. Refused in every member, on both engines alike: PostgreSQL's
 * text and jsonb cannot store it, so such a value was a 500 there (found by the operation fuzzer).
 */
function pathOfNul(v: unknown, path: PropertyKey[]): PropertyKey[] | undefined {
  if (typeof v === "string") return v.includes("\u0000") ? path : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = pathOfNul(v[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (v !== null && typeof v === "object")
    for (const [k, item] of Object.entries(v)) {
      if (k.includes("\u0000")) return [...path, k];
      const found = pathOfNul(item, [...path, k]);
      if (found) return found;
    }
  return undefined;
}

function memberPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "request";
  const out: string[] = [];
  for (const p of path) {
    if (typeof p === "number") out.push(`${p + 1}.member`);
    else out.push(lowerFirst(String(p)));
  }
  return out.join(".");
}

// Structure members are PascalCase and AWS prints them lower-camel; map keys (USERNAME, custom:x) print as sent.
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

function constraint(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case "invalid_type":
      if (i.input === undefined) return "Member must not be null";
      return `Member must be of type ${i.expected === "int" ? "integer" : i.expected}`;
    case "too_big":
      if (i.origin === "string") return `Member must have length less than or equal to ${i.maximum}`;
      if (i.origin === "array" || i.origin === "set")
        return `Member must have length less than or equal to ${i.maximum}`;
      return `Member must have value less than or equal to ${i.maximum}`;
    case "too_small":
      if (i.origin === "string") return `Member must have length greater than or equal to ${i.minimum}`;
      if (i.origin === "array" || i.origin === "set")
        return `Member must have length greater than or equal to ${i.minimum}`;
      return `Member must have value greater than or equal to ${i.minimum}`;
    case "invalid_format":
      return i.format === "regex" && "pattern" in i
        ? `Member must satisfy regular expression pattern: ${stripRegex(String(i.pattern))}`
        : `Member must be a valid ${i.format}`;
    case "invalid_value":
      return `Member must satisfy enum value set: [${i.values.map(String).join(", ")}]`;
    case "not_multiple_of":
      return `Member must be a multiple of ${String(i.divisor)}`;
    default:
      return i.message;
  }
}

/** "/^[\w+]+$/u" → "[\w+]+", the form AWS documents. */
function stripRegex(src: string): string {
  const m = /^\/\^?(.*?)\$?\/[a-z]*$/.exec(src);
  return m ? m[1]! : src;
}
