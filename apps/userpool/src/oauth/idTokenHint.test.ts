import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { CLIENT_ID, client, fake, pool } from "../../test/support/fakes.js";
import type { Services } from "../services/index.js";
import { createPublicUrls } from "../services/urls.js";
import { verifyIdTokenHint } from "./idTokenHint.js";

const POOL_ID = "us-east-1_TestPool1";
const OTHER_POOL_ID = "us-east-1_OtherPool";
const KID = "id-key-1";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const strangerKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });

function deps(form: "local" | "cognito" = "local") {
  const base = () => "http://localhost:9229";
  return {
    urls: createPublicUrls(base, base, base, form),
    pools: fake<Services["pools"]>("pools", {
      findPool: async (id: string) => (id === POOL_ID || id === OTHER_POOL_ID ? pool({}, id) : undefined),
      findClient: async (id: string) =>
        id === CLIENT_ID ? client() : id === "otherpoolclient00000000001" ? client({}, OTHER_POOL_ID) : undefined,
    }),
    keys: fake<Services["keys"]>("keys", {
      publicKey: async (poolId: string, kid: string) =>
        poolId === POOL_ID && kid === KID ? keys.publicKey : undefined,
    }),
  };
}

const ISSUER = `http://localhost:9229/${POOL_ID}`;
const base: JWTPayload = { iss: ISSUER, aud: CLIENT_ID, sub: "user-sub", token_use: "id" };

function sign(claims: JWTPayload, o: { key?: KeyObject; kid?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? "RS256", kid: o.kid ?? KID })
    .setIssuedAt(1_000)
    .setExpirationTime(4_600) // long expired: §2 accepts it
    .sign(o.key ?? keys.privateKey);
}

describe("verifyIdTokenHint", () => {
  it("accepts an expired ID token of the pool and names its pool, client and subject", async () => {
    const hint = await verifyIdTokenHint(deps(), await sign(base));
    expect(hint).toMatchObject({ pool: { id: POOL_ID }, client: { id: CLIENT_ID }, sub: "user-sub" });
  });

  it("reads the issuer in the form the server issues: a Cognito-form iss with the Cognito form", async () => {
    const cognito = { ...base, iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}` };
    expect(await verifyIdTokenHint(deps("cognito"), await sign(cognito))).toMatchObject({ sub: "user-sub" });
    expect(await verifyIdTokenHint(deps("local"), await sign(cognito))).toBeUndefined();
    expect(await verifyIdTokenHint(deps("cognito"), await sign(base))).toBeUndefined();
  });

  it.each<[string, () => Promise<string>]>([
    ["another key under the pool's kid", () => sign(base, { key: strangerKeys.privateKey })],
    ["an unknown kid", () => sign(base, { kid: "nope" })],
    ["an access token", () => sign({ ...base, token_use: "access" })],
    ["no token_use", () => sign({ iss: ISSUER, aud: CLIENT_ID, sub: "s" })],
    ["an unknown client", () => sign({ ...base, aud: "nosuchclient00000000000001" })],
    ["a client of another pool", () => sign({ ...base, aud: "otherpoolclient00000000001" })],
    ["aud as an array", () => sign({ ...base, aud: [CLIENT_ID] })],
    ["another issuer", () => sign({ ...base, iss: `https://evil.example/${POOL_ID}` })],
    ["an unknown pool", () => sign({ ...base, iss: "http://localhost:9229/us-east-1_NoSuchPoo" })],
    ["not a JWT", async () => "not-a-jwt"],
    ["too long", async () => `${await sign(base)}${"A".repeat(17_000)}`],
  ])("refuses %s", async (_what, token) => {
    expect(await verifyIdTokenHint(deps(), await token())).toBeUndefined();
  });

  it("refuses alg none and HS256 keyed with anything", async () => {
    const [, payload] = (await sign(base)).split(".");
    const header = (h: object) => Buffer.from(JSON.stringify(h)).toString("base64url");
    expect(await verifyIdTokenHint(deps(), `${header({ alg: "none", kid: KID })}.${payload}.`)).toBeUndefined();
    const hs = await new SignJWT(base)
      .setProtectedHeader({ alg: "HS256", kid: KID })
      .sign(new TextEncoder().encode("a-shared-secret-of-enough-length"));
    expect(await verifyIdTokenHint(deps(), hs)).toBeUndefined();
  });
});
