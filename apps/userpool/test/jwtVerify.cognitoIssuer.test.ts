/**
 * Stock aws-jwt-verify, as a Cognito user writes it: `CognitoJwtVerifier.create({ userPoolId, tokenUse,
 * clientId })`. With the Cognito issuer form the tokens carry `https://cognito-idp.<region>.amazonaws.com/<pool>`,
 * and the JWKS is fetched from this server and handed over with `cacheJwks`, so nothing goes to AWS:
 * `verifySync` never fetches (it throws when a key is missing from the cache), and the JWKS cache below
 * fails the test if the library ever asks for a URI.
 */
import { generateKeyPairSync } from "node:crypto";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { KidNotFoundInJwksError } from "aws-jwt-verify/error";
import type { Jwks } from "aws-jwt-verify/jwk";
import {
  AdminConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/errors.js";
import { testEngines } from "./support/engines.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  GOOD_PASSWORD,
  POOL_ID,
  productionOptions,
  startTestUserpool,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
  type TestUserpool,
} from "./support/userpool.js";

const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;

async function signIn(up: TestUserpool) {
  const email = uniqueEmail("cognito-iss");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
  const r = await up.anon.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
    }),
  );
  return { email, id: r.AuthenticationResult!.IdToken!, access: r.AuthenticationResult!.AccessToken! };
}

/** The JWKS from this server (the discovery document's jwks_uri), as the snippet in the docs fetches it. */
async function localJwks(up: TestUserpool): Promise<Jwks> {
  const doc = (await (await fetch(`${up.url}/${POOL_ID}/.well-known/openid-configuration`)).json()) as {
    jwks_uri: string;
  };
  return (await (await fetch(doc.jwks_uri)).json()) as Jwks;
}

describe.each(testEngines())("Cognito issuer form on $name", (engine) => {
  let up: EngineUserpool;
  let tokens: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { issuerForm: "cognito" });
    tokens = await signIn(up);
  });
  afterAll(async () => {
    await up?.stop();
  });

  it("tokens carry Cognito's issuer; discovery names it and keeps the JWKS on this server", async () => {
    expect(up.issuer(POOL_ID)).toBe(COGNITO_ISSUER);
    const doc = (await (await fetch(`${up.url}/${POOL_ID}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc.issuer).toBe(COGNITO_ISSUER);
    expect(doc.jwks_uri).toBe(`http://localhost:${up.port}/${POOL_ID}/.well-known/jwks.json`);
    const claims = JSON.parse(Buffer.from(tokens.id.split(".")[1]!, "base64url").toString()) as { iss: string };
    expect(claims.iss).toBe(COGNITO_ISSUER);
  });

  it("CognitoJwtVerifier with the cached local JWKS verifies ID and access tokens, without fetching", async () => {
    const idVerifier = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: "id", clientId: CLIENT_ID });
    idVerifier.cacheJwks(await localJwks(up));
    const id = idVerifier.verifySync(tokens.id);
    expect(id.token_use).toBe("id");
    expect(id["email"]).toBe(tokens.email);
    expect((await idVerifier.verify(tokens.id)).sub).toBe(id.sub);

    const accessVerifier = CognitoJwtVerifier.create({
      userPoolId: POOL_ID,
      tokenUse: "access",
      clientId: CLIENT_ID,
    });
    accessVerifier.cacheJwks(await localJwks(up));
    expect(accessVerifier.verifySync(tokens.access).client_id).toBe(CLIENT_ID);
    // The wrong token use is the library's refusal, not ours.
    expect(() => accessVerifier.verifySync(tokens.id)).toThrow(/token use/i);
  });

  it("the server itself accepts its Cognito-form access tokens (GetUser)", async () => {
    const me = await up.anon.send(new GetUserCommand({ AccessToken: tokens.access }));
    expect(me.UserAttributes?.find((a) => a.Name === "email")?.Value).toBe(tokens.email);
  });

  it("another server's keys (same pool ID, same issuer) do not verify these tokens", async () => {
    // Fresh keys: the shared test key pairs (fastRsaKeys) would make the two servers' keys the same.
    const other = await startTestUserpool({
      issuerForm: "cognito",
      generateRsaKeyPair: async () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
    });
    try {
      const verifier = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: "id", clientId: CLIENT_ID });
      verifier.cacheJwks(await localJwks(other));
      expect(() => verifier.verifySync(tokens.id)).toThrow(KidNotFoundInJwksError);
    } finally {
      await other.close();
    }
  });
});

describe("local issuer form (the default)", () => {
  it("CognitoJwtVerifier refuses the local issuer, which is why the Cognito form exists", async () => {
    const up = await startTestUserpool();
    try {
      const { id } = await signIn(up);
      const verifier = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: "id", clientId: CLIENT_ID });
      verifier.cacheJwks(await localJwks(up));
      // aws-jwt-verify names the issuer it was not configured for.
      expect(() => verifier.verifySync(id)).toThrow(`issuer not configured: ${up.issuer(POOL_ID)}`);
    } finally {
      await up.close();
    }
  });
});

describe("configuration", () => {
  it("production refuses the Cognito issuer form, naming the variable", async () => {
    await expect(startTestUserpool({ ...productionOptions(), issuerForm: "cognito" })).rejects.toThrow(ConfigError);
    await expect(startTestUserpool({ ...productionOptions(), issuerForm: "cognito" })).rejects.toThrow(
      /USERPOOL_ISSUER_FORM=cognito is refused in production/,
    );
  });

  it("USERPOOL_ISSUER_FORM is read from the environment and checked", async () => {
    const up = await startTestUserpool({ env: { TEST_CLIENT_SECRET: CLIENT_SECRET, USERPOOL_ISSUER_FORM: "cognito" } });
    try {
      expect(up.issuer(POOL_ID)).toBe(COGNITO_ISSUER);
    } finally {
      await up.close();
    }
    await expect(
      startTestUserpool({ env: { TEST_CLIENT_SECRET: CLIENT_SECRET, USERPOOL_ISSUER_FORM: "aws" } }),
    ).rejects.toThrow(/USERPOOL_ISSUER_FORM must be "local" or "cognito"; got "aws"/);
  });
});
