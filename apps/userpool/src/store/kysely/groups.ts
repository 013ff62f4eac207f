import { sql, type Kysely, type Selectable } from "kysely";
import type { GroupStore } from "../groups.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";
import { compiledOnce, param } from "./prepared.js";
import { toGroup, toUser } from "./rows.js";
import { usernameOrder } from "./userFilters.js";

/** A foreign key refused the write (the group or the user is gone). */
function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

export function kyselyGroupStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): GroupStore {
  // Group names are case sensitive and page in byte order on both engines (PostgreSQL's database
  // collation might otherwise sort "alpha" next to "ALPHA").
  const name = engine === "postgres" ? sql<string>`name collate "C"` : sql<string>`name`;
  // Every token issuance reads the user's groups: compiled once.
  const groupsOfUser = compiledOnce(() =>
    db
      .selectFrom("user_group_members as m")
      .innerJoin("user_pool_groups as g", (j) =>
        j.onRef("g.pool_id", "=", "m.pool_id").onRef("g.name", "=", "m.group_name"),
      )
      .selectAll("g")
      .where("m.pool_id", "=", param("pool"))
      .where("m.user_id", "=", param("user"))
      .orderBy(engine === "postgres" ? sql`g.name collate "C"` : sql`g.name`),
  );
  return {
    async create(g) {
      await mapConflict(() =>
        db
          .insertInto("user_pool_groups")
          .values({
            pool_id: g.poolId,
            name: g.name,
            description: g.description,
            role_arn: g.roleArn,
            precedence: g.precedence,
            created_at: g.createdAt,
            updated_at: g.updatedAt,
          })
          .execute(),
      );
    },
    async get(poolId, name) {
      const r = await db
        .selectFrom("user_pool_groups")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return r && toGroup(r);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("user_pool_groups").selectAll().where("pool_id", "=", poolId).orderBy(name).limit(limit);
      if (after !== undefined) q = q.where(name, ">", after);
      return (await q.execute()).map(toGroup);
    },
    async update(poolId, name, patch) {
      const r = await db
        .updateTable("user_pool_groups")
        .set({
          description: patch.description,
          role_arn: patch.roleArn,
          precedence: patch.precedence,
          updated_at: patch.updatedAt,
        })
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(poolId, name) {
      return db.transaction().execute(async (trx) => {
        // Explicit as well as by cascade, so the outcome does not depend on foreign-key enforcement.
        await trx
          .deleteFrom("user_group_members")
          .where("pool_id", "=", poolId)
          .where("group_name", "=", name)
          .execute();
        const r = await trx
          .deleteFrom("user_pool_groups")
          .where("pool_id", "=", poolId)
          .where("name", "=", name)
          .executeTakeFirst();
        return Number(r.numDeletedRows) === 1;
      });
    },
    async addMember(poolId, name, userId) {
      try {
        await db
          .insertInto("user_group_members")
          .values({
            pool_id: poolId,
            group_name: name,
            user_id: userId,
            // Copied from the user (usernames never change), so members page in username order off one index.
            username_key: sql<string>`(select username_key from users where id = ${userId})`,
          })
          .onConflict((oc) => oc.columns(["pool_id", "group_name", "user_id"]).doNothing())
          .execute();
        return true;
      } catch (err) {
        if (isForeignKeyViolation(err)) return false;
        throw err;
      }
    },
    async removeMember(poolId, name, userId) {
      const r = await db
        .deleteFrom("user_group_members")
        .where("pool_id", "=", poolId)
        .where("group_name", "=", name)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async groupsOf(poolId, userId) {
      const rows = (await groupsOfUser(db, { pool: poolId, user: userId })).rows as Selectable<
        Database["user_pool_groups"]
      >[];
      return rows.map(toGroup);
    },
    async membersOf(poolId, name, { limit, after }) {
      return (await membersQuery(db, engine, poolId, name, { limit, after }).execute()).map(toUser);
    },
  };
}

/** One ListUsersInGroup page: a range of the members' own username keys (exported for the EXPLAIN test). */
export function membersQuery(
  db: Kysely<Database>,
  engine: "sqlite" | "postgres",
  poolId: string,
  name: string,
  opts: { limit: number; after?: string | undefined },
) {
  // The page is cut from the members' own index first; only its users are then read, by primary key.
  let page = db
    .selectFrom("user_group_members")
    .select(["user_id", "username_key"])
    .where("pool_id", "=", poolId)
    .where("group_name", "=", name)
    .orderBy(usernameOrder(engine))
    .limit(opts.limit);
  if (opts.after !== undefined) page = page.where(usernameOrder(engine), ">", opts.after);
  if (engine === "sqlite")
    return db
      .selectFrom(page.as("m"))
      .innerJoin("users as u", "u.id", "m.user_id")
      .selectAll("u")
      .orderBy(usernameOrder(engine, "m"));
  // PostgreSQL would hash-join a small users table by scanning it; one primary-key read per member of the page
  // (a lateral subquery with LIMIT is never flattened into a join) is what stays O(page) at any size.
  return db
    .selectFrom(page.as("m"))
    .innerJoinLateral(
      (eb) => eb.selectFrom("users").selectAll().whereRef("users.id", "=", "m.user_id").limit(1).as("u"),
      (j) => j.onTrue(),
    )
    .selectAll("u")
    .orderBy(usernameOrder(engine, "m"));
}
