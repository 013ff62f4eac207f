// The oracle throughout is the official amazon-cognito-identity-js client: its AuthenticationHelper for the
// math on chosen inputs, and its CognitoUser.authenticateUser for the whole exchange (A, signature, TIMESTAMP).
import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  SRP_GROUP,
  SrpEncodingError,
  computeVerifier,
  createServerEphemeral,
  fromHex,
  isValidSrpA,
  newSalt,
  parseSrpTimestamp,
  startServerSession,
  toHex,
  verifyClaimSignature,
  verifyClientProof,
} from "./srp.js";
import { G, K, N, bigIntModPowN, nativeModPowN, toBigInt, toBytes } from "./srpPrimitives.js";
import {
  cognitoJsHelper,
  cognitoJsKey,
  cognitoJsSignIn,
  cognitoJsSrpA,
  jsBig,
  type InProcessTransport,
} from "../../test/support/srpClientCognitoJs.js";
import { amplifySrpClient } from "../../test/support/srpClientAmplify.js";
import {
  createClientEphemeral,
  passwordAuthenticationKey,
  passwordClaimSignature,
  srpAHex,
} from "../../test/support/srpClient.js";

const POOL_ID = "us-east-1_AuthHub01";
const POOL_NAME = "AuthHub01";

/** A deterministic byte source: SHA-256 in counter mode over a label, so failures reproduce. */
function seeded(label: string): (n: number) => Buffer {
  let counter = 0;
  return (n) => {
    const out: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const block = createHash("sha256").update(`${label}/${counter++}`).digest();
      out.push(block);
      have += block.length;
    }
    return Buffer.concat(out).subarray(0, n);
  };
}

interface User {
  poolName: string;
  userId: string;
  password: string;
  salt: Buffer;
  verifier: Buffer;
}

function makeUser(userId: string, password: string, salt = newSalt(), poolName = POOL_NAME): User {
  return { poolName, userId, password, salt, verifier: computeVerifier({ poolName, userId, password, salt }) };
}

/** What CognitoUser signs once it has the HKDF key (CognitoUser.authenticateUserDefaultAuth). */
function clientSignature(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlock: Buffer,
  timestamp: string,
): Buffer {
  return createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), secretBlock, Buffer.from(timestamp)]))
    .digest();
}

/**
 * One PASSWORD_VERIFIER exchange where the official helper does the client's math: it sends A as hex,
 * receives SALT/SRP_B as hex (our toHex) and derives the key; returns everything verifyClientProof needs.
 */
function exchangeWithCognitoJs(
  user: User,
  opts: { clientPassword?: string; a?: Buffer; serverRandom?: (n: number) => Buffer } = {},
) {
  const helper = cognitoJsHelper(user.poolName, opts.a);
  const srpA = cognitoJsSrpA(helper);
  const A = fromHex(srpA);
  expect(isValidSrpA(A)).toBe(true);
  const { b, B } = createServerEphemeral(user.verifier, opts.serverRandom);
  const key = cognitoJsKey(helper, {
    userId: user.userId,
    password: opts.clientPassword ?? user.password,
    saltHex: toHex(user.salt),
    srpBHex: toHex(B),
  });
  const secretBlock = randomBytes(48);
  const timestamp = "Tue Sep 25 00:09:40 UTC 2018";
  const signature = clientSignature(key, user.poolName, user.userId, secretBlock, timestamp);
  const proof = {
    poolName: user.poolName,
    userId: user.userId,
    salt: user.salt,
    verifier: user.verifier,
    A,
    B,
    b,
    secretBlock,
    timestamp,
    signature,
  };
  return { proof, srpA, key };
}

describe("SRP_GROUP", () => {
  it("is the group amazon-cognito-identity-js uses, k = H(padHex(N) | padHex(g))", () => {
    const helper = cognitoJsHelper(POOL_NAME);
    expect(SRP_GROUP.N.length).toBe(384);
    expect(toHex(SRP_GROUP.N)).toBe(helper.N.toString(16));
    expect(toHex(SRP_GROUP.g)).toBe("02");
    expect(toHex(SRP_GROUP.k)).toBe(helper.k.toString(16).padStart(64, "0"));
    expect(toBigInt(SRP_GROUP.k)).toBe(K);
  });
});

