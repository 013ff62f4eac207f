/**
 * aws-jwt-verify validates the server's ID and access tokens against the JWKS the server serves.
 * Its built-in fetcher speaks https only, so a small fetcher over global fetch is plugged in; the
 * verification itself (signature, kid lookup, iss, aud/client_id, token_use, exp) is the library's.
 */
import { JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { Fetcher } from "aws-jwt-verify/https";
import { JwtExpiredError, JwtInvalidClaimError, JwtInvalidSignatureError } from "aws-jwt-verify/error";
import {
  InitiateAuthCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  SRP_ONLY_CLIENT_ID,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

const plainFetcher: Fetcher = {
  async fetch(uri) {
    const res = await fetch(uri);
    if (res.status !== 200) throw new Error(`JWKS fetch ${uri}: ${res.status}`);
    return res.arrayBuffer();
  },
};

let up: TestUserpool;
const clock = new ManualClock();
let tokens: { IdToken?: string | undefined; AccessToken?: string | undefined };
beforeAll(async () => {
  up = await startTestUserpool({ clock });
  const email = uniqueEmail("jwt");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
  tokens = (
    await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    )
  ).AuthenticationResult!;
});
afterAll(async () => {
  await up?.close();
});

function verifier(tokenUse: "id" | "access", clientId = CLIENT_ID) {
  const issuer = up.issuer(POOL_ID);
  return JwtVerifier.create(
    {
      issuer,
      // The discovery document names the JWKS URI under the issuer; fetch it from the listening address.
      jwksUri: `${up.url}/${POOL_ID}/.well-known/jwks.json`,
      audience: tokenUse === "id" ? clientId : null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== tokenUse) throw new Error(`expected token_use ${tokenUse}`);
        if (tokenUse === "access" && payload.client_id !== clientId) throw new Error("wrong client_id");
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: plainFetcher }) },
  );
}

it("the discovery document points at the JWKS and names the issuer", async () => {
  const doc = (await (await fetch(`${up.url}/${POOL_ID}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
  expect(doc.issuer).toBe(up.issuer(POOL_ID));
  expect(doc.jwks_uri).toBe(`${up.issuer(POOL_ID)}/.well-known/jwks.json`);
  expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
  const jwks = (await (await fetch(`${up.url}/${POOL_ID}/.well-known/jwks.json`)).json()) as {
    keys: Record<string, string>[];
  };
  expect(jwks.keys).toHaveLength(2);
  for (const k of jwks.keys) expect(Object.keys(k).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  expect((await fetch(`${up.url}/us-east-1_Nonexist0/.well-known/jwks.json`)).status).toBe(404);
});

it("JwtVerifier accepts the ID token and the access token", async () => {
  const id = await verifier("id").verify(tokens.IdToken!);
  expect(id).toMatchObject({ token_use: "id", aud: CLIENT_ID, iss: up.issuer(POOL_ID) });
  const access = await verifier("access").verify(tokens.AccessToken!);
  expect(access).toMatchObject({ token_use: "access", client_id: CLIENT_ID, scope: "aws.cognito.signin.user.admin" });
});

it("JwtVerifier rejects a tampered token, the wrong audience, and an expired token", async () => {
  const [h, p, s] = tokens.IdToken!.split(".");
  const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
  const forged =
    `${h}.` +
    Buffer.from(JSON.stringify({ ...payload, email: "attacker@example.com" })).toString("base64url") +
    `.${s}`;
  await expect(verifier("id").verify(forged)).rejects.toBeInstanceOf(JwtInvalidSignatureError);
  await expect(verifier("id", SRP_ONLY_CLIENT_ID).verify(tokens.IdToken!)).rejects.toBeInstanceOf(JwtInvalidClaimError);
  // Tokens minted an hour and a minute in the past are expired now.
  const email = uniqueEmail("old");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
  clock.advance(-(3600 + 60) * 1000);
  const old = (
    await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    )
  ).AuthenticationResult!;
  clock.advance((3600 + 60) * 1000);
  await expect(verifier("id").verify(old.IdToken!)).rejects.toBeInstanceOf(JwtExpiredError);
});
