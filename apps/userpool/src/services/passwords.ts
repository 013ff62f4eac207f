import type { DataCrypto } from "../crypto/envelope.js";
import { safeEqual } from "../crypto/envelope.js";
import { computeVerifier, newSalt } from "../crypto/srp.js";
import { InvalidPasswordException } from "../errors/cognitoErrors.js";
import { DIGITS, randomString, type Random } from "../random.js";
import type { UserRow } from "../store/index.js";
import type { PasswordPolicy } from "./poolSettings.js";
import { srpPoolName } from "./pools.js";

/** Cognito's symbol set for RequireSymbols (developer guide, "Password policies"), plus the space. */
const SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";
const SYMBOL_RE = new RegExp(`[${SYMBOLS.replace(/[\\\]^-]/g, "\\$&")}]`);

export interface Credentials {
  srpSalt: string;
  verifierEnc: string;
}

/** The AAD that ties a verifier to its user row: a verifier copied onto another user does not decrypt. */
const verifierAad = (poolId: string, userId: string) => `verifier|${poolId}|${userId}`;

/**
 * Passwords exist only as SRP salt + verifier (the verifier encrypted under the data key). There is
 * no second password hash: USER_PASSWORD_AUTH recomputes the verifier from the salt.
 */
export class PasswordService {
  constructor(private readonly deps: { crypto: DataCrypto; random: Random }) {}

  /**
   * Throws InvalidPasswordException with Cognito's wording for the first rule broken. Cognito words it
   * two ways: SignUp says "Password did not conform with policy: …" (e.g. amplify-js#2416), the operations
   * that set a password for an existing user (AdminCreateUser, AdminSetUserPassword, ChangePassword,
   * ConfirmForgotPassword, NEW_PASSWORD_REQUIRED) say "Password does not conform to policy: …".
   */
  checkPolicy(policy: PasswordPolicy, password: string, operation: "SignUp" | "other"): void {
    const lead =
      operation === "SignUp" ? "Password did not conform with policy" : "Password does not conform to policy";
    const fail = (why: string) => {
      throw new InvalidPasswordException(`${lead}: ${why}`);
    };
    if ([...password].length < policy.MinimumLength) fail("Password not long enough");
    if (policy.RequireLowercase && !/[a-z]/.test(password)) fail("Password must have lowercase characters");
    if (policy.RequireUppercase && !/[A-Z]/.test(password)) fail("Password must have uppercase characters");
    if (policy.RequireNumbers && !/[0-9]/.test(password)) fail("Password must have numeric characters");
    if (policy.RequireSymbols && !SYMBOL_RE.test(password)) fail("Password must have symbol characters");
  }

  /** Salt and encrypted verifier for `password`; `srpUserId` is USER_ID_FOR_SRP (the immutable username). */
  createCredentials(poolId: string, userId: string, srpUserId: string, password: string): Credentials {
    const salt = newSalt((n) => this.deps.random.bytes(n));
    const verifier = computeVerifier({ poolName: srpPoolName(poolId), userId: srpUserId, password, salt });
    return {
      srpSalt: salt.toString("hex"),
      verifierEnc: this.deps.crypto.encrypt(verifier, verifierAad(poolId, userId)),
    };
  }

  /** The stored verifier in clear, for the SRP exchange. */
  verifierOf(user: UserRow): Buffer | undefined {
    if (!user.verifierEnc) return undefined;
    return this.deps.crypto.decrypt(user.verifierEnc, verifierAad(user.poolId, user.id));
  }

  /** USER_PASSWORD_AUTH: recompute the verifier from the stored salt and compare in constant time. */
  verifyPassword(user: UserRow, password: string): boolean {
    const stored = this.verifierOf(user);
    if (!stored || !user.srpSalt) return false;
    const candidate = computeVerifier({
      poolName: srpPoolName(user.poolId),
      userId: user.username,
      password,
      salt: Buffer.from(user.srpSalt, "hex"),
    });
    return safeEqual(candidate, stored);
  }

  /**
   * For an unknown user: a salt that is stable per username (so repeated probes see the same value)
   * and costs one verifier computation, as a real check would.
   */
  simulateUnknownUser(poolId: string, username: string, password?: string): { salt: Buffer; verifier: Buffer } {
    const salt = Buffer.from(this.deps.crypto.mac("fake-salt", poolId, username), "base64url").subarray(0, 16);
    const verifier = computeVerifier({
      poolName: srpPoolName(poolId),
      userId: username,
      password: password ?? this.deps.crypto.mac("fake-password", poolId, username),
      salt,
    });
    return { salt, verifier };
  }

  /** A temporary password that satisfies the pool's policy (AdminCreateUser without TemporaryPassword). */
  generateTemporaryPassword(policy: PasswordPolicy): string {
    const r = this.deps.random;
    const parts = [
      randomString(r, "abcdefghijkmnopqrstuvwxyz", 4),
      randomString(r, "ABCDEFGHJKLMNPQRSTUVWXYZ", 4),
      randomString(r, DIGITS, 3),
      randomString(r, "^$*.!@#%&-_=+", 2),
    ];
    const extra = Math.max(0, policy.MinimumLength - 13);
    return parts.join("") + randomString(r, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", extra);
  }
}