describe("computeVerifier", { timeout: 60_000 }, () => {
  it("is deterministic and depends on every input", () => {
    const salt = Buffer.from("00112233445566778899aabbccddeeff", "hex");
    const base = { poolName: POOL_NAME, userId: "9f1c-user", password: "Passw0rd!", salt };
    const v = computeVerifier(base);
    expect(v.length).toBe(384);
    expect(computeVerifier({ ...base, salt: Buffer.from(salt) })).toEqual(v);
    for (const change of [
      { poolName: "AuthHub02" },
      { userId: "9f1c-usex" },
      { password: "Passw0rd?" },
      { salt: Buffer.from("01112233445566778899aabbccddeeff", "hex") },
    ]) {
      expect(computeVerifier({ ...base, ...change })).not.toEqual(v);
    }
  });

  it("equals g^x mod N for the x the official client derives (checked with pure BigInt)", () => {
    const helper = cognitoJsHelper(POOL_NAME);
    const random = seeded("verifier-x");
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const salt = random(16);
      salt[0] = first;
      const userId = `user-${first}`;
      const password = `pässwörd-${first}-😀`;
      const saltHexPadded = helper.padHex(jsBig(salt));
      const x = BigInt(`0x${helper.hexHash(saltHexPadded + helper.hash(`${POOL_NAME}${userId}:${password}`))}`);
      const expected = bigIntModPowN(G, toBytes(x));
      expect(toBigInt(computeVerifier({ poolName: POOL_NAME, userId, password, salt }))).toBe(expected);
    }
  });
});

describe("createServerEphemeral", () => {
  const user = makeUser("ephemeral-user", "Secret123!");

  it("returns a 256-bit b (top bit set) and B = k*v + g^b mod N, 384 bytes", () => {
    for (let i = 0; i < 5; i++) {
      const { b, B } = createServerEphemeral(user.verifier);
      expect(b.length).toBe(32);
      expect(b[0]! & 0x80).toBe(0x80);
      expect(B.length).toBe(384);
      expect(toBigInt(B)).toBe((K * toBigInt(user.verifier) + bigIntModPowN(G, b)) % N);
    }
  });

  it("uses the injected random source and does not mutate what it returns", () => {
    const fixed = Buffer.alloc(32, 0x11);
    const first = createServerEphemeral(user.verifier, () => fixed);
    const second = createServerEphemeral(user.verifier, () => fixed);
    expect(first).toEqual(second);
    expect(fixed).toEqual(Buffer.alloc(32, 0x11));
    expect(first.b[0]).toBe(0x91);
  });

  it("draws again instead of returning B = 0 mod N", () => {
    // Construct the one verifier for which b0 gives B = 0: v = -g^b0 / k mod N.
    const b0 = Buffer.alloc(32, 0xa5);
    const b1 = Buffer.alloc(32, 0xb6);
    const kInverse = nativeModPowN(K, toBytes(N - 2n)); // Fermat: N is prime
    const v = (((N - nativeModPowN(G, b0)) % N) * kInverse) % N;
    const draws = [b0, b1];
    const { b, B } = createServerEphemeral(toBytes(v, 384), () => draws.shift()!);
    expect(b).toEqual(b1);
    expect(toBigInt(B)).not.toBe(0n);
    expect(toBigInt(B)).toBe((K * v + nativeModPowN(G, b1)) % N);
  });

  it("fails loudly on a short random source or a verifier outside 1..N-1", () => {
    expect(() => createServerEphemeral(user.verifier, () => Buffer.alloc(31))).toThrow(/expected 32/);
    expect(() => createServerEphemeral(Buffer.alloc(384))).toThrow(/verifier/);
    expect(() => createServerEphemeral(SRP_GROUP.N)).toThrow(/verifier/);
  });
});

