import type { Kysely, Selectable } from "kysely";
import type { ImportJobRow, ImportJobStatus, ImportJobStore, ImportOutcome } from "../importJobs.js";
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

/** Rows per INSERT statement: well under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters. */
const USERS_PER_INSERT = 500;
const ALIASES_PER_INSERT = 2000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function kyselyImportJobStore(db: Kysely<Database>): ImportJobStore {
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
          // One read per kind of name for the whole batch, instead of a round trip per user.
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
              for (const r of rows) takenAliases.add(`${type}\u0000${r.alias_key}`);
            }
          }
          const outcomes: ImportOutcome[] = [];
          const users: Database["users"][] = [];
          const aliases: Database["user_aliases"][] = [];
          const mfa: { user_id: string; pool_id: string; sms_enabled: number; updated_at: number }[] = [];
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
            users.push({
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
            });
            for (const a of b.aliases)
              aliases.push({ pool_id: a.poolId, alias_type: a.type, alias_key: a.key, user_id: a.userId });
            if (b.smsMfa) mfa.push({ user_id: u.id, pool_id: poolId, sms_enabled: 1, updated_at: u.updatedAt });
          }
          for (const part of chunks(users, USERS_PER_INSERT)) await trx.insertInto("users").values(part).execute();
          for (const part of chunks(aliases, ALIASES_PER_INSERT))
            await trx.insertInto("user_aliases").values(part).execute();
          for (const part of chunks(mfa, ALIASES_PER_INSERT)) await trx.insertInto("user_mfa").values(part).execute();
          return outcomes;
        }),
      );
    },
  };
}
