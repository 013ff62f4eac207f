import { createHmac, createPrivateKey, createPublicKey, randomBytes, sign as rsaSign, constants } from "node:crypto";
import { exportJWK, type CryptoKey, type JWK } from "jose";
import type { AuthErrorReason } from "../../src/auth/errors.js";
import type { TestIssuer } from "../support/issuer.js";

/**
 * Forged and malformed bearer tokens. Each entry names the attack class it covers (the classes of
 * the API's requirements) and the token use the API under attack is configured for. Every entry must get 401.
 */
export type AttackClass =
  | "alg:none"
  | "HS256 signed with the public key"
  | "algorithm substitution (non-RS256)"
  | "unknown kid"
  | "jku/x5u header pointing at a listener"
  | "jwk header (embedded key)"
  | "wrong iss"
  | "wrong aud or client_id"
  | "ID token where an access token is required"
  | "access token where an ID token is required"
  | "expired"
  | "nbf in the future"
  | "tampered payload"
  | "truncated or garbage"
  | "missing or non-Bearer credentials";

export interface AttackContext {
  issuer: TestIssuer;
  /** The attacker's own RSA key pair: a valid signature, just not the issuer's. */
  attacker: { kid: string; privateKey: CryptoKey; publicJwk: JWK };
  /** A listener that counts requests; header-supplied key URLs point here and must never be fetched. */
  listenerUrl: string;
  nowSec: number;
}