// The official client does its math in pure JS (~0.1-0.4 s per exchange), and 2 cores are shared with
// other suites, so these get a generous timeout rather than a tight one.
describe("verifyClientProof against amazon-cognito-identity-js", { timeout: 120_000 }, () => {
  const user = makeUser("6d1e0a35-user", "Correct horse 1!");

  it("accepts the right password", () => {
    const { proof } = exchangeWithCognitoJs(user);
    expect(verifyClientProof(proof)).toBe(true);
  });

  it("rejects a wrong password", () => {
    const { proof } = exchangeWithCognitoJs(user, { clientPassword: "Correct horse 2!" });
    expect(verifyClientProof(proof)).toBe(false);
  });

  it("rejects any tampered part of the signed message or the exchange", () => {
    const { proof } = exchangeWithCognitoJs(user);
    expect(verifyClientProof(proof)).toBe(true);
    const flipped = (buf: Buffer, at = 0) => {
      const c = Buffer.from(buf);
      c[at]! ^= 0x01;
      return c;
    };
    const tampered = [
      { secretBlock: flipped(proof.secretBlock, 7) },
      { secretBlock: proof.secretBlock.subarray(1) },
      { timestamp: "Tue Sep 25 00:09:41 UTC 2018" },
      { userId: `${user.userId}x` },
      { poolName: "AuthHub02" },
      { signature: flipped(proof.signature, 31) },
      { signature: proof.signature.subarray(0, 31) },
      { signature: Buffer.alloc(0) },
      { b: flipped(proof.b, 31) },
      { B: flipped(proof.B, 383) },
      { A: flipped(proof.A, proof.A.length - 1) },
      { verifier: makeUser(user.userId, "other password", user.salt).verifier },
    ];
    for (const change of tampered) expect(verifyClientProof({ ...proof, ...change })).toBe(false);
  });

  it("startServerSession gives at InitiateAuth the key the official client derives from B", () => {
    const helper = cognitoJsHelper(user.poolName);
    const A = fromHex(cognitoJsSrpA(helper));
    const { b, B, key } = startServerSession(user.verifier, A);
    expect(b.length).toBe(32);
    expect(B.length).toBe(384);
    const clientKey = cognitoJsKey(helper, {
      userId: user.userId,
      password: user.password,
      saltHex: toHex(user.salt),
      srpBHex: toHex(B),
    });
    expect(key).toEqual(clientKey);
    const secretBlock = randomBytes(1100);
    const timestamp = "Tue Sep 25 00:09:40 UTC 2018";
    const claim = { key: key!, poolName: user.poolName, userId: user.userId, secretBlock, timestamp };
    const signature = clientSignature(clientKey, user.poolName, user.userId, secretBlock, timestamp);
    expect(verifyClaimSignature({ ...claim, signature })).toBe(true);
    // The same exchange through verifyClientProof, which recomputes the key from b.
    expect(
      verifyClientProof({
        poolName: user.poolName,
        userId: user.userId,
        salt: user.salt,
        verifier: user.verifier,
        A,
        B,
        b,
        secretBlock,
        timestamp,
        signature,
      }),
    ).toBe(true);
    // A wrong password's key signs differently.
    const wrongKey = cognitoJsKey(cognitoJsHelper(user.poolName), {
      userId: user.userId,
      password: "Correct horse 2!",
      saltHex: toHex(user.salt),
      srpBHex: toHex(B),
    });
    expect(
      verifyClaimSignature({
        ...claim,
        signature: clientSignature(wrongKey, user.poolName, user.userId, secretBlock, timestamp),
      }),
    ).toBe(false);
    expect(verifyClaimSignature({ ...claim, signature: signature.subarray(0, 31) })).toBe(false);
    expect(verifyClaimSignature({ ...claim, timestamp: "Tue Sep 25 00:09:41 UTC 2018", signature })).toBe(false);
  });

  it("startServerSession gives no key for an A out of range, and by value for a zero-padded A", () => {
    for (const A of [Buffer.alloc(384), SRP_GROUP.N, toBytes(N + 1n)])
      expect(startServerSession(user.verifier, A).key).toBeNull();
    const fixed = randomBytes(32);
    const A = toBytes(5n);
    const plain = startServerSession(user.verifier, A, () => fixed);
    const padded = startServerSession(user.verifier, Buffer.concat([Buffer.alloc(10), A]), () => fixed);
    expect(plain.key).not.toBeNull();
    expect(padded.key).toEqual(plain.key);
  });

  it("refuses A = 0, A = N, A = 2N and A > N, without throwing", () => {
    const { proof } = exchangeWithCognitoJs(user);
    const bad = [
      Buffer.alloc(0),
      Buffer.from([0]),
      Buffer.alloc(384),
      SRP_GROUP.N,
      toBytes(2n * N),
      toBytes(N + 1n),
      fromHex("0"),
    ];
    for (const A of bad) {
      expect(isValidSrpA(A)).toBe(false);
      expect(verifyClientProof({ ...proof, A })).toBe(false);
    }
    expect(isValidSrpA(toBytes(1n))).toBe(true);
    expect(isValidSrpA(toBytes(N - 1n))).toBe(true);
  });

  it("refuses B = 0 mod N and a zero-length b, without throwing", () => {
    const { proof } = exchangeWithCognitoJs(user);
    expect(verifyClientProof({ ...proof, B: Buffer.alloc(384) })).toBe(false);
    expect(verifyClientProof({ ...proof, B: SRP_GROUP.N })).toBe(false);
    expect(verifyClientProof({ ...proof, b: Buffer.alloc(0) })).toBe(false);
  });

  it("round-trips random users, passwords and salts, including salts starting 0x00 or >= 0x80", () => {
    const random = seeded("random-users");
    const firstBytes = [0x00, 0x00, 0x80, 0xff, 0x7f, 0x01, -1, -1, -1, -1];
    for (const [i, first] of firstBytes.entries()) {
      const salt = random(16);
      if (first >= 0) salt[0] = first;
      if (i === 1) salt[1] = 0x00; // two leading zero bytes
      const userId = random(16).toString("hex");
      const password = `${random(6).toString("base64")}ä€😀${i}`;
      const u = makeUser(userId, password, salt);
      const { proof } = exchangeWithCognitoJs(u, { a: random(32) });
      expect(verifyClientProof(proof), `case ${i}: salt ${toHex(salt)}`).toBe(true);
    }
  });

  it("round-trips an all-zero salt", () => {
    const u = makeUser("zero-salt", "Secret123!", Buffer.alloc(16));
    expect(verifyClientProof(exchangeWithCognitoJs(u, { a: randomBytes(32) }).proof)).toBe(true);
  });

  it("round-trips B, A, u and S values that start with a zero byte or a high bit (the padHex cases)", () => {
    const u = makeUser("edge-user", "Edge-case-1", Buffer.from(`80${"11".repeat(15)}`, "hex"));
    const random = seeded("edge-values");
    const found = { B0: false, Bhigh: false, A0: false, u0: false, uHigh: false, S0: false };
    // Search with the fast native client for inputs that hit each case, then hand exactly those inputs to
    // the official client. Roughly 1 in 256 draws hits each zero-byte case.
    const cases: { a: Buffer; serverSeed: Buffer; label: string }[] = [];
    for (let i = 0; i < 4000 && Object.values(found).includes(false); i++) {
      const a = random(32);
      const serverSeed = random(32);
      const client = createClientEphemeral({ random: () => a });
      const { b, B } = createServerEphemeral(u.verifier, () => serverSeed);
      const hits: string[] = [];
      if (B[0] === 0 && !found.B0) hits.push("B0");
      if (B[0]! >= 0x80 && !found.Bhigh) hits.push("Bhigh");
      if (client.A.length < 384 && !found.A0) hits.push("A0"); // A < 2^3064: SRP_A hex is shorter than 768
      const uHash = createHash("sha256")
        .update(Buffer.concat([javaStyle(client.A), javaStyle(B)]))
        .digest();
      if (uHash[0] === 0 && !found.u0) hits.push("u0");
      if (uHash[0]! >= 0x80 && !found.uHigh) hits.push("uHigh");
      if (!found.S0) {
        // S = (A * v^u)^b; only its first byte matters here
        const S = nativeModPowN((toBigInt(client.A) * nativeModPowN(toBigInt(u.verifier), uHash)) % N, b);
        if (S < 1n << 3064n) hits.push("S0");
      }
      if (hits.length > 0) {
        for (const h of hits) found[h as keyof typeof found] = true;
        cases.push({ a, serverSeed, label: hits.join("+") });
      }
    }
    expect(found, "the search should hit every padHex case").toEqual({
      B0: true,
      Bhigh: true,
      A0: true,
      u0: true,
      uHigh: true,
      S0: true,
    });
    for (const c of cases) {
      const { proof, srpA } = exchangeWithCognitoJs(u, { a: c.a, serverRandom: () => c.serverSeed });
      if (c.label.includes("A0")) expect(srpA.length).toBeLessThan(768);
      expect(verifyClientProof(proof), c.label).toBe(true);
    }
  });

  it("completes the library's own CognitoUser.authenticateUser sign-in; fails it with a wrong password", async () => {
    const users = new Map([["alice@example.com", makeUser("2b8f0c1e-alice", "Tutorial-pass-1")]]);
    const transport = miniServer(users);
    await expect(
      cognitoJsSignIn({
        userPoolId: POOL_ID,
        clientId: "authhubwebclientlocaldev01",
        username: "alice@example.com",
        password: "Tutorial-pass-1",
        transport,
      }),
    ).resolves.toBeUndefined();
    await expect(
      cognitoJsSignIn({
        userPoolId: POOL_ID,
        clientId: "authhubwebclientlocaldev01",
        username: "alice@example.com",
        password: "Tutorial-pass-2",
        transport,
      }),
    ).rejects.toMatchObject({ code: "NotAuthorizedException" });
  });
});

