// Typed access to the official amazon-cognito-identity-js internals that the SRP tests use as the oracle.
// The package ships CommonJS under lib/ with no types for these classes, so we load it with require and
// describe only the members we call.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The library's jsbn-style big integer. */
export interface JsBigInteger {
  toString(radix: number): string;
}
export interface JsBigIntegerCtor {
  new (value: string, radix: number): JsBigInteger;
}

/** amazon-cognito-identity-js AuthenticationHelper (the SRP math of CognitoUser). */
export interface CognitoAuthenticationHelper {
  N: JsBigInteger;
  g: JsBigInteger;
  k: JsBigInteger;
  smallAValue: JsBigInteger;
  largeAValue: JsBigInteger | undefined;
  UValue: JsBigInteger;
  getLargeAValue(cb: (err: unknown, A: JsBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverB: JsBigInteger,
    salt: JsBigInteger,
    cb: (err: unknown, hkdf: Buffer) => void,
  ): void;
  padHex(n: JsBigInteger): string;
  /** SHA-256 of a UTF-8 string, hex */
  hash(s: string): string;
  /** SHA-256 of hex-decoded bytes, hex */
  hexHash(hex: string): string;
}

export const JsBigInteger = (require("amazon-cognito-identity-js/lib/BigInteger.js") as { default: JsBigIntegerCtor })
  .default;
const HelperCtor = (
  require("amazon-cognito-identity-js/lib/AuthenticationHelper.js") as {
    default: new (poolName: string) => CognitoAuthenticationHelper;
  }
).default;
const DateHelperCtor = (
  require("amazon-cognito-identity-js/lib/DateHelper.js") as {
    default: new () => { getNowString(): string };
  }
).default;

/** The real library's idea of "now" as a TIMESTAMP string. */
export function cognitoJsNowString(): string {
  return new DateHelperCtor().getNowString();
}

export function jsBig(bytes: Buffer): JsBigInteger {
  return new JsBigInteger(bytes.length === 0 ? "0" : bytes.toString("hex"), 16);
}

/**
 * A real AuthenticationHelper. With `a` given, its random secret is replaced (and A recomputed by the
 * library itself) so results can be compared on fixed inputs.
 */
export function cognitoJsHelper(poolName: string, a?: Buffer): CognitoAuthenticationHelper {
  const helper = new HelperCtor(poolName);
  if (a) {
    helper.smallAValue = jsBig(a);
    helper.largeAValue = undefined;
  }
  return helper;
}

/** A as the library sends it (SRP_A = A.toString(16)). */
export function cognitoJsSrpA(helper: CognitoAuthenticationHelper): string {
  let out: string | undefined;
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    out = A.toString(16);
  });
  if (out === undefined) throw new Error("AuthenticationHelper.getLargeAValue did not call back synchronously");
  return out;
}

/** The library's HKDF key for a challenge (its modPow calls back synchronously in Node). */
export function cognitoJsKey(
  helper: CognitoAuthenticationHelper,
  i: { userId: string; password: string; saltHex: string; srpBHex: string },
): Buffer {
  let out: Buffer | undefined;
  helper.getPasswordAuthenticationKey(
    i.userId,
    i.password,
    new JsBigInteger(i.srpBHex, 16),
    new JsBigInteger(i.saltHex, 16),
    (err, hkdf) => {
      if (err) throw err;
      out = Buffer.from(hkdf);
    },
  );
  if (out === undefined) throw new Error("getPasswordAuthenticationKey did not call back synchronously");
  return out;
}

/** Transport the library's CognitoUser talks to instead of HTTP: (operation, JSON body) → JSON or error. */
export type InProcessTransport = (operation: string, body: Record<string, unknown>) => Record<string, unknown>;

interface CognitoJsModule {
  CognitoUserPool: new (data: { UserPoolId: string; ClientId: string }) => { client: unknown };
  CognitoUser: new (data: {
    Username: string;
    Pool: unknown;
  }) => {
    authenticateUser(
      details: unknown,
      callbacks: { onSuccess(session: unknown): void; onFailure(err: unknown): void },
    ): void;
  };
  AuthenticationDetails: new (data: { Username: string; Password: string }) => unknown;
}

/**
 * Runs the library's own USER_SRP_AUTH sign-in (CognitoUser.authenticateUser: A, the claim signature and
 * the TIMESTAMP all come from the library) against `transport`. Resolves on success, rejects with the
 * error the transport threw.
 */
export function cognitoJsSignIn(i: {
  userPoolId: string;
  clientId: string;
  username: string;
  password: string;
  transport: InProcessTransport;
}): Promise<void> {
  const lib = require("amazon-cognito-identity-js") as CognitoJsModule;
  const pool = new lib.CognitoUserPool({ UserPoolId: i.userPoolId, ClientId: i.clientId });
  pool.client = {
    request(operation: string, body: Record<string, unknown>, cb: (err: unknown, data?: unknown) => void) {
      let data: Record<string, unknown>;
      try {
        data = i.transport(operation, body);
      } catch (err) {
        cb(err);
        return;
      }
      cb(null, data);
    },
  };
  const user = new lib.CognitoUser({ Username: i.username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new lib.AuthenticationDetails({ Username: i.username, Password: i.password }), {
      onSuccess: () => resolve(),
      onFailure: (err) => reject(err),
    });
  });
}
