import type { Clock } from "../clock.js";
import { sha256, type DataCrypto } from "../crypto/envelope.js";
import { CHALLENGE_INVALID, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { ChallengeSessionRow, Store } from "../store/index.js";
import type { Client, Pool } from "./pools.js";

/** Challenges answered with a Session handle (PASSWORD_VERIFIER travels sealed: srpChallenge.ts). */
export type SessionKind =
  | "NEW_PASSWORD_REQUIRED"
  | "DEVICE_SRP_AUTH"
  | "DEVICE_PASSWORD_VERIFIER"
  | "MFA_SETUP"
  | "SELECT_MFA_TYPE"
  | "SOFTWARE_TOKEN_MFA"
  | "EMAIL_OTP"
  | "SMS_MFA"
  | "CUSTOM_CHALLENGE"
  // Choice-based sign-in (userAuth.ts); an e-mail code there is not an MFA code, so it has its own kind.
  | "SELECT_CHALLENGE"
  | "EMAIL_OTP_SIGN_IN"
  | "SMS_OTP"
  // Sign-up sessions (signUpSessions.ts): SignUp's, for ConfirmSignUp; ConfirmSignUp's, for USER_AUTH.
  | "SIGN_UP"
  | "SIGN_IN_AFTER_SIGN_UP"
  | "WEB_AUTHN";

export interface ChallengeState {
  username: string;
}

const aad = (idHash: string) => `auth-session|${idHash}`;

/**
 * Challenge sessions live in the database (any instance may receive the answer) and are single
 * use. The handle the client holds (Session) is random; only its hash is stored, and the state is
 * encrypted. Expired rows are deleted by Housekeeping.
 */
export class ChallengeSessionService {
  constructor(private readonly deps: { store: Store; crypto: DataCrypto; random: Random; clock: Clock }) {}

  /** Creates a session and returns its handle (48 random bytes). */
  async create<S extends ChallengeState>(
    kind: SessionKind,
    pool: Pool,
    client: Client,
    userId: string | null,
    state: S,
    handle: Buffer = this.deps.random.bytes(48),
    ttlMs?: number,
  ): Promise<Buffer> {
    const idHash = sha256(handle);
    const now = this.deps.clock.now().getTime();
    const row: ChallengeSessionRow = {
      idHash,
      poolId: pool.id,
      clientId: client.id,
      userId,
      kind,
      dataEnc: this.deps.crypto.encrypt(JSON.stringify(state), aad(idHash)),
      createdAt: now,
      // AuthSessionValidity (3–15 minutes) is how long a challenge may be answered, per client.
      expiresAt: now + (ttlMs ?? client.settings.AuthSessionValidity * 60_000),
      consumedAt: null,
    };
    await this.deps.store.challengeSessions.create(row);
    return handle;
  }

  /** The kind of challenge a handle stands for (live or not), so a caller holding only the handle can peek it. */
  async kindOf(handle: Buffer): Promise<SessionKind | undefined> {
    return (await this.deps.store.challengeSessions.get(sha256(handle)))?.kind as SessionKind | undefined;
  }

  /** Reads a live session without using it up (so a policy failure can be retried). */
  async peek<S>(kind: SessionKind, handle: Buffer, client: Client): Promise<{ row: ChallengeSessionRow; state: S }> {
    const idHash = sha256(handle);
    const row = await this.deps.store.challengeSessions.get(idHash);
    if (
      !row ||
      row.kind !== kind ||
      row.clientId !== client.id ||
      row.consumedAt !== null ||
      row.expiresAt <= this.deps.clock.now().getTime()
    ) {
      throw new NotAuthorizedException(CHALLENGE_INVALID);
    }
    return { row, state: JSON.parse(this.deps.crypto.decrypt(row.dataEnc, aad(idHash)).toString("utf8")) as S };
  }

  /**
   * Counts a wrong answer against a live session of `kind`; the `max`th uses it up. Returns how many
   * wrong answers it has had; throws NotAuthorizedException when it is not live (any more).
   */
  async countFailedAnswer(kind: SessionKind, handle: Buffer, client: Client, max: number): Promise<number> {
    await this.peek(kind, handle, client);
    const n = await this.deps.store.challengeSessions.countFailedAnswer(
      sha256(handle),
      this.deps.clock.now().getTime(),
      max,
    );
    if (n === undefined) throw new NotAuthorizedException(CHALLENGE_INVALID);
    return n;
  }

  /** Uses the session up; exactly one caller wins, all others (and replays) get NotAuthorizedException. */
  async consume<S>(kind: SessionKind, handle: Buffer, client: Client): Promise<{ row: ChallengeSessionRow; state: S }> {
    const idHash = sha256(handle);
    const row = await this.deps.store.challengeSessions.consume(idHash, this.deps.clock.now().getTime());
    if (!row || row.kind !== kind || row.clientId !== client.id) throw new NotAuthorizedException(CHALLENGE_INVALID);
    return { row, state: JSON.parse(this.deps.crypto.decrypt(row.dataEnc, aad(idHash)).toString("utf8")) as S };
  }
}