describe("verifyClientProof against aws-amplify v6's SRP code", { timeout: 120_000 }, () => {
  it.each([
    ["a random salt", newSalt()],
    ["a salt starting 0x00", Buffer.concat([Buffer.alloc(1), randomBytes(15)])],
    ["a salt starting 0x80", Buffer.concat([Buffer.from([0x80]), randomBytes(15)])],
  ])(
    "accepts Amplify's claim with %s (its own TIMESTAMP and signature), rejects a wrong password",
    async (_label, salt) => {
      const user = makeUser("amplify-user-id", "Amplify-pass-1", salt);
      for (const [password, expected] of [
        ["Amplify-pass-1", true],
        ["Amplify-pass-2", false],
      ] as const) {
        const client = await amplifySrpClient(POOL_NAME, randomBytes(32));
        const A = fromHex(client.srpA);
        const { b, B } = createServerEphemeral(user.verifier);
        const challengeParameters = {
          SALT: toHex(user.salt),
          SRP_B: toHex(B),
          SECRET_BLOCK: randomBytes(64).toString("base64"),
          USER_ID_FOR_SRP: user.userId,
          USERNAME: user.userId,
        };
        const { responses } = await client.respond(password, challengeParameters);
        const when = parseSrpTimestamp(responses.TIMESTAMP);
        expect(when, responses.TIMESTAMP).toBeInstanceOf(Date);
        expect(Math.abs(when!.getTime() - Date.now())).toBeLessThan(60_000);
        const ok = verifyClientProof({
          ...user,
          A,
          B,
          b,
          secretBlock: Buffer.from(responses.PASSWORD_CLAIM_SECRET_BLOCK, "base64"),
          timestamp: responses.TIMESTAMP,
          signature: Buffer.from(responses.PASSWORD_CLAIM_SIGNATURE, "base64"),
        });
        expect(ok, password).toBe(expected);
      }
    },
  );
});