export interface Attack {
  name: string;
  class: AttackClass;
  /** Why the verifier must refuse it: proves the intended defence fired, not an accident earlier on. */
  refusedAs: AuthErrorReason;
  /** The API's configured COGNITO_TOKEN_USE for this entry. */
  api: "id" | "access";
  /** The Authorization header to send; undefined sends none. */
  authorization(ctx: AttackContext): Promise<string | undefined>;
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const decode = (segment: string) =>
  JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
const bearer = (token: string) => `Bearer ${token}`;

/** Valid Cognito ID-token claims from the issuer, to forge around. */
async function idClaims(ctx: AttackContext, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { ...decode((await ctx.issuer.idToken()).split(".")[1]!), ...extra };
}

function hmacToken(
  alg: "HS256" | "HS512",
  kid: string,
  claims: Record<string, unknown>,
  secret: string | Buffer,
): string {
  const input = `${b64({ alg, kid })}.${b64(claims)}`;
  return `${input}.${createHmac(alg === "HS256" ? "sha256" : "sha512", secret)
    .update(input)
    .digest("base64url")}`;
}

async function issuerPrivateKey(ctx: AttackContext) {
  // The issuer's real private key, used with the wrong algorithm: a verifier that trusts `alg` would accept it.
  const jwk = await exportJWK(ctx.issuer.currentPrivateKey());
  return createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" });
}

function publicPem(ctx: AttackContext): string {
  const jwk = ctx.issuer.publicJwks().keys.find((k) => k.kid === ctx.issuer.kid)!;
  return createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" })
    .export({ type: "spki", format: "pem" })
    .toString();
}

/** Signs with the attacker's key and any header (which the attacker fully controls). */
async function attackerToken(
  ctx: AttackContext,
  header: Record<string, unknown>,
  claims?: Record<string, unknown>,
): Promise<string> {
  return ctx.issuer.sign(claims ?? (await idClaims(ctx)), {
    key: ctx.attacker.privateKey as never,
    kid: ctx.attacker.kid,
    header,
  });
}

export const attacks: Attack[] = [
  // alg:none (CVE-2015-9235 class): a verifier that honours `alg` skips the signature.
  {
    name: "alg none, empty signature",
    refusedAs: "malformed_token",
    class: "alg:none",
    api: "id",
    authorization: async (c) => bearer(`${b64({ alg: "none" })}.${b64(await idClaims(c))}.`),
  },
  {
    name: "alg none, real signature kept",
    refusedAs: "alg_not_allowed",
    class: "alg:none",
    api: "id",
    authorization: async (c) => {
      const [, payload, sig] = (await c.issuer.idToken()).split(".");
      return bearer(`${b64({ alg: "none", kid: c.issuer.kid })}.${payload}.${sig}`);
    },
  },
  {
    name: "alg None (case variant)",
    refusedAs: "alg_not_allowed",
    class: "alg:none",
    api: "id",
    authorization: async (c) => bearer(`${b64({ alg: "None", kid: c.issuer.kid })}.${b64(await idClaims(c))}.AAAA`),
  },
  {
    name: "alg NONE (case variant)",
    refusedAs: "alg_not_allowed",
    class: "alg:none",
    api: "id",
    authorization: async (c) => bearer(`${b64({ alg: "NONE" })}.${b64(await idClaims(c))}.AAAA`),
  },

  // Key confusion (CVE-2016-10555 class): HMAC keyed with the public key, which anyone can fetch.
  {
    name: "HS256 keyed with the public key PEM",
    refusedAs: "alg_not_allowed",
    class: "HS256 signed with the public key",
    api: "id",
    authorization: async (c) => bearer(hmacToken("HS256", c.issuer.kid, await idClaims(c), publicPem(c))),
  },
  {
    name: "HS256 keyed with the public JWK JSON",
    refusedAs: "alg_not_allowed",
    class: "HS256 signed with the public key",
    api: "id",
    authorization: async (c) =>
      bearer(hmacToken("HS256", c.issuer.kid, await idClaims(c), JSON.stringify(c.issuer.publicJwks().keys[0]))),
  },
  {
    name: "HS256 keyed with the modulus bytes",
    refusedAs: "alg_not_allowed",
    class: "HS256 signed with the public key",
    api: "id",
    authorization: async (c) =>
      bearer(
        hmacToken(
          "HS256",
          c.issuer.kid,
          await idClaims(c),
          Buffer.from(c.issuer.publicJwks().keys[0]!.n!, "base64url"),
        ),
      ),
  },
  {
    name: "HS512 keyed with the public key PEM",
    refusedAs: "alg_not_allowed",
    class: "HS256 signed with the public key",
    api: "id",
    authorization: async (c) => bearer(hmacToken("HS512", c.issuer.kid, await idClaims(c), publicPem(c))),
  },

  // Right key, wrong algorithm: only RS256 is accepted even when the signature is genuine.
  {
    name: "PS256 signed by the issuer's real key",
    refusedAs: "alg_not_allowed",
    class: "algorithm substitution (non-RS256)",
    api: "id",
    authorization: async (c) => {
      const input = `${b64({ alg: "PS256", kid: c.issuer.kid })}.${b64(await idClaims(c))}`;
      const sig = rsaSign("sha256", Buffer.from(input), {
        key: await issuerPrivateKey(c),
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      return bearer(`${input}.${sig.toString("base64url")}`);
    },
  },
  {
    name: "RS512 signed by the issuer's real key",
    refusedAs: "alg_not_allowed",
    class: "algorithm substitution (non-RS256)",
    api: "id",
    authorization: async (c) => {
      const input = `${b64({ alg: "RS512", kid: c.issuer.kid })}.${b64(await idClaims(c))}`;
      return bearer(
        `${input}.${rsaSign("sha512", Buffer.from(input), await issuerPrivateKey(c)).toString("base64url")}`,
      );
    },
  },

  {
    name: "attacker key, random kid",
    refusedAs: "unknown_kid",
    class: "unknown kid",
    api: "id",
    authorization: async (c) => bearer(await attackerToken(c, {})),
  },
  {
    name: "attacker key, path-traversal kid",
    refusedAs: "unknown_kid",
    class: "unknown kid",
    api: "id",
    authorization: async (c) => bearer(await attackerToken(c, { kid: "../../../../dev/null" })),
  },
  {
    name: "issuer's real key, kid not in the JWKS",
    refusedAs: "unknown_kid",
    class: "unknown kid",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.sign(await idClaims(c), { kid: "not-published" })),
  },
  {
    name: "no kid at all",
    refusedAs: "malformed_token",
    class: "unknown kid",
    api: "id",
    authorization: async (c) => {
      const input = `${b64({ alg: "RS256" })}.${b64(await idClaims(c))}`;
      return bearer(
        `${input}.${rsaSign("sha256", Buffer.from(input), await issuerPrivateKey(c)).toString("base64url")}`,
      );
    },
  },

  // Header-supplied key locations (CVE-2018-0114 class): the attacker hosts the key that "verifies" the token.
  {
    name: "jku at a listener",
    refusedAs: "header_key_refused",
    class: "jku/x5u header pointing at a listener",
    api: "id",
    authorization: async (c) => bearer(await attackerToken(c, { jku: `${c.listenerUrl}/jwks.json` })),
  },
  {
    name: "x5u at a listener",
    refusedAs: "header_key_refused",
    class: "jku/x5u header pointing at a listener",
    api: "id",
    authorization: async (c) => bearer(await attackerToken(c, { x5u: `${c.listenerUrl}/cert.pem` })),
  },
  {
    name: "jku at a listener with the issuer's kid",
    refusedAs: "header_key_refused",
    class: "jku/x5u header pointing at a listener",
    api: "id",
    authorization: async (c) =>
      bearer(await attackerToken(c, { kid: c.issuer.kid, jku: `${c.listenerUrl}/jwks.json` })),
  },
  {
    name: "jwk header with the attacker's key",
    refusedAs: "header_key_refused",
    class: "jwk header (embedded key)",
    api: "id",
    authorization: async (c) => bearer(await attackerToken(c, { jwk: c.attacker.publicJwk })),
  },
  {
    name: "jwk header with the issuer's kid",
    refusedAs: "header_key_refused",
    class: "jwk header (embedded key)",
    api: "id",
    authorization: async (c) =>
      bearer(await attackerToken(c, { kid: c.issuer.kid, jwk: { ...c.attacker.publicJwk, kid: c.issuer.kid } })),
  },

  // Genuinely signed by the issuer, but not for us.
  {
    name: "another pool's issuer",
    refusedAs: "wrong_issuer",
    class: "wrong iss",
    api: "id",
    authorization: async (c) =>
      bearer(await c.issuer.idToken({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" })),
  },
  {
    name: "issuer with a trailing slash",
    refusedAs: "wrong_issuer",
    class: "wrong iss",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ iss: `${c.issuer.issuer}/` })),
  },
  {
    name: "issuer with another scheme",
    refusedAs: "wrong_issuer",
    class: "wrong iss",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ iss: c.issuer.issuer.replace("http:", "https:") })),
  },
  {
    name: "no iss",
    refusedAs: "wrong_issuer",
    class: "wrong iss",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ iss: undefined })),
  },
  {
    name: "ID token for another client",
    refusedAs: "wrong_client",
    class: "wrong aud or client_id",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ aud: "anotherclient00000000000001" })),
  },
  {
    name: "ID token with an aud array",
    refusedAs: "invalid_claims",
    class: "wrong aud or client_id",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ aud: [c.issuer.clientId, "anotherclient"] })),
  },
  {
    name: "access token for another client",
    refusedAs: "wrong_client",
    class: "wrong aud or client_id",
    api: "access",
    authorization: async (c) => bearer(await c.issuer.accessToken({ client_id: "anotherclient00000000000001" })),
  },
  {
    name: "ID token at an access-token API",
    refusedAs: "wrong_token_use",
    class: "ID token where an access token is required",
    api: "access",
    authorization: async (c) => bearer(await c.issuer.idToken()),
  },
  {
    name: "access token at an ID-token API",
    refusedAs: "wrong_token_use",
    class: "access token where an ID token is required",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.accessToken()),
  },

  {
    name: "expired an hour ago",
    refusedAs: "expired",
    class: "expired",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ iat: c.nowSec - 7200, exp: c.nowSec - 3600 })),
  },
  {
    name: "expired beyond the skew allowance",
    refusedAs: "expired",
    class: "expired",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ exp: c.nowSec - 90 })),
  },
  {
    name: "nbf an hour ahead",
    refusedAs: "not_yet_valid",
    class: "nbf in the future",
    api: "id",
    authorization: async (c) => bearer(await c.issuer.idToken({ nbf: c.nowSec + 3600 })),
  },

  {
    name: "sub swapped, signature kept",
    refusedAs: "bad_signature",
    class: "tampered payload",
    api: "id",
    authorization: async (c) => {
      const [h, p, s] = (await c.issuer.idToken()).split(".");
      return bearer(`${h}.${b64({ ...decode(p!), sub: "00000000-0000-4000-8000-000000000001" })}.${s}`);
    },
  },
  {
    name: "admin group added, signature kept",
    refusedAs: "bad_signature",
    class: "tampered payload",
    api: "id",
    authorization: async (c) => {
      const [h, p, s] = (await c.issuer.idToken()).split(".");
      return bearer(`${h}.${b64({ ...decode(p!), "cognito:groups": ["admin"] })}.${s}`);
    },
  },
  {
    name: "exp extended, signature kept",
    refusedAs: "bad_signature",
    class: "tampered payload",
    api: "id",
    authorization: async (c) => {
      const [h, p, s] = (await c.issuer.idToken({ exp: c.nowSec - 3600, iat: c.nowSec - 7200 })).split(".");
      return bearer(`${h}.${b64({ ...decode(p!), exp: c.nowSec + 3600 })}.${s}`);
    },
  },

  {
    name: "signature truncated",
    refusedAs: "bad_signature",
    class: "truncated or garbage",
    api: "id",
    authorization: async (c) => bearer((await c.issuer.idToken()).slice(0, -10)),
  },
  {
    name: "signature dropped",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async (c) => bearer((await c.issuer.idToken()).split(".").slice(0, 2).join(".")),
  },
  {
    name: "four segments",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async (c) => bearer(`${await c.issuer.idToken()}.AAAA`),
  },
  {
    name: "random base64url",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async () => bearer(randomBytes(300).toString("base64url")),
  },
  {
    name: "random three segments",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async () => bearer([0, 1, 2].map(() => randomBytes(60).toString("base64url")).join(".")),
  },
  {
    name: "header is not JSON",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async (c) => bearer(`${b64("{not json")}.${b64(await idClaims(c))}.AAAA`),
  },
  {
    name: "payload is not an object (validly signed)",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async (c) => {
      const input = `${b64({ alg: "RS256", kid: c.issuer.kid })}.${b64("[1,2,3]")}`;
      return bearer(
        `${input}.${rsaSign("sha256", Buffer.from(input), await issuerPrivateKey(c)).toString("base64url")}`,
      );
    },
  },
  {
    name: "9,000 characters",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async () => bearer(`${"a".repeat(3000)}.${"b".repeat(3000)}.${"c".repeat(3000)}`),
  },
  {
    name: "non-ASCII bytes",
    refusedAs: "malformed_token",
    class: "truncated or garbage",
    api: "id",
    authorization: async () => bearer("ey\u00e9.\u00ff\u00fe.\u00e0"),
  },
  {
    name: "empty Bearer",
    refusedAs: "malformed_token",
    class: "missing or non-Bearer credentials",
    api: "id",
    authorization: async () => "Bearer ",
  },
  {
    name: "no Authorization header",
    refusedAs: "missing_token",
    class: "missing or non-Bearer credentials",
    api: "id",
    authorization: async () => undefined,
  },
  {
    name: "Basic credentials",
    refusedAs: "malformed_token",
    class: "missing or non-Bearer credentials",
    api: "id",
    authorization: async () => `Basic ${Buffer.from("admin:admin").toString("base64")}`,
  },
  {
    name: "raw token without a scheme",
    refusedAs: "malformed_token",
    class: "missing or non-Bearer credentials",
    api: "id",
    authorization: async (c) => c.issuer.idToken(),
  },
];
