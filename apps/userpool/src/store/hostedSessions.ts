/** The hosted UI's sign-in sessions (a browser cookie), stored as the cookie's hash. */
export interface HostedSessionRow {
  idHash: string;
  poolId: string;
  userId: string;
  /** COGNITO or the identity provider's name. */
  provider: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
}

export interface HostedSessionStore {
  create(r: HostedSessionRow): Promise<void>;
  /** The session when it exists and has not expired at `now`. */
  getLive(idHash: string, now: number): Promise<HostedSessionRow | undefined>;
  delete(idHash: string): Promise<boolean>;
  /** Ends every hosted-UI session of a user (global sign-out, disable, delete). */
  deleteForUser(poolId: string, userId: string): Promise<number>;
  /** Deletes sessions that have expired at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
