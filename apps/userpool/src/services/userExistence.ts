/**
 * PreventUserExistenceErrors (developer guide, "Managing user existence error responses"). With
 * ENABLED, an unknown user must look like a known one: the same answers (a simulated code
 * delivery, a generic sign-in failure, a code mismatch), derived deterministically from the typed
 * name under the data key so repeated probes see the same values, and the same cryptographic work
 * so timing does not tell either. With LEGACY the operations say UserNotFoundException.
 */
import { hkdfSync } from "node:crypto";
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { N, N_BYTES, toBigInt, toBytes } from "../crypto/srpPrimitives.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { DIGITS, randomString, type Random } from "../random.js";
import { isEmail } from "./attributes.js";
import { maskEmail } from "./mail/messages.js";
import type { Client, Pool } from "./pools.js";
import type { UserService } from "./users.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Whether the client hides user existence (PreventUserExistenceErrors = ENABLED). */
export function hidesUserExistence(client: Client): boolean {
  return client.settings.PreventUserExistenceErrors === "ENABLED";
}

export class UserExistenceService {
  constructor(private readonly deps: { crypto: DataCrypto; random: Random; users: UserService }) {}

  /**
   * The counter subject (quotas, lockout) of a name that matches no user: a MAC of its lookup key,
   * so probing an unknown name hits limits exactly as probing a real one does, and the database
   * never learns which names were probed.
   */
  unknownSubject(pool: Pool, typed: string): string {
    return `n:${this.deps.crypto.mac("unknown-subject", pool.id, this.deps.users.usernameKey(pool, typed))}`;
  }

  /**
   * Cognito's "simulated delivery medium": e-mail, masked as a real destination is. An e-mail typed
   * as the username is masked as such; otherwise the masked letters come from a MAC of the name.
   */
  simulatedDelivery(pool: Pool, typed: string): CodeDeliveryDetailsType {
    if (isEmail(typed)) return { Destination: maskEmail(typed), DeliveryMedium: "EMAIL", AttributeName: "email" };
    const mac = Buffer.from(this.deps.crypto.mac("simulated-destination", pool.id, this.deps.users.usernameKey(pool, typed)), "base64url");
    const letter = (b: number) => LETTERS[b % LETTERS.length]!;
    return { Destination: `${letter(mac[0]!)}***@${letter(mac[1]!)}***`, DeliveryMedium: "EMAIL", AttributeName: "email" };
  }

  /**
   * The SRP salt and verifier of a name that matches no user: the salt as PasswordService derives
   * it (a MAC of the name under the data key, so it is stable), the verifier expanded from another
   * MAC. Nobody ever sees the verifier (SRP_B hides it), so it need not come from a password; and it
   * costs what decrypting a real one costs, where deriving one from a password would add an
   * exponentiation that a stopwatch could tell apart.
   */
  fakeSrpCredentials(pool: Pool, usernameKey: string): { salt: Buffer; verifier: Buffer } {
    const salt = Buffer.from(this.deps.crypto.mac("fake-salt", pool.id, usernameKey), "base64url").subarray(0, 16);
    const seed = Buffer.from(this.deps.crypto.mac("fake-verifier", pool.id, usernameKey), "base64url");
    const wide = Buffer.from(hkdfSync("sha256", seed, Buffer.alloc(0), "fake srp verifier", N_BYTES));
    return { salt, verifier: toBytes(toBigInt(wide) % N, N_BYTES) };
  }

  /** The crypto a real code costs (generation and MAC), spent on an unknown user. */
  simulateCodeIssue(pool: Pool, typed: string, purpose: string): void {
    const code = randomString(this.deps.random, DIGITS, 6);
    this.deps.crypto.mac("confirmation-code", pool.id, this.unknownSubject(pool, typed), purpose, code);
  }
}
