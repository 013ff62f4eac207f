import type { ListUsersRequest, ListUsersResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { AttributeName, PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import type { UserFilter } from "../store/index.js";

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
  return { field, op: op as UserFilter["op"], value, caseInsensitive: field === "email" };
}

const encodeToken = (k: string) => Buffer.from(k, "utf8").toString("base64url");

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
    let after: string | undefined;
    if (req.PaginationToken !== undefined) {
      after = Buffer.from(req.PaginationToken, "base64url").toString("utf8");
      if (!after || encodeToken(after) !== req.PaginationToken)
        throw new InvalidParameterException("Invalid PaginationToken.");
    }
    const limit = req.Limit || 60;
    const rows = await deps.users.list(pool, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
      ...(filter ? { filter } : {}),
    });
    const page = rows.slice(0, limit);
    // One row more than the page says there is a next page, which starts after the page's last user.
    const last = rows.length > limit ? page.at(-1) : undefined;
    return {
      Users: page.map((u) => deps.users.toUserType(u, req.AttributesToGet)),
      ...(last ? { PaginationToken: encodeToken(last.usernameKey) } : {}),
    };
  },
});
