// The native test client must compute exactly what the official client computes; otherwise benchmarks and
// integration tests driven by it would prove nothing about real clients.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createClientEphemeral,
  passwordAuthenticationKey,
  passwordClaimSignature,
  passwordVerifierResponses,
  srpAHex,
  srpAuthParameters,
} from "./srpClient.js";
import { amplifySrpClient } from "./srpClientAmplify.js";
import { cognitoJsHelper, cognitoJsKey, cognitoJsSrpA } from "./srpClientCognitoJs.js";
import {
  computeVerifier,
  createServerEphemeral,
  fromHex,
  parseSrpTimestamp,
  toHex,
  verifyClientProof,
} from "../../src/crypto/srp.js";

const POOL_NAME = "AuthHub01";

function bytes(label: string, n: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash("sha256").update(`${label}/${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

// Fixed inputs: a (client secret), salt, B. B need not come from a server for the math to be comparable.
const fixed = [
  {
    label: "plain",
    a: bytes("a1", 128),
    salt: bytes("s1", 16),
    B: bytes("B1", 384),
    userId: "user-1",
    password: "Passw0rd!",
  },
  {
    label: "salt 0x00…",
    a: bytes("a2", 32),
    salt: Buffer.concat([Buffer.alloc(1), bytes("s2", 15)]),
    B: bytes("B2", 384),
    userId: "u2",
    password: "p",
  },
  {
    label: "salt 0x80…",
    a: bytes("a3", 32),
    salt: Buffer.concat([Buffer.from([0x80]), bytes("s3", 15)]),
    B: bytes("B3", 384),
    userId: "ü3",
    password: "€😀",
  },
  {
    label: "B with leading zero",
    a: bytes("a4", 32),
    salt: bytes("s4", 16),
    B: Buffer.concat([Buffer.alloc(2), bytes("B4", 382)]),
    userId: "u4",
    password: "",
  },
  {
    label: "short a",
    a: Buffer.from([0x00, 0x02]),
    salt: bytes("s5", 16),
    B: bytes("B5", 384),
    userId: "u5",
    password: "pw",
  },
];

describe("srpClient matches amazon-cognito-identity-js on fixed inputs", { timeout: 60_000 }, () => {
  it.each(fixed)("$label: same SRP_A and same HKDF key", ({ a, salt, B, userId, password }) => {
    const helper = cognitoJsHelper(POOL_NAME, a);
    const ephemeral = createClientEphemeral({ random: () => a, aBytes: a.length });
    expect(ephemeral.a).toEqual(a);
    expect(srpAHex(ephemeral)).toBe(cognitoJsSrpA(helper));
    expect(srpAuthParameters("alice", ephemeral)).toEqual({ USERNAME: "alice", SRP_A: cognitoJsSrpA(helper) });
    const ours = passwordAuthenticationKey({ poolName: POOL_NAME, userId, password, salt, B, ephemeral });
    const theirs = cognitoJsKey(helper, { userId, password, saltHex: toHex(salt), srpBHex: toHex(B) });
    expect(ours.length).toBe(16);
    expect(ours.toString("hex")).toBe(theirs.toString("hex"));
  });

  it("signs the claim as CognitoUser does", () => {
    const key = bytes("key", 16);
    const secretBlock = bytes("block", 50);
    const timestamp = "Tue Sep 25 00:09:40 UTC 2018";
    const expected = createHmac("sha256", key)
      .update(Buffer.concat([Buffer.from(POOL_NAME), Buffer.from("user-1"), secretBlock, Buffer.from(timestamp)]))
      .digest();
    expect(passwordClaimSignature({ key, poolName: POOL_NAME, userId: "user-1", secretBlock, timestamp })).toEqual(
      expected,
    );
  });

  it("refuses B = 0 mod N like the official client", () => {
    const ephemeral = createClientEphemeral({ aBytes: 32 });
    expect(() =>
      passwordAuthenticationKey({
        poolName: POOL_NAME,
        userId: "u",
        password: "p",
        salt: bytes("s", 16),
        B: Buffer.alloc(384),
        ephemeral,
      }),
    ).toThrow("B cannot be zero.");
  });
});

describe("srpClient matches aws-amplify v6 on fixed inputs", { timeout: 60_000 }, () => {
  it.each(fixed)("$label: same SRP_A, key and ChallengeResponses", async ({ a, salt, B, userId, password }) => {
    const amplify = await amplifySrpClient(POOL_NAME, a);
    const ephemeral = createClientEphemeral({ random: () => a, aBytes: a.length });
    expect(srpAHex(ephemeral)).toBe(amplify.srpA);
    const challengeParameters = {
      SALT: toHex(salt),
      SRP_B: toHex(B),
      SECRET_BLOCK: bytes(`block-${userId}`, 64).toString("base64"),
      USER_ID_FOR_SRP: userId,
      USERNAME: userId,
    };
    const now = new Date(Date.UTC(2027, 2, 7, 1, 2, 3));
    const theirs = await amplify.respond(password, challengeParameters, "Sun Mar 7 01:02:03 UTC 2027");
    const ours = passwordVerifierResponses({ poolName: POOL_NAME, password, ephemeral, challengeParameters, now });
    expect(
      passwordAuthenticationKey({ poolName: POOL_NAME, userId, password, salt, B, ephemeral }).toString("hex"),
    ).toBe(theirs.key.toString("hex"));
    expect(ours).toEqual(theirs.responses);
  });
});

describe("passwordVerifierResponses", () => {
  it("answers a server challenge with ChallengeResponses the server accepts", () => {
    const salt = bytes("wire-salt", 16);
    const userId = "7c9e-internal-id";
    const verifier = computeVerifier({ poolName: POOL_NAME, userId, password: "Right-pass-1", salt });
    const ephemeral = createClientEphemeral();
    const { SRP_A } = srpAuthParameters("alice@example.com", ephemeral);
    const { b, B } = createServerEphemeral(verifier);
    const secretBlock = bytes("secret-block", 64);
    const challengeParameters = {
      SALT: toHex(salt),
      SRP_B: toHex(B),
      SECRET_BLOCK: secretBlock.toString("base64"),
      USER_ID_FOR_SRP: userId,
      USERNAME: userId,
    };
    const now = new Date(Date.UTC(2026, 0, 5, 8, 7, 6));
    const check = (password: string) => {
      const r = passwordVerifierResponses({ poolName: POOL_NAME, password, ephemeral, challengeParameters, now });
      expect(r.USERNAME).toBe(userId);
      expect(r.PASSWORD_CLAIM_SECRET_BLOCK).toBe(challengeParameters.SECRET_BLOCK);
      expect(r.TIMESTAMP).toBe("Mon Jan 5 08:07:06 UTC 2026");
      expect(parseSrpTimestamp(r.TIMESTAMP)).toEqual(now);
      return verifyClientProof({
        poolName: POOL_NAME,
        userId,
        salt,
        verifier,
        A: fromHex(SRP_A),
        B,
        b,
        secretBlock: Buffer.from(r.PASSWORD_CLAIM_SECRET_BLOCK, "base64"),
        timestamp: r.TIMESTAMP,
        signature: Buffer.from(r.PASSWORD_CLAIM_SIGNATURE, "base64"),
      });
    };
    expect(check("Right-pass-1")).toBe(true);
    expect(check("Wrong-pass-1")).toBe(false);
  });

  it("names the missing challenge parameters", () => {
    expect(() =>
      passwordVerifierResponses({
        poolName: POOL_NAME,
        password: "p",
        ephemeral: createClientEphemeral({ aBytes: 32 }),
        challengeParameters: { SALT: "ab" },
      }),
    ).toThrow(/missing parameters: got SALT/);
  });
});
