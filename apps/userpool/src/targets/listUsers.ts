import type { ListUsersRequest, ListUsersResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { AttributeName, PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import type { UserCursor, UserFilter } from "../store/index.js";

type Deps = Pick<Services, "pools" | "users">;

// The attributes Cognito lets ListUsers search (API reference, ListUsers "Filter").
const SEARCHABLE = new Set<UserFilter["field"]>([
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
]);
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/u;

/** Parses `attribute = "value"` / `attribute ^= "value"` (quotes inside the value escaped with a backslash). */
export function parseUserFilter(normalizeUsername: (s: string) => string, filter: string): UserFilter | undefined {
  if (filter.trim() === "") return undefined;
  // A match fills every group, so this one test covers both "no match" and the types.
  const [, name, op, quoted] = FILTER.exec(filter) ?? [];
  if (name === undefined || op === undefined || quoted === undefined)
    throw new InvalidParameterException("Error while parsing filter.");
  const field = name as UserFilter["field"];
  if (!SEARCHABLE.has(field)) throw new InvalidParameterException(`Invalid search attribute: ${name}`);
  let value = quoted.replace(/\\(.)/gu, "$1");
  if (field === "username") value = normalizeUsername(value);
  return { field, op: op as UserFilter["op"], value };
}

const encodeToken = (k: string) => Buffer.from(k, "utf8").toString("base64url");

/**
 * The PaginationToken is the cursor of the page's last user: its username key, and for a prefix filter (pages
 * ordered by the matched value) a JSON pair [value, key]. A token that does not decode to that shape is refused.
 */
function tokenOf(c: UserCursor): string {
  return encodeToken(c.value !== undefined ? JSON.stringify([c.value, c.key]) : c.key);
}

function cursorOf(token: string, filter: UserFilter | undefined): UserCursor {
  const invalid = () => new InvalidParameterException("Invalid PaginationToken.");
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (!text || encodeToken(text) !== token) throw invalid();
  if (!orderedByValue(filter)) return { key: text };
  let pair: unknown;
  try {
    pair = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === "string")) throw invalid();
  return { value: pair[0] as string, key: pair[1] as string };
}

/** Mirrors the store's order (UserStore.list): prefix filters on anything but the username key or the flag. */
const orderedByValue = (f: UserFilter | undefined) => f?.op === "^=" && f.field !== "username" && f.field !== "status";

export const listUsers = defineTarget<ListUsersRequest>()({
  name: "ListUsers",
  access: "admin",
  input: z.object({
    UserPoolId,
    AttributesToGet: z.array(AttributeName).max(100).optional(),
    Limit: z.number().int().min(0).max(60).optional(),
    PaginationToken: PaginationKey.optional(),
    Filter: z.string().max(256).optional(),
  }),
  async handle(deps: Deps, req): Promise<ListUsersResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const filter = parseUserFilter((s) => deps.users.usernameKey(pool, s), req.Filter ?? "");
    const after = req.PaginationToken !== undefined ? cursorOf(req.PaginationToken, filter) : undefined;
    const page = await deps.users.list(pool, {
      limit: req.Limit || 60,
      ...(after !== undefined ? { after } : {}),
      ...(filter ? { filter } : {}),
    });
    return {
      Users: page.users.map((u) => deps.users.toUserType(u, req.AttributesToGet)),
      ...(page.next ? { PaginationToken: tokenOf(page.next) } : {}),
    };
  },
});
