import type { AliasRow, UserRow } from "./users.js";

/** Cognito's UserImportJobStatusType. */
export type ImportJobStatus =
  | "Created"
  | "Pending"
  | "InProgress"
  | "Stopping"
  | "Expired"
  | "Stopped"
  | "Failed"
  | "Succeeded";

export interface ImportJobRow {
  jobId: string;
  poolId: string;
  jobName: string;
  status: ImportJobStatus;
  cloudWatchLogsRoleArn: string;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  uploadedAt: number | null;
  heartbeatAt: number | null;
  importedUsers: number;
  skippedUsers: number;
  failedUsers: number;
  completionMessage: string | null;
}

export type ImportJobPatch = Partial<Omit<ImportJobRow, "jobId" | "poolId" | "jobName" | "createdAt">>;

/** One user of an import batch: the row, its aliases, and whether SMS MFA is switched on (cognito:mfa_enabled). */
export interface ImportedUser {
  user: UserRow;
  aliases: AliasRow[];
  smsMfa: boolean;
}

/** What became of one user of a batch: created, or left out because its username or an alias is taken. */
export type ImportOutcome = "created" | "username" | "alias";

export interface ImportJobStore {
  create(job: ImportJobRow): Promise<void>;
  get(poolId: string, jobId: string): Promise<ImportJobRow | undefined>;
  /** The job by its ID alone (the upload URL names no pool). */
  getById(jobId: string): Promise<ImportJobRow | undefined>;
  /** Oldest first; `after` is the job ID that ended the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ImportJobRow[]>;
  /** Applies `patch` if the job's status is one of `from` (a compare-and-set); false when it was not. */
  update(jobId: string, from: readonly ImportJobStatus[], patch: ImportJobPatch): Promise<boolean>;
  /** Jobs of every pool in one of `statuses` (start-up recovery and expiry). */
  listByStatus(statuses: readonly ImportJobStatus[]): Promise<ImportJobRow[]>;
  /**
   * Inserts a batch of users in one transaction with multi-row inserts. A user whose username key or
   * an alias is already taken (in the pool, or earlier in the batch) is left out and reported; the
   * others are created. Atomic: a concurrent writer that takes a name meanwhile makes the whole
   * batch fail with StoreConflictError, and the caller runs it again.
   */
  insertUsers(poolId: string, batch: readonly ImportedUser[]): Promise<ImportOutcome[]>;
}
