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
  /** The SessionIndex of the SAML assertion that started the session (our LogoutRequest names it). */
  samlSessionIndex?: string;
}

export interface HostedSessionStore {
  create(r: HostedSessionRow): Promise<void>;
  /** The session when it exists and has not expired at `now`. */
  getLive(idHash: string, now: number): Promise<HostedSessionRow | undefined>;
  delete(idHash: string): Promise<boolean>;
  /** Ends every hosted-UI session of a user (global sign-out, disable, delete). */
  deleteForUser(poolId: string, userId: string): Promise<number>;
  /**
   * IdP-initiated single logout (SAML core §3.7.1, ADR 0055): ends the user's sessions from `provider`; with
   * `sessionIndexes`, only those whose SessionIndex is one of them, and those that have none (stored before
   * migration 0026, or from an assertion without one: which session they are cannot be told). One statement;
   * returns the idHashes it ended.
   */
  deleteForSamlLogout(q: {
    poolId: string;
    userId: string;
    provider: string;
    sessionIndexes?: string[];
  }): Promise<string[]>;
  /** Deletes sessions that have expired at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
