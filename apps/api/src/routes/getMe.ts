import { ApiError } from "../errors.js";
import { toUserJson } from "../users.js";
import { defineRoute } from "./types.js";

/** GET /me — the caller's own `users` row. */
export default defineRoute<"db">({
  method: "get",
  path: "/me",
  auth: {},
  doc: {
    operationId: "getMe",
    summary: "The caller's own user row",
    description:
      "Found by the token's `db_user_id` (added by the user-sync trigger), checked against `sub`; " +
      "falls back to `sub`. 404 until the trigger has created the row.",
    tags: ["users"],
    responses: {
      "200": {
        description: "The caller's row",
        content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
      },
      "404": {
        description: "No row for this caller yet",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  },
  handler:
    ({ db }) =>
    async (req, res) => {
      const user = req.user;
      // requireAuth guards this route; reaching here without a user is a wiring bug, answered as 500.
      if (!user) throw new Error("GET /me reached without requireAuth");
      // The id lookup is also pinned to sub: a stale db_user_id (reseeded or another environment's
      // database) must never return someone else's row.
      let row =
        user.dbUserId === null
          ? undefined
          : await db
              .selectFrom("users")
              .selectAll()
              .where("id", "=", user.dbUserId)
              .where("sub", "=", user.sub)
              .executeTakeFirst();
      row ??= await db.selectFrom("users").selectAll().where("sub", "=", user.sub).executeTakeFirst();
      if (!row)
        throw new ApiError(
          "not_found",
          "No user record for this caller yet; the user-sync trigger creates it at sign-in",
        );
      res.json(toUserJson(row));
    },
});
