import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { CodeMismatchException, ExpiredCodeException } from "../errors/cognitoErrors.js";
import { DIGITS, randomString, type Random } from "../random.js";
import type { Store } from "../store/index.js";

export type CodePurpose = "SIGN_UP" | "SIGN_UP_LINK" | "FORGOT_PASSWORD" | "VERIFY_EMAIL" | "VERIFY_PHONE_NUMBER";

/** Cognito's sign-up confirmation codes are valid for 24 hours. */
export const SIGN_UP_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Bytes of a confirmation link's token: 256 bits, so guessing is hopeless whatever the rate. */
const LINK_TOKEN_BYTES = 32;
/** Exactly what issueLinkToken produces (43 base64url characters); anything else is not worth a lookup. */
export const LINK_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type LinkTokenState = "valid" | "expired" | "used" | "invalid";

/**
 * One-time codes: 6 digits from the crypto source, stored only as an HMAC under the data key,
 * single use, newest only. Lifetimes are per purpose (the caller passes them in).
 */
export class CodeService {
  constructor(private readonly deps: { store: Store; crypto: DataCrypto; random: Random; clock: Clock }) {}

  /** `bind` ties a code to a value (e.g. the address it verifies): the same digits do not verify another value. */
  private mac(poolId: string, userId: string, purpose: CodePurpose, code: string, bind?: string): string {
    return bind === undefined
      ? this.deps.crypto.mac("confirmation-code", poolId, userId, purpose, code)
      : this.deps.crypto.mac("confirmation-code", poolId, userId, purpose, code, bind);
  }

  /** Issues a new code (retiring older ones) and returns it in clear, for the message only. */
  async issue(poolId: string, userId: string, purpose: CodePurpose, ttlMs: number, bind?: string): Promise<string> {
    const code = randomString(this.deps.random, DIGITS, 6);
    const now = this.deps.clock.now().getTime();
    await this.deps.store.codes.issue({
      id: this.deps.random.uuid(),
      poolId,
      userId,
      purpose,
      codeMac: this.mac(poolId, userId, purpose, code, bind),
      createdAt: now,
      expiresAt: now + ttlMs,
    });
    return code;
  }

  /**
   * Issues the token of a CONFIRM_WITH_LINK e-mail (retiring older ones) and returns it in clear, for
   * the message only. Stored as a MAC like a code; a 6-digit code is issued beside it for ConfirmSignUp.
   */
  async issueLinkToken(poolId: string, userId: string, ttlMs: number): Promise<string> {
    const token = this.deps.random.bytes(LINK_TOKEN_BYTES).toString("base64url");
    const now = this.deps.clock.now().getTime();
    await this.deps.store.codes.issue({
      id: this.deps.random.uuid(),
      poolId,
      userId,
      purpose: "SIGN_UP_LINK",
      codeMac: this.mac(poolId, userId, "SIGN_UP_LINK", token),
      createdAt: now,
      expiresAt: now + ttlMs,
    });
    return token;
  }

  /**
   * What a link token is, without using it up: "valid" (unused, unexpired), "expired", "used" (consumed,
   * or retired by a newer link) or "invalid" (never issued to this user). Only the holder of a token that
   * was once issued learns more than "invalid", so the answer tells nobody else whether the user exists.
   */
  async linkTokenState(poolId: string, userId: string, token: string): Promise<LinkTokenState> {
    const row = await this.deps.store.codes.lookup({
      poolId,
      userId,
      purpose: "SIGN_UP_LINK",
      codeMac: this.mac(poolId, userId, "SIGN_UP_LINK", token),
    });
    if (!row) return "invalid";
    if (row.usedAt !== null) return "used";
    return row.expiresAt > this.deps.clock.now().getTime() ? "valid" : "expired";
  }

  /** Uses a link token up, atomically: true for exactly one caller with a valid token. */
  async consumeLinkToken(poolId: string, userId: string, token: string): Promise<boolean> {
    const codeMac = this.mac(poolId, userId, "SIGN_UP_LINK", token);
    return (
      (await this.deps.store.codes.consume({
        poolId,
        userId,
        purpose: "SIGN_UP_LINK",
        codeMac,
        now: this.deps.clock.now().getTime(),
      })) === "consumed"
    );
  }

  /** Consumes the code atomically or throws CodeMismatchException / ExpiredCodeException, as Cognito. */
  async consume(poolId: string, userId: string, purpose: CodePurpose, code: string, bind?: string): Promise<void> {
    const result = await this.deps.store.codes.consume({
      poolId,
      userId,
      purpose,
      codeMac: this.mac(poolId, userId, purpose, code, bind),
      now: this.deps.clock.now().getTime(),
    });
    if (result === "expired") throw new ExpiredCodeException();
    if (result === "mismatch") throw new CodeMismatchException();
  }
}
