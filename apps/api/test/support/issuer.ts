import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import type { Clock } from "../../src/clock.js";

/**
 * A stand-in for a Cognito user pool's token side, until apps/userpool lands: RSA keys, a JWKS
 * served over node:http on port 0 (counting fetches), and ID/access tokens with Cognito's exact claim sets
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html,
 * …-using-the-access-token.html).
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly poolId: string;
  readonly clientId: string;
  /** kid of the current signing key. */
  kid: string;
  /** JWKS requests received so far. */
  fetches: number;
  /** `clock.now()` at each JWKS request, for rate assertions. */
  fetchTimes: number[];
  /** ok: serve the JWKS; error: answer 500; garbage: answer 200 with non-JSON. */
  mode: "ok" | "error" | "garbage";
  idToken(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  accessToken(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Signs arbitrary claims and header with the current key (or `options.key`). */
  sign(payload: JWTPayload, options?: SignOptions & { header?: Record<string, unknown> }): Promise<string>;
  /** Adds a new signing key and makes it current; `retireOld` drops the previous ones from the JWKS. */
  rotate(options?: { retireOld?: boolean }): Promise<string>;
  publicJwks(): { keys: JWK[] };
  /** The current private key, for attack entries that misuse the real key (e.g. with PS256). */
  currentPrivateKey(): CryptoKey;
  close(): Promise<void>;
}

export interface SignOptions {
  kid?: string;
  key?: CryptoKey;
  alg?: string;
}

export interface TestIssuerOptions {
  clock?: Clock;
  poolId?: string;
  clientId?: string;
  /** Token lifetime in seconds (Cognito's default is 1 hour). */
  ttlSec?: number;
  /** Generate a first key of its own instead of the one shared within this test file. */
  freshKey?: boolean;
}

let sharedFirstKey: Promise<KeyEntry> | undefined;

interface KeyEntry {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh RS256 key pair with its public JWK, as Cognito publishes it. */
export async function newRsaKey(kid = randomUUID()): Promise<KeyEntry> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicJwk };
}

export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const clock = options.clock ?? { now: () => Date.now() };
  const poolId = options.poolId ?? "us-east-1_TestPool01";
  const clientId = options.clientId ?? "testclientid0000000000001";
  const ttl = options.ttlSec ?? 3600;
  // RSA key generation costs ~1 s on a busy machine; issuers in one test file share a first key.
  sharedFirstKey ??= newRsaKey();
  let keys: KeyEntry[] = [options.freshKey ? await newRsaKey() : await sharedFirstKey];

  let server: Server;
  const state = { fetches: 0, fetchTimes: [] as number[], mode: "ok" as TestIssuer["mode"] };
  server = createServer((req, res) => {
    if (req.url !== `/${poolId}/.well-known/jwks.json`) {
      res.writeHead(404).end();
      return;
    }
    state.fetches++;
    state.fetchTimes.push(clock.now());
    if (state.mode === "error") res.writeHead(500).end("boom");
    else if (state.mode === "garbage") res.writeHead(200, { "content-type": "application/json" }).end("<html>not json");
    else
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/${poolId}`;

  const current = () => keys[keys.length - 1]!;
  const nowSec = () => Math.floor(clock.now() / 1000);

  async function sign(
    payload: JWTPayload,
    opts: SignOptions & { header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const key = current();
    // Cognito's JOSE header is exactly { kid, alg }.
    return new SignJWT(payload)
      .setProtectedHeader({ alg: opts.alg ?? "RS256", kid: opts.kid ?? key.kid, ...opts.header })
      .sign(opts.key ?? key.privateKey);
  }

  function common(): Record<string, unknown> {
    const now = nowSec();
    return {
      iss: issuer,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      auth_time: now,
      iat: now,
      exp: now + ttl,
      jti: randomUUID(),
    };
  }

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    poolId,
    clientId,
    get kid() {
      return current().kid;
    },
    get fetches() {
      return state.fetches;
    },
    set fetches(n: number) {
      state.fetches = n;
    },
    get fetchTimes() {
      return state.fetchTimes;
    },
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    idToken(claims = {}, opts = {}) {
      const sub = (claims.sub as string | undefined) ?? randomUUID();
      return sign(
        {
          sub,
          email_verified: true,
          "cognito:username": sub,
          aud: clientId,
          token_use: "id",
          email: "user@example.com",
          ...common(),
          ...claims,
        },
        opts,
      );
    },
    accessToken(claims = {}, opts = {}) {
      const sub = (claims.sub as string | undefined) ?? randomUUID();
      return sign(
        {
          sub,
          client_id: clientId,
          token_use: "access",
          scope: "aws.cognito.signin.user.admin",
          username: sub,
          ...common(),
          ...claims,
        },
        opts,
      );
    },
    sign,
    async rotate(opts = {}) {
      const next = await newRsaKey();
      keys = opts.retireOld ? [next] : [...keys, next];
      return next.kid;
    },
    publicJwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
    currentPrivateKey: () => current().privateKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2030, 0, 1)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
