import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { ImportedUser, ImportJobRow, ImportJobStatus, ImportJobStore, ImportOutcome } from "../importJobs.js";
import { userSnapshot } from "../userHistory.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

type Row = Selectable<Database["user_import_jobs"]>;

const toJob = (r: Row): ImportJobRow => ({
  jobId: r.job_id,
  poolId: r.pool_id,
  jobName: r.job_name,
  status: r.status as ImportJobStatus,
  cloudWatchLogsRoleArn: r.cloudwatch_logs_role_arn,
  createdAt: Number(r.created_at),
  startedAt: r.started_at === null ? null : Number(r.started_at),
  completedAt: r.completed_at === null ? null : Number(r.completed_at),
  uploadedAt: r.uploaded_at === null ? null : Number(r.uploaded_at),
  heartbeatAt: r.heartbeat_at === null ? null : Number(r.heartbeat_at),
  importedUsers: Number(r.imported_users),
  skippedUsers: Number(r.skipped_users),
  failedUsers: Number(r.failed_users),
  completionMessage: r.completion_message,
});

const COLUMNS: Record<string, keyof Row> = {
  status: "status",
  startedAt: "started_at",
  completedAt: "completed_at",
  uploadedAt: "uploaded_at",
  heartbeatAt: "heartbeat_at",
  importedUsers: "imported_users",
  skippedUsers: "skipped_users",
  failedUsers: "failed_users",
  completionMessage: "completion_message",
  cloudWatchLogsRoleArn: "cloudwatch_logs_role_arn",
};

/** SQLite: names per IN list, well under its 32 766 bound parameters. */
const ALIASES_PER_INSERT = 2000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Trx = Transaction<Database>;
type Taken = { takenKeys: Set<string>; takenAliases: Set<string> };
const aliasKey = (type: string, key: string) => `${type}\u0000${key}`;

/** The rows a batch adds: users, their aliases, SMS MFA settings and point-in-time recovery's change log. */
interface NewRows {
  users: Database["users"][];
  aliases: Database["user_aliases"][];
  mfa: { user_id: string; pool_id: string; sms_enabled: number; updated_at: number }[];
  history: { pool_id: string; user_id: string; changed_at: number; snapshot: string }[];
}

/** Username keys and aliases of the batch already taken in the pool: one read per kind of name. */
async function takenSqlite(trx: Trx, poolId: string, batch: readonly ImportedUser[]): Promise<Taken> {
  const takenKeys = new Set(
    (
      await trx
        .selectFrom("users")
        .select("username_key")
        .where("pool_id", "=", poolId)
        .where("username_key", "in", [...new Set(batch.map((b) => b.user.usernameKey))])
        .execute()
    ).map((r) => r.username_key),
  );
  const aliasKeys = new Map<string, Set<string>>();
  for (const b of batch)
    for (const a of b.aliases) {
      const s = aliasKeys.get(a.type) ?? new Set<string>();
      aliasKeys.set(a.type, s);
      s.add(a.key);
    }
  const takenAliases = new Set<string>();
  for (const [type, keys] of aliasKeys) {
    for (const part of chunks([...keys], ALIASES_PER_INSERT)) {
      const rows = await trx
        .selectFrom("user_aliases")
        .select("alias_key")
        .where("pool_id", "=", poolId)
        .where("alias_type", "=", type)
        .where("alias_key", "in", part)
        .execute();
      for (const r of rows) takenAliases.add(aliasKey(type, r.alias_key));
    }
  }
  return { takenKeys, takenAliases };
}

/** PostgreSQL: usernames and aliases in one query, each list one array parameter (no thousands of binds). */
async function takenPg(trx: Trx, poolId: string, batch: readonly ImportedUser[]): Promise<Taken> {
  const types: string[] = [];
  const keys: string[] = [];
  for (const b of batch)
    for (const a of b.aliases) {
      types.push(a.type);
      keys.push(a.key);
    }
  const { rows } = await sql<{ alias_type: string | null; name: string }>`
    select null as alias_type, username_key as name from users
      where pool_id = ${poolId} and username_key = any(${batch.map((b) => b.user.usernameKey)}::text[])
    union all
    select a.alias_type, a.alias_key from user_aliases a
      join unnest(${types}::text[], ${keys}::text[]) as t(alias_type, alias_key)
        on a.alias_type = t.alias_type and a.alias_key = t.alias_key
      where a.pool_id = ${poolId}`.execute(trx);
  const taken: Taken = { takenKeys: new Set(), takenAliases: new Set() };
  for (const r of rows)
    if (r.alias_type === null) taken.takenKeys.add(r.name);
    else taken.takenAliases.add(aliasKey(r.alias_type, r.name));
  return taken;
}