describe("verifyClientProof against the native test client", { timeout: 120_000 }, () => {
  it("round-trips many random users, and rejects each one's wrong password", () => {
    const random = seeded("native-many");
    for (let i = 0; i < 150; i++) {
      const salt = random(16);
      if (i % 3 === 0) salt[0] = i % 2 === 0 ? 0x00 : 0xf0;
      const user = makeUser(random(12).toString("base64url"), random(10).toString("latin1"), salt);
      const client = createClientEphemeral({ random, aBytes: 32 });
      const { b, B } = createServerEphemeral(user.verifier, random);
      const key = passwordAuthenticationKey({ ...user, B, ephemeral: client });
      const secretBlock = random(40);
      const timestamp = "Sat Sep 1 09:05:07 UTC 2029";
      const signature = passwordClaimSignature({
        key,
        poolName: user.poolName,
        userId: user.userId,
        secretBlock,
        timestamp,
      });
      const A = fromHex(srpAHex(client));
      const proof = { ...user, A, B, b, secretBlock, timestamp, signature };
      expect(verifyClientProof(proof), `case ${i}`).toBe(true);
      expect(verifyClientProof({ ...proof, verifier: makeUser(user.userId, `${user.password}!`, salt).verifier })).toBe(
        false,
      );
    }
  });
});

