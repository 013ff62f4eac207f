import { ApiError } from "../errors.js";
import { toUserJson } from "../users.js";
import { defineRoute } from "./types.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** GET /users — the tutorial's protected list of app users, oldest first, paged by limit/offset. */
export default defineRoute<"db">({
  method: "get",
  path: "/users",
  auth: {},
  doc: {
    operationId: "listUsers",
    summary: "List the app's users",
    description: "The tutorial's protected route. Rows are ordered by id; page with `limit` and `offset`.",
    tags: ["users"],
    parameters: [
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      },
      { name: "offset", in: "query", required: false, schema: { type: "integer", minimum: 0, default: 0 } },
    ],
    responses: {
      "200": {
        description: "The users",
        content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/User" } } } },
      },
      "400": {
        description: "Invalid `limit` or `offset`",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  },
  handler:
    ({ db }) =>
    async (req, res) => {
      const limit = intParam(req.query.limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
      const offset = intParam(req.query.offset, "offset", 0, Number.MAX_SAFE_INTEGER, 0);
      const rows = await db.selectFrom("users").selectAll().orderBy("id").limit(limit).offset(offset).execute();
      res.json(rows.map(toUserJson));
    },
});

function intParam(raw: unknown, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === "string" && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new ApiError("bad_request", `${name} must be an integer from ${min} to ${max}`);
  return n;
}
