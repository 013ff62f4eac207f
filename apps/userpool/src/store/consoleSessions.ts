/**
 * Admin console sessions and pending sign-in steps (MFA), stored by the hash of their cookie or step
 * id so that several instances share them and a database read does not yield a usable id.
 */
export interface ConsoleSessionRow {
  idHash: string;
  /** `session`: signed in; `step`: a sign-in waiting for its MFA answer. */
  kind: "session" | "step";
  who: string;
  /** A step's flow state, sealed under the data key; null for a session. */
  dataEnc: string | null;
  createdAt: number;
  /** Idle deadline, moved forward by touch() but never past expiresAt. */
  idleExpiresAt: number;
  /** Absolute deadline. */
  expiresAt: number;
}

export interface ConsoleSessionStore {
  create(r: ConsoleSessionRow): Promise<void>;
  /** The row when neither deadline has passed at `now`. */
  getLive(idHash: string, kind: ConsoleSessionRow["kind"], now: number): Promise<ConsoleSessionRow | undefined>;
  /** Moves the idle deadline to `idleExpiresAt` (capped at the absolute one). */
  touch(idHash: string, idleExpiresAt: number): Promise<void>;
  /** Deletes the row; true when it existed. A step is consumed this way, exactly once. */
  delete(idHash: string): Promise<boolean>;
  /** Deletes rows past either deadline at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