/**
 * SQLite: one statement per table, its rows one JSON parameter expanded by json_each, as on PostgreSQL. The SQL
 * text never changes, so the statement cache (db.ts) prepares each once; binding 6,000 values per multi-row
 * INSERT, and Kysely building that statement, cost most of a seed's time (1M users: `npm run seed`).
 */
async function insertSqlite(trx: Trx, rows: NewRows): Promise<void> {
  const { users, aliases, mfa, history } = rows;
  const v = (col: string) => sql.raw(`value ->> '$.${col}'`);
  if (users.length)
    await sql`insert into users (id, pool_id, username, username_key, status, enabled, attributes, srp_salt,
        verifier_enc, password_set_at, created_at, updated_at)
      select ${v("id")}, ${v("pool_id")}, ${v("username")}, ${v("username_key")}, ${v("status")}, ${v("enabled")},
        ${v("attributes")}, ${v("srp_salt")}, ${v("verifier_enc")}, ${v("password_set_at")}, ${v("created_at")},
        ${v("updated_at")}
      from json_each(${JSON.stringify(users)})`.execute(trx);
  if (aliases.length)
    await sql`insert into user_aliases (pool_id, alias_type, alias_key, user_id)
      select ${v("pool_id")}, ${v("alias_type")}, ${v("alias_key")}, ${v("user_id")}
      from json_each(${JSON.stringify(aliases)})`.execute(trx);
  if (mfa.length)
    await sql`insert into user_mfa (user_id, pool_id, sms_enabled, updated_at)
      select ${v("user_id")}, ${v("pool_id")}, ${v("sms_enabled")}, ${v("updated_at")}
      from json_each(${JSON.stringify(mfa)})`.execute(trx);
  if (history.length)
    await sql`insert into user_history (pool_id, user_id, changed_at, snapshot)
      select ${v("pool_id")}, ${v("user_id")}, ${v("changed_at")}, ${v("snapshot")}
      from json_each(${JSON.stringify(history)})`.execute(trx);
}

/**
 * PostgreSQL: one statement per table, its rows one JSON parameter expanded by json_populate_recordset. Binding
 * every value separately cost most of the import's time (parsing, planning and encoding thousands of parameters);
 * JSON.stringify and PostgreSQL's JSON parser are cheaper than the driver's and server's array literals.
 */
async function insertPg(trx: Trx, rows: NewRows): Promise<void> {
  const { users, aliases, mfa, history } = rows;
  if (users.length)
    await sql`insert into users (id, pool_id, username, username_key, status, enabled, attributes, srp_salt,
        verifier_enc, password_set_at, created_at, updated_at)
      select id, pool_id, username, username_key, status, enabled, attributes, srp_salt, verifier_enc,
        password_set_at, created_at, updated_at
      from json_populate_recordset(null::users, ${JSON.stringify(users)}::json)`.execute(trx);
  if (aliases.length)
    await sql`insert into user_aliases (pool_id, alias_type, alias_key, user_id)
      select pool_id, alias_type, alias_key, user_id
      from json_populate_recordset(null::user_aliases, ${JSON.stringify(aliases)}::json)`.execute(trx);
  if (mfa.length)
    await sql`insert into user_mfa (user_id, pool_id, sms_enabled, updated_at)
      select user_id, pool_id, sms_enabled, updated_at
      from json_populate_recordset(null::user_mfa, ${JSON.stringify(mfa)}::json)`.execute(trx);
  if (history.length)
    await sql`insert into user_history (pool_id, user_id, changed_at, snapshot)
      select pool_id, user_id, changed_at, snapshot
      from json_populate_recordset(null::user_history, ${JSON.stringify(history)}::json)`.execute(trx);
}