describe("hex on the wire", () => {
  it("round-trips bytes and reads the odd-length, minimal hex clients send as SRP_A", () => {
    const bytes = Buffer.from("000a0bff", "hex");
    expect(toHex(bytes)).toBe("000a0bff");
    expect(fromHex(toHex(bytes))).toEqual(bytes);
    expect(fromHex("a0bff")).toEqual(Buffer.from("0a0bff", "hex"));
    expect(fromHex("A0BFF")).toEqual(Buffer.from("0a0bff", "hex"));
    expect(toHex(SRP_GROUP.N)).toHaveLength(768);
  });

  it("throws SrpEncodingError for anything that is not hex", () => {
    for (const s of ["", "0x12", "12 34", "zz", "12\n", "１２"]) {
      expect(() => fromHex(s)).toThrow(SrpEncodingError);
    }
  });
});

describe("newSalt", () => {
  it("returns 16 bytes from the injected source", () => {
    expect(newSalt().length).toBe(16);
    expect(newSalt(() => Buffer.alloc(16, 7))).toEqual(Buffer.alloc(16, 7));
    expect(() => newSalt(() => Buffer.alloc(8))).toThrow(/expected 16/);
  });
});

/** Java BigInteger.toByteArray for a non-negative value, written independently of srpPrimitives.javaBytes. */
function javaStyle(bytes: Buffer): Buffer {
  let hex = toBigInt(bytes).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return Buffer.from(hex, "hex");
}

/**
 * The smallest InitiateAuth / RespondToAuthChallenge pair that drives the library's real sign-in through
 * this module, the way the userpool's targets use it (minus storage and token issuing).
 */
function miniServer(users: Map<string, User>): InProcessTransport {
  const sessions = new Map<string, { user: User; A: Buffer; b: Buffer; B: Buffer; secretBlock: Buffer }>();
  const fail = (code: string, message: string) => Object.assign(new Error(message), { code, name: code });
  return (operation, body) => {
    if (operation === "InitiateAuth") {
      const params = body.AuthParameters as Record<string, string>;
      const user = users.get(params.USERNAME ?? "");
      if (!user) throw fail("NotAuthorizedException", "Incorrect username or password.");
      const A = fromHex(params.SRP_A ?? "");
      if (!isValidSrpA(A)) throw fail("InvalidParameterException", "SRP_A is invalid");
      const { b, B } = createServerEphemeral(user.verifier);
      const secretBlock = randomBytes(64);
      const session = randomBytes(16).toString("hex");
      sessions.set(session, { user, A, b, B, secretBlock });
      return {
        ChallengeName: "PASSWORD_VERIFIER",
        Session: session,
        ChallengeParameters: {
          SALT: toHex(user.salt),
          SRP_B: toHex(B),
          SECRET_BLOCK: secretBlock.toString("base64"),
          USER_ID_FOR_SRP: user.userId,
          USERNAME: user.userId,
        },
      };
    }
    if (operation === "RespondToAuthChallenge") {
      const s = sessions.get(body.Session as string);
      const r = body.ChallengeResponses as Record<string, string>;
      if (!s) throw fail("NotAuthorizedException", "Invalid session");
      sessions.delete(body.Session as string);
      const when = parseSrpTimestamp(r.TIMESTAMP ?? "");
      if (!when || Math.abs(when.getTime() - Date.now()) > 5 * 60_000)
        throw fail("InvalidParameterException", "TIMESTAMP");
      const ok = verifyClientProof({
        poolName: s.user.poolName,
        userId: s.user.userId,
        salt: s.user.salt,
        verifier: s.user.verifier,
        A: s.A,
        B: s.B,
        b: s.b,
        secretBlock: Buffer.from(r.PASSWORD_CLAIM_SECRET_BLOCK ?? "", "base64"),
        timestamp: r.TIMESTAMP ?? "",
        signature: Buffer.from(r.PASSWORD_CLAIM_SIGNATURE ?? "", "base64"),
      });
      if (!ok) throw fail("NotAuthorizedException", "Incorrect username or password.");
      const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
      const now = Math.floor(Date.now() / 1000);
      return {
        AuthenticationResult: {
          IdToken: jwt({ token_use: "id", iat: now, exp: now + 3600 }),
          AccessToken: jwt({ token_use: "access", iat: now, exp: now + 3600 }),
          RefreshToken: "opaque",
          ExpiresIn: 3600,
          TokenType: "Bearer",
        },
        ChallengeParameters: {},
      };
    }
    throw fail("InvalidAction", `unexpected operation ${operation}`);
  };
}
