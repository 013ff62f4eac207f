/** One change made through the admin console (or a console sign-in / sign-out). Never a secret. */
export interface ConsoleAuditEntry {
  /** Assigned by the store, increasing: newer entries have larger ids. */
  id: number;
  at: number;
  who: string;
  operation: string;
  userPoolId: string | null;
  /** A username, client id, group name or similar; never a password, secret, code or token. */
  target: string | null;
  /** `ok` or the Cognito exception name (or a console error code). */
  outcome: string;
}

/** Which entries a page holds: ids below `before` (the keyset cursor), and exact `who` / `operation` when given. */
export interface ConsoleAuditQuery {
  limit: number;
  before?: number;
  who?: string;
  operation?: string;
}

export interface ConsoleAuditStore {
  append(e: Omit<ConsoleAuditEntry, "id">): Promise<ConsoleAuditEntry>;
  /** Newest first (by id), at most `limit`, matching every filter given. */
  list(q: ConsoleAuditQuery): Promise<ConsoleAuditEntry[]>;
  /**
   * Deletes entries written before `before` (their `at`), `batch` rows a statement (default DELETE_BATCH) with
   * the event loop yielded between them; returns how many. Idempotent: instances may run it at the same time.
   */
  purgeBefore(before: number, opts?: { batch?: number }): Promise<number>;
}