export function kyselyImportJobStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): ImportJobStore {
  return {
    async create(j) {
      await db
        .insertInto("user_import_jobs")
        .values({
          job_id: j.jobId,
          pool_id: j.poolId,
          job_name: j.jobName,
          status: j.status,
          cloudwatch_logs_role_arn: j.cloudWatchLogsRoleArn,
          created_at: j.createdAt,
          started_at: j.startedAt,
          completed_at: j.completedAt,
          uploaded_at: j.uploadedAt,
          heartbeat_at: j.heartbeatAt,
          imported_users: j.importedUsers,
          skipped_users: j.skippedUsers,
          failed_users: j.failedUsers,
          completion_message: j.completionMessage,
        })
        .execute();
    },
    async get(poolId, jobId) {
      const r = await db
        .selectFrom("user_import_jobs")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("job_id", "=", jobId)
        .executeTakeFirst();
      return r && toJob(r);
    },
    async getById(jobId) {
      const r = await db.selectFrom("user_import_jobs").selectAll().where("job_id", "=", jobId).executeTakeFirst();
      return r && toJob(r);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("user_import_jobs").selectAll().where("pool_id", "=", poolId);
      if (after !== undefined) {
        const last = await db
          .selectFrom("user_import_jobs")
          .select(["created_at", "job_id"])
          .where("pool_id", "=", poolId)
          .where("job_id", "=", after)
          .executeTakeFirst();
        if (!last) return [];
        q = q.where((eb) =>
          eb.or([
            eb("created_at", ">", last.created_at),
            eb.and([eb("created_at", "=", last.created_at), eb("job_id", ">", last.job_id)]),
          ]),
        );
      }
      const rows = await q.orderBy("created_at").orderBy("job_id").limit(limit).execute();
      return rows.map(toJob);
    },
    async update(jobId, from, patch) {
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) {
        const col = COLUMNS[k];
        if (col && v !== undefined) values[col] = v;
      }
      const r = await db
        .updateTable("user_import_jobs")
        .set(values)
        .where("job_id", "=", jobId)
        .where("status", "in", [...from])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async listByStatus(statuses) {
      const rows = await db
        .selectFrom("user_import_jobs")
        .selectAll()
        .where("status", "in", [...statuses])
        .execute();
      return rows.map(toJob);
    },
    async insertUsers(poolId, batch) {
      if (!batch.length) return [];
      return mapConflict(() =>
        db.transaction().execute(async (trx) => {
          const { takenKeys, takenAliases } = await (engine === "postgres" ? takenPg : takenSqlite)(trx, poolId, batch);
          const outcomes: ImportOutcome[] = [];
          const rows: NewRows = { users: [], aliases: [], mfa: [], history: [] };
          for (const b of batch) {
            if (takenKeys.has(b.user.usernameKey)) {
              outcomes.push("username");
              continue;
            }
            const keys = b.aliases.map((a) => `${a.type}\u0000${a.key}`);
            if (keys.some((k) => takenAliases.has(k))) {
              outcomes.push("alias");
              continue;
            }
            // Later rows of the same batch see this one's names as taken.
            takenKeys.add(b.user.usernameKey);
            for (const k of keys) takenAliases.add(k);
            outcomes.push("created");
            const u = b.user;
            const user: Database["users"] = {
              id: u.id,
              pool_id: u.poolId,
              username: u.username,
              username_key: u.usernameKey,
              status: u.status,
              enabled: u.enabled ? 1 : 0,
              attributes: JSON.stringify(u.attributes),
              srp_salt: u.srpSalt,
              verifier_enc: u.verifierEnc,
              password_set_at: u.passwordSetAt,
              created_at: u.createdAt,
              updated_at: u.updatedAt,
            };
            const aliases = b.aliases.map((a) => ({
              pool_id: a.poolId,
              alias_type: a.type,
              alias_key: a.key,
              user_id: a.userId,
            }));
            rows.users.push(user);
            rows.aliases.push(...aliases);
            if (b.smsMfa) rows.mfa.push({ user_id: u.id, pool_id: poolId, sms_enabled: 1, updated_at: u.updatedAt });
            // Point-in-time recovery's change log (userHistory.ts): the creation, as UserStore.create writes it.
            rows.history.push({
              pool_id: poolId,
              user_id: u.id,
              changed_at: u.updatedAt,
              snapshot: JSON.stringify(userSnapshot(user, aliases)),
            });
          }
          await (engine === "postgres" ? insertPg : insertSqlite)(trx, rows);
          return outcomes;
        }),
      );
    },
  };
}
