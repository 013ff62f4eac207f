/**
 * PreventUserExistenceErrors (developer guide, "Managing user existence error responses"). With
 * ENABLED, an unknown user must look like a known one: the same answers (a simulated code
 * delivery, a generic sign-in failure, a code mismatch), derived deterministically from the typed
 * name under the data key so repeated probes see the same values, and the same cryptographic work
 * so timing does not tell either. With LEGACY the operations say UserNotFoundException.
 */
import { createHash, hkdfSync } from "node:crypto";
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { N, N_BYTES, toBigInt, toBytes } from "../crypto/srpPrimitives.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { DIGITS, randomString, type Random } from "../random.js";
import { isEmail, isPhone } from "./attributes.js";
import { maskEmail } from "./mail/messages.js";
import type { Client, Pool } from "./pools.js";
import type { UserService } from "./users.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the client hides user existence (PreventUserExistenceErrors = ENABLED). */
export function hidesUserExistence(client: Client): boolean {
  return client.settings.PreventUserExistenceErrors === "ENABLED";
}

export class UserExistenceService {
  constructor(private readonly deps: { crypto: DataCrypto; random: Random; users: UserService }) {}

  /**
   * The username an unknown typed name stands for, as USER_ID_FOR_SRP shows it. A name that could be
   * some user's username stands for itself. An e-mail or phone number where no username can be one
   * (e-mail/phone as username, where the username is the sub; or as an alias) stands for a stable fake
   * UUID. Either way the fake user answers to that username exactly as a real one does: typing the
   * returned USER_ID_FOR_SRP gets the same USER_ID_FOR_SRP and salt back, so two requests cannot tell
   * the two apart (developer guide, "Managing user existence error responses": the same salt and
   * internal user ID for the same user name).
   */
  fakeUsername(pool: Pool, typed: string): string {
    const s = pool.settings;
    if (s.UsernameAttributes?.length) {
      // Usernames here are subs: a UUID stands for itself (in its stored case), anything else for a fake one.
      return UUID.test(typed)
        ? this.deps.users.usernameKey(pool, typed)
        : fakeUuid(this.deps.crypto.mac("fake-username", pool.id, this.deps.users.usernameKey(pool, typed)));
    }
    if (
      (s.AliasAttributes?.includes("email") && isEmail(typed)) ||
      (s.AliasAttributes?.includes("phone_number") && isPhone(typed))
    ) {
      return fakeUuid(this.deps.crypto.mac("fake-username", pool.id, this.deps.users.usernameKey(pool, typed)));
    }
    return typed;
  }

  /**
   * The counter subject (quotas, lockout) of a name that matches no user: a MAC of the lookup key of
   * the username it stands for, so probing an unknown name hits limits exactly as probing a real one
   * does (one counter under every name), and the database never learns which names were probed.
   */
  unknownSubject(pool: Pool, typed: string): string {
    const key = this.deps.users.usernameKey(pool, this.fakeUsername(pool, typed));
    return `n:${this.deps.crypto.mac("unknown-subject", pool.id, key)}`;
  }

  /**
   * Cognito's "simulated delivery medium": e-mail, masked as a real destination is. An e-mail typed
   * as the username is masked as such; otherwise the masked letters come from a MAC of the name.
   */
  simulatedDelivery(pool: Pool, typed: string): CodeDeliveryDetailsType {
    if (isEmail(typed)) return { Destination: maskEmail(typed), DeliveryMedium: "EMAIL", AttributeName: "email" };
    const mac = Buffer.from(
      this.deps.crypto.mac("simulated-destination", pool.id, this.deps.users.usernameKey(pool, typed)),
      "base64url",
    );
    const letter = (b: number) => LETTERS[b % LETTERS.length]!;
    return {
      Destination: `${letter(mac[0]!)}***@${letter(mac[1]!)}***`,
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    };
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

/** Formats 16 bytes derived from a MAC as a UUID v4 string, as subs look. */
function fakeUuid(mac: string): string {
  const h = createHash("sha256").update(mac).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
