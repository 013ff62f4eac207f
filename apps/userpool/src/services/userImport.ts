/**
 * User import jobs (developer guide, "Importing users into user pools from a CSV file",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool.html).
 * A job is created with a pre-signed upload URL served by this server (valid 15 minutes, as Cognito's),
 * takes one CSV upload streamed to the data directory, and once started runs in the background in
 * batches (one transaction of multi-row inserts each), checking between batches whether it was
 * stopped. Per-row outcomes go to a JSON-lines log per job in the data directory, where Cognito writes
 * to CloudWatch Logs. Decisions the docs leave open: ADR 0029.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import type { UserImportJobType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { safeEqual, type DataCrypto } from "../crypto/envelope.js";
import { PreconditionNotMetException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import type { Logger } from "../log.js";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../privateFiles.js";
import { ALNUM, randomString, type Random } from "../random.js";
import {
  StoreConflictError,
  type ImportedUser,
  type ImportJobRow,
  type ImportJobStatus,
  type ImportOutcome,
  type Store,
} from "../store/index.js";
import { csvHeader, parseHeader, userFromLine, type CsvColumns } from "./importCsv.js";
import type { Pool, PoolService } from "./pools.js";
import type { PublicUrls } from "./urls.js";
import type { UserService } from "./users.js";

/** Cognito: "The PRE_SIGNED_URL returned in the response is valid for 15 minutes". */
export const UPLOAD_URL_TTL_SECONDS = 900;
/** Cognito's limits on the file: 100 MB, 500 000 users besides the header line. */
export const MAX_CSV_BYTES = 100 * 1024 * 1024;
export const MAX_CSV_USERS = 500_000;
/** A job created and not started within this time is Expired (Cognito: "24-48 hours"). */
export const JOB_EXPIRY_MS = 24 * 3600 * 1000;
/** A running job whose runner has not written for this long has lost its runner (a crash, a restart). */
export const STALE_RUNNER_MS = 60_000;
/**
 * Users per batch (one transaction). 5 000 rather than 1 000: a fifth of the commits, checkpoints and
 * name-check queries, some 20 to 25 % more rows/s on both engines (docs/userpool/import.md); a stop waits for
 * the current batch, and SQLite's synchronous driver holds the event loop for a batch (a few tenths of a second).
 */
export const DEFAULT_BATCH_SIZE = 5000;
export const IMPORTS_DIR = "imports";

const RUNNING: readonly ImportJobStatus[] = ["Pending", "InProgress", "Stopping"];
const TOO_MANY_FAILED = "Too many users have failed or been skipped during the import.";
const SUCCEEDED = "Import Job Completed Successfully.";
const RUNNER_LOST = "The server running this job stopped before the job ended; users imported until then remain.";

/** The answer to an upload: an HTTP status and S3's XML error body when refused. */
export interface UploadAnswer {
  status: number;
  code?: string;
  message?: string;
}

export interface UserImportDeps {
  store: Store;
  clock: Clock;
  random: Random;
  crypto: DataCrypto;
  log: Logger;
  urls: PublicUrls;
  pools: PoolService;
  users: UserService;
  dataDir: string;
  batchSize?: number;
}

export class UserImportService {
  private readonly running = new Map<string, Promise<void>>();
  private closing = false;

  constructor(private readonly deps: UserImportDeps) {}

  csvHeader(pool: Pool): string[] {
    return csvHeader(pool);
  }

  private dir(): string {
    return join(this.deps.dataDir, IMPORTS_DIR);
  }
  csvPath(jobId: string): string {
    return join(this.dir(), `${jobId}.csv`);
  }
  /** Where the job's per-row outcomes go (JSON lines). */
  logPath(jobId: string): string {
    return join(this.dir(), `${jobId}.log.jsonl`);
  }

