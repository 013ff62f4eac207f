import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { CodeMismatchException, ExpiredCodeException } from "../errors/cognitoErrors.js";
import { DIGITS, randomString, type Random } from "../random.js";
import type { Store } from "../store/index.js";

export type CodePurpose = "SIGN_UP" | "FORGOT_PASSWORD" | "VERIFY_EMAIL" | "VERIFY_PHONE_NUMBER";

/** Cognito's sign-up confirmation codes are valid for 24 hours. */
export const SIGN_UP_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One-time codes: 6 digits from the crypto source, stored only as an HMAC under the data key,
 * single use, newest only. Lifetimes are per purpose (issue passes them in).
 */
export class CodeService {
  constructor(private readonly deps: { store: Store; crypto: DataCrypto; random: Random; clock: Clock }) {}

  /** `bind` ties a code to a value (e.g. the address it verifies): the same digits do not verify another value. */
  private mac(poolId: string, userId: string, purpose: CodePurpose, code: string, bind?: string): string {
    return bind === undefined ? this.deps.crypto.mac("confirmation-code", poolId, userId, purpose, code) : this.deps.crypto.mac("confirmation-code", poolId, userId, purpose, code, bind);
  }

  /** Issues a new code (retiring older ones) and returns it in clear, for the message only. */
  async issue(poolId: string, userId: string, purpose: CodePurpose, ttlMs: number, bind?: string): Promise<string> {
    const code = randomString(this.deps.random, DIGITS, 6);
    const now = this.deps.clock.now().getTime();
    await this.deps.store.codes.issue({ id: this.deps.random.uuid(), poolId, userId, purpose, codeMac: this.mac(poolId, userId, purpose, code, bind), createdAt: now, expiresAt: now + ttlMs });
    return code;
  }

  /** Consumes the code atomically or throws CodeMismatchException / ExpiredCodeException, as Cognito. */
  async consume(poolId: string, userId: string, purpose: CodePurpose, code: string, bind?: string): Promise<void> {
    const result = await this.deps.store.codes.consume({ poolId, userId, purpose, codeMac: this.mac(poolId, userId, purpose, code, bind), now: this.deps.clock.now().getTime() });
    if (result === "expired") throw new ExpiredCodeException();
    if (result === "mismatch") throw new CodeMismatchException();
  }
}
