import { JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

// The test issuer stands in for Cognito until apps/userpool lands; AWS's own verifier checks
// that its tokens have Cognito's shape, so the API's tests do not test against a fantasy.
describe("test issuer tokens, as aws-jwt-verify sees them", () => {
  let issuer: TestIssuer;
  let verifySync: (token: string) => JwtPayload;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const verifier = JwtVerifier.create({ issuer: issuer.issuer, audience: null, jwksUri: issuer.jwksUri });
    verifier.cacheJwks(issuer.publicJwks() as Parameters<typeof verifier.cacheJwks>[0]);
    verifySync = (token) => verifier.verifySync(token) as JwtPayload;
  });
  afterAll(() => issuer.close());

  it("ID tokens pass Cognito's field checks", async () => {
    const payload = verifySync(await issuer.idToken());
    expect(() => validateCognitoJwtFields(payload, { tokenUse: "id", clientId: issuer.clientId })).not.toThrow();
    expect(Object.keys(payload).sort()).toEqual(
      [
        "aud",
        "auth_time",
        "cognito:username",
        "email",
        "email_verified",
        "event_id",
        "exp",
        "iat",
        "iss",
        "jti",
        "origin_jti",
        "sub",
        "token_use",
      ].sort(),
    );
  });

  it("access tokens pass Cognito's field checks", async () => {
    const payload = verifySync(await issuer.accessToken());
    expect(() => validateCognitoJwtFields(payload, { tokenUse: "access", clientId: issuer.clientId })).not.toThrow();
    expect(Object.keys(payload).sort()).toEqual(
      [
        "auth_time",
        "client_id",
        "event_id",
        "exp",
        "iat",
        "iss",
        "jti",
        "origin_jti",
        "scope",
        "sub",
        "token_use",
        "username",
      ].sort(),
    );
  });
});