  async create(pool: Pool, jobName: string, roleArn: string): Promise<ImportJobRow> {
    const job: ImportJobRow = {
      // Cognito's job IDs look like import-9sHxosU7BP.
      jobId: `import-${randomString(this.deps.random, ALNUM, 10)}`,
      poolId: pool.id,
      jobName,
      status: "Created",
      cloudWatchLogsRoleArn: roleArn,
      createdAt: this.deps.clock.now().getTime(),
      startedAt: null,
      completedAt: null,
      uploadedAt: null,
      heartbeatAt: null,
      importedUsers: 0,
      skippedUsers: 0,
      failedUsers: 0,
      completionMessage: null,
    };
    await this.deps.store.importJobs.create(job);
    return job;
  }

  /** The job, after expiry and lost-runner rules have been applied. */
  async get(pool: Pool, jobId: string): Promise<ImportJobRow> {
    const job = await this.deps.store.importJobs.get(pool.id, jobId);
    if (!job) throw new ResourceNotFoundException(`Import job ${jobId} does not exist.`);
    return this.settle(job);
  }

  async list(pool: Pool, max: number, token?: string): Promise<{ jobs: ImportJobRow[]; token?: string }> {
    const rows = await this.deps.store.importJobs.list(pool.id, {
      limit: max + 1,
      ...(token !== undefined ? { after: token } : {}),
    });
    const jobs = await Promise.all(rows.slice(0, max).map((j) => this.settle(j)));
    return rows.length > max ? { jobs, token: jobs.at(-1)!.jobId } : { jobs };
  }

  async start(pool: Pool, jobId: string): Promise<ImportJobRow> {
    const job = await this.get(pool, jobId);
    if (job.status !== "Created")
      throw new PreconditionNotMetException(`Import job ${jobId} is ${job.status}; only a Created job can start.`);
    if (job.uploadedAt === null || !existsSync(this.csvPath(jobId)))
      throw new PreconditionNotMetException(`No csv file was uploaded for ${jobId}`);
    // Developer guide: "If the user pool has no auto-verified attributes, the import job will not start."
    if (!pool.settings.AutoVerifiedAttributes?.length)
      throw new PreconditionNotMetException(
        "The user pool has no auto-verified attributes (AutoVerifiedAttributes); an import job cannot start.",
      );
    const now = this.deps.clock.now().getTime();
    const ok = await this.deps.store.importJobs.update(jobId, ["Created"], {
      status: "Pending",
      startedAt: now,
      heartbeatAt: now,
    });
    if (!ok) throw new PreconditionNotMetException(`Import job ${jobId} was started or stopped meanwhile.`);
    const run = this.run(pool, jobId)
      .catch((e) => this.deps.log.error({ err: e, jobId }, "user import job failed"))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
    return this.get(pool, jobId);
  }

  async stop(pool: Pool, jobId: string): Promise<ImportJobRow> {
    const job = await this.get(pool, jobId);
    if (job.status !== "Pending" && job.status !== "InProgress")
      throw new PreconditionNotMetException(`Import job ${jobId} is ${job.status}; only a running job can stop.`);
    await this.deps.store.importJobs.update(jobId, ["Pending", "InProgress"], { status: "Stopping" });
    return this.get(pool, jobId);
  }

  /** Cognito's UserImportJobType. */
  toWire(job: ImportJobRow): UserImportJobType {
    return {
      JobName: job.jobName,
      JobId: job.jobId,
      UserPoolId: job.poolId,
      PreSignedUrl: this.preSignedUrl(job),
      CreationDate: new Date(job.createdAt),
      ...(job.startedAt !== null ? { StartDate: new Date(job.startedAt) } : {}),
      ...(job.completedAt !== null ? { CompletionDate: new Date(job.completedAt) } : {}),
      Status: job.status,
      CloudWatchLogsRoleArn: job.cloudWatchLogsRoleArn,
      ImportedUsers: job.importedUsers,
      SkippedUsers: job.skippedUsers,
      FailedUsers: job.failedUsers,
      ...(job.completionMessage !== null ? { CompletionMessage: job.completionMessage } : {}),
    };
  }

  /**
   * The upload URL: S3's query form (X-Amz-Date, X-Amz-Expires, X-Amz-Signature), signed with the data
   * key over the job and its expiry, so it is recomputed rather than stored and cannot be moved to
   * another job or extended.
   */
  preSignedUrl(job: Pick<ImportJobRow, "jobId" | "createdAt">): string {
    const date = amzDate(job.createdAt);
    const expires = String(UPLOAD_URL_TTL_SECONDS);
    const q = new URLSearchParams({
      "X-Amz-Date": date,
      "X-Amz-Expires": expires,
      "X-Amz-Signature": this.signature(job.jobId, date, expires),
    });
    return `${this.deps.urls.base()}/user-import/${job.jobId}?${q.toString()}`;
  }

  private signature(jobId: string, date: string, expires: string): string {
    return this.deps.crypto.mac("user-import-upload", jobId, date, expires);
  }

  /**
   * PUT of the CSV to the pre-signed URL: the signature and expiry are checked before a byte is read,
   * the body is streamed to a private file (never held in memory) and refused past 100 MB or
   * 500 000 users. A later upload while the job is still Created replaces the earlier one, as a PUT
   * to S3 does.
   */
  async receiveUpload(
    jobId: string,
    query: URLSearchParams,
    headers: { contentLength?: string; sse?: string },
    body: Readable,
  ): Promise<UploadAnswer> {
    const date = query.get("X-Amz-Date") ?? "";
    const expires = query.get("X-Amz-Expires") ?? "";
    const sig = query.get("X-Amz-Signature") ?? "";
    if (!/^import-[0-9A-Za-z]{10}$/u.test(jobId) || !safeEqual(sig, this.signature(jobId, date, expires)))
      return { status: 403, code: "SignatureDoesNotMatch", message: "The request signature does not match." };
    const issued = parseAmzDate(date);
    const now = this.deps.clock.now().getTime();
    if (issued === undefined || now > issued + Number(expires) * 1000)
      return { status: 403, code: "AccessDenied", message: "Request has expired" };
    if (headers.sse !== undefined && headers.sse !== "aws:kms")
      return { status: 400, code: "InvalidArgument", message: "x-amz-server-side-encryption must be aws:kms." };
    if (headers.contentLength !== undefined && Number(headers.contentLength) > MAX_CSV_BYTES) return tooLarge();
    const job = await this.jobById(jobId);
    if (job?.status !== "Created")
      return { status: 403, code: "AccessDenied", message: "The import job no longer takes an upload." };
    ensurePrivateDir(this.dir());
    const part = `${this.csvPath(jobId)}.${randomString(this.deps.random, ALNUM, 8)}.part`;
    let bytes = 0;
    let lines = 0;
    let refusal: UploadAnswer | undefined;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (bytes > MAX_CSV_BYTES) refusal = tooLarge();
        // The header line plus 500 000 users, and a final line without its newline.
        else if (lines > MAX_CSV_USERS + 1)
          refusal = { status: 400, code: "InvalidArgument", message: `The file has more than ${MAX_CSV_USERS} users.` };
        done(refusal ? new Error(refusal.message) : null, chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(part, { mode: PRIVATE_FILE_MODE }));
    } catch (e) {
      rmSync(part, { force: true });
      if (refusal) return refusal;
      throw e;
    }
    const ok = await this.deps.store.importJobs.update(jobId, ["Created"], { uploadedAt: now });
    if (!ok) {
      rmSync(part, { force: true });
      return { status: 403, code: "AccessDenied", message: "The import job no longer takes an upload." };
    }
    renameSync(part, this.csvPath(jobId));
    this.deps.log.info({ jobId, bytes }, "user import file uploaded");
    return { status: 200 };
  }

  private async jobById(jobId: string): Promise<ImportJobRow | undefined> {
    const job = await this.deps.store.importJobs.getById(jobId);
    return job && (await this.settle(job));
  }

  /** At start: jobs whose runner is gone end (ADR 0029: Failed, not resumed); old Created jobs expire. */
  async recover(): Promise<void> {
    for (const job of await this.deps.store.importJobs.listByStatus(["Created", ...RUNNING])) await this.settle(job);
  }

  /** Graceful shutdown: running jobs stop after their current batch and are marked as ended by the shutdown. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.running.values());
  }

  /** Applies the time-based transitions: Created → Expired, a running job without a live runner → Failed/Stopped. */
  private async settle(job: ImportJobRow): Promise<ImportJobRow> {
    const now = this.deps.clock.now().getTime();
    let patch: Partial<ImportJobRow> | undefined;
    if (job.status === "Created" && now - job.createdAt > JOB_EXPIRY_MS) {
      patch = { status: "Expired", completedAt: now };
    } else if (
      RUNNING.includes(job.status) &&
      !this.running.has(job.jobId) &&
      now - (job.heartbeatAt ?? 0) > STALE_RUNNER_MS
    ) {
      patch =
        job.status === "Stopping"
          ? { status: "Stopped", completedAt: now }
          : { status: "Failed", completedAt: now, completionMessage: RUNNER_LOST };
    }
    if (!patch) return job;
    if (await this.deps.store.importJobs.update(job.jobId, [job.status], patch)) {
      rmSync(this.csvPath(job.jobId), { force: true });
      this.deps.log.warn({ jobId: job.jobId, status: patch.status }, "user import job ended");
      return { ...job, ...patch };
    }
    return (await this.deps.store.importJobs.get(job.poolId, job.jobId)) ?? job;
  }

  /** The background run: header, then batches until the end of the file or a stop. */
  private async run(pool: Pool, jobId: string): Promise<void> {
    const { store, clock, random, log } = this.deps;
    const batchSize = this.deps.batchSize ?? DEFAULT_BATCH_SIZE;
    const counts = { importedUsers: 0, skippedUsers: 0, failedUsers: 0 };
    const jobLog = createWriteStream(this.logPath(jobId), { flags: "a", mode: PRIVATE_FILE_MODE });
    const entry = (lineNumber: number, username: string, outcome: "FAILED" | "SKIPPED", message: string) => {
      writeEntry(jobLog, clock, { jobId, lineNumber, username, outcome, message });
      // The server log names the line, not the user: usernames are often e-mail addresses.
      log.info({ jobId, lineNumber, outcome, reason: message }, "user import row not imported");
    };
    const finish = async (from: ImportJobStatus[], status: ImportJobStatus, message: string | null) => {
      const done = await store.importJobs.update(jobId, from, {
        ...counts,
        status,
        completedAt: clock.now().getTime(),
        heartbeatAt: clock.now().getTime(),
        completionMessage: message,
      });
      log.info({ jobId, status, ...counts }, "user import job ended");
      return done;
    };
    try {
      await store.importJobs.update(jobId, ["Pending"], { status: "InProgress", heartbeatAt: clock.now().getTime() });
      const input = createReadStream(this.csvPath(jobId), { encoding: "utf8", highWaterMark: 1 << 20 });
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      let cols: CsvColumns | undefined;
      let lineNumber = 0;
      let batch: { lineNumber: number; username: string; item: ImportedUser }[] = [];
      /** Writes a batch and the job's counters; false when the job must end here (stopped, shutdown). */
      const flush = async (): Promise<boolean> => {
        const outcomes = await this.insertWithRetry(
          pool.id,
          batch.map((b) => b.item),
        );
        outcomes.forEach((o, i) => {
          const b = batch[i]!;
          if (o === "created") counts.importedUsers++;
          else if (o === "username" || (o === "alias" && pool.settings.UsernameAttributes?.length)) {
            counts.skippedUsers++;
            entry(b.lineNumber, b.username, "SKIPPED", "User already exists.");
          } else {
            counts.failedUsers++;
            entry(
              b.lineNumber,
              b.username,
              "FAILED",
              "An account with the given email or phone number already exists.",
            );
          }
        });
        batch = [];
        // SQLite's driver is synchronous: without this turn of the event loop the server would not
        // answer requests (StopUserImportJob among them) until the whole file was imported.
        await new Promise((r) => setImmediate(r));
        return this.checkpoint(jobId, counts);
      };
      for await (const line of lines) {
        lineNumber++;
        if (cols === undefined) {
          try {
            cols = parseHeader(pool, line);
          } catch (e) {
            await finish(["InProgress", "Stopping"], "Failed", (e as Error).message);
            return;
          }
          continue;
        }
        if (line.trim() === "") continue;
        const now = clock.now().getTime();
        const r = userFromLine(pool, this.deps.users, cols, line, random.uuid(), now);
        if (r.ok) batch.push({ lineNumber, username: r.username, item: r.item });
        else {
          counts.failedUsers++;
          entry(lineNumber, r.username, "FAILED", r.message);
        }
        if (batch.length >= batchSize || (r.ok === false && counts.failedUsers % batchSize === 0)) {
          if (!(await flush())) return this.endEarly(jobId, counts, finish, lines);
        }
      }
      if (cols === undefined) {
        await finish(["InProgress", "Stopping"], "Failed", "The file is empty: it has no header line.");
        return;
      }
      if (batch.length && !(await flush())) return this.endEarly(jobId, counts, finish, lines);
      const tooMany = counts.failedUsers + counts.skippedUsers > counts.importedUsers;
      if (!(await finish(["InProgress"], tooMany ? "Failed" : "Succeeded", tooMany ? TOO_MANY_FAILED : SUCCEEDED)))
        await finish(["Stopping"], "Stopped", null);
    } catch (e) {
      await finish(["Pending", "InProgress", "Stopping"], "Failed", "The import failed on an internal error.");
      throw e;
    } finally {
      jobLog.end();
      rmSync(this.csvPath(jobId), { force: true });
    }
  }

  private async endEarly(
    jobId: string,
    counts: Record<string, number>,
    finish: (from: ImportJobStatus[], s: ImportJobStatus, m: string | null) => Promise<boolean>,
    lines: { close(): void },
  ): Promise<void> {
    lines.close();
    if (this.closing) {
      await finish(
        ["InProgress", "Stopping"],
        "Failed",
        "The server shut down while the job ran; users imported until then remain.",
      );
      return;
    }
    await finish(["Stopping"], "Stopped", null);
    this.deps.log.info({ jobId, ...counts }, "user import job stopped");
  }

  /** Counters and heartbeat after a batch; false when the job was asked to stop or the server is closing. */
  private async checkpoint(jobId: string, counts: Record<string, number>): Promise<boolean> {
    if (this.closing) return false;
    return this.deps.store.importJobs.update(jobId, ["InProgress"], {
      ...counts,
      heartbeatAt: this.deps.clock.now().getTime(),
    });
  }

  /** A concurrent sign-up may take a name between the batch's check and its insert: the batch runs again. */
  private async insertWithRetry(poolId: string, items: ImportedUser[]): Promise<ImportOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.store.importJobs.insertUsers(poolId, items);
      } catch (e) {
        if (!(e instanceof StoreConflictError) || attempt >= 5) throw e;
      }
    }
  }
}

function tooLarge(): UploadAnswer {
  return { status: 400, code: "EntityTooLarge", message: `Your proposed upload exceeds the maximum allowed size.` };
}

function writeEntry(out: WriteStream, clock: Clock, e: Record<string, string | number>): void {
  const text = `[${e.outcome}] Line Number ${e.lineNumber} - ${e.message}`;
  out.write(`${JSON.stringify({ timestamp: clock.now().toISOString(), ...e, text })}\n`);
}

/** 20261206T193000Z, as S3's pre-signed URLs carry it. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/gu, "")
    .replace(/\.\d{3}/u, "");
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/u.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}
