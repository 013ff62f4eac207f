import { describe, expect, it } from "vitest";
import { applyPreTokenGeneration } from "./claims.js";
import { MalformedResponse } from "./failures.js";

const idClaims = () => ({
  sub: "s-1",
  iss: "https://issuer",
  aud: "client",
  token_use: "id",
  "cognito:username": "s-1",
  email: "a@example.com",
  email_verified: true,
  exp: 2,
  iat: 1,
  jti: "j",
  origin_jti: "o",
  event_id: "e",
  auth_time: 1,
});
const accessClaims = () => ({
  sub: "s-1",
  iss: "https://issuer",
  client_id: "client",
  token_use: "access",
  scope: "aws.cognito.signin.user.admin",
  username: "s-1",
  exp: 2,
  iat: 1,
  jti: "j2",
  origin_jti: "o",
  event_id: "e",
  auth_time: 1,
});
const input = () => ({ idClaims: idClaims(), accessClaims: accessClaims(), scopes: ["aws.cognito.signin.user.admin"] });
const v1 = (details: unknown) => ({ response: { claimsOverrideDetails: details } });
const v2 = (details: unknown) => ({ response: { claimsAndScopeOverrideDetails: details } });

describe("PreTokenGeneration V1_0 (claimsOverrideDetails)", () => {
  it("adds, overrides and suppresses ID token claims and leaves the access token alone", () => {
    const out = applyPreTokenGeneration(
      v1({
        claimsToAddOrOverride: { db_user_id: "42", email: "b@example.com", tenant: 7 },
        claimsToSuppress: ["email_verified"],
      }),
      "V1_0",
      input(),
    );
    expect(out.idClaims).toMatchObject({ db_user_id: "42", email: "b@example.com", tenant: 7 });
    expect(out.idClaims).not.toHaveProperty("email_verified");
    expect(out.accessClaims).toEqual(accessClaims());
    expect(out.scopes).toEqual(["aws.cognito.signin.user.admin"]);
  });

  it("suppression wins over addition", () => {
    const out = applyPreTokenGeneration(
      v1({ claimsToAddOrOverride: { x: "1" }, claimsToSuppress: ["x"] }),
      "V1_0",
      input(),
    );
    expect(out.idClaims).not.toHaveProperty("x");
  });

  it("protected claims cannot be overridden, added or suppressed; the attempts are reported", () => {
    const attack = {
      sub: "someone-else",
      iss: "https://evil",
      aud: "other-client",
      token_use: "access",
      exp: 9_999_999_999,
      "cognito:username": "admin",
      nbf: 0,
      acr: "x",
      amr: "pwd",
      nonce: "n",
    };
    const out = applyPreTokenGeneration(
      v1({
        claimsToAddOrOverride: attack,
        claimsToSuppress: ["sub", "exp", "iat", "jti", "origin_jti", "event_id", "auth_time"],
      }),
      "V1_0",
      input(),
    );
    expect(out.idClaims).toEqual(idClaims());
    expect(out.ignored).toEqual(
      expect.arrayContaining([...Object.keys(attack), "iat", "jti", "origin_jti", "event_id", "auth_time"]),
    );
  });

  it("groupOverrideDetails sets cognito:groups in both tokens and the roles in the ID token; null removes them", () => {
    const groups = applyPreTokenGeneration(
      v1({
        groupOverrideDetails: {
          groupsToOverride: ["admins"],
          iamRolesToOverride: ["arn:aws:iam::1:role/r"],
          preferredRole: "arn:aws:iam::1:role/r",
        },
      }),
      "V1_0",
      input(),
    );
    expect(groups.idClaims).toMatchObject({
      "cognito:groups": ["admins"],
      "cognito:roles": ["arn:aws:iam::1:role/r"],
      "cognito:preferred_role": "arn:aws:iam::1:role/r",
    });
    expect(groups.accessClaims["cognito:groups"]).toEqual(["admins"]);
    const withGroups = {
      ...input(),
      idClaims: { ...idClaims(), "cognito:groups": ["old"] },
      accessClaims: { ...accessClaims(), "cognito:groups": ["old"] },
    };
    const removed = applyPreTokenGeneration(v1({ groupOverrideDetails: null }), "V1_0", withGroups);
    expect(removed.idClaims).not.toHaveProperty("cognito:groups");
    expect(removed.accessClaims).not.toHaveProperty("cognito:groups");
    const untouched = applyPreTokenGeneration(v1({ claimsToAddOrOverride: { a: "b" } }), "V1_0", withGroups);
    expect(untouched.idClaims["cognito:groups"]).toEqual(["old"]);
  });

  it("an event returned unchanged changes nothing", () => {
    const out = applyPreTokenGeneration(v1(null), "V1_0", input());
    expect(out).toEqual({ ...input(), ignored: [] });
  });

  it.each([
    [v1({ claimsToAddOrOverride: "x" }), "claimsToAddOrOverride must be an object"],
    [
      v1({ claimsToAddOrOverride: { a: { nested: true } } }),
      "claimsToAddOrOverride.a must be a string, number or boolean",
    ],
    [v1({ claimsToSuppress: "email" }), "claimsToSuppress must be a list of strings"],
    [v1({ groupOverrideDetails: { groupsToOverride: [1] } }), "groupsToOverride must be a list of strings"],
    [v1([]), "claimsOverrideDetails must be an object"],
    [{ response: "x" }, "response must be an object"],
    [null, "Unrecognizable lambda output"],
  ])("malformed: %j", (returned, message) => {
    expect(() => applyPreTokenGeneration(returned, "V1_0", input())).toThrow(MalformedResponse);
    expect(() => applyPreTokenGeneration(returned, "V1_0", input())).toThrow(message);
  });
});

describe("PreTokenGeneration V2_0 (claimsAndScopeOverrideDetails)", () => {
  it("customises each token separately, with structured values", () => {
    const out = applyPreTokenGeneration(
      v2({
        idTokenGeneration: {
          claimsToAddOrOverride: { db_user_id: "42", roles: ["a", "b"] },
          claimsToSuppress: ["email"],
        },
        accessTokenGeneration: { claimsToAddOrOverride: { db_user_id: "42", tenant: { id: 7 } }, claimsToSuppress: [] },
      }),
      "V2_0",
      input(),
    );
    expect(out.idClaims).toMatchObject({ db_user_id: "42", roles: ["a", "b"] });
    expect(out.idClaims).not.toHaveProperty("email");
    expect(out.accessClaims).toMatchObject({ db_user_id: "42", tenant: { id: 7 } });
  });

  it("adds and suppresses scopes; suppression wins", () => {
    const out = applyPreTokenGeneration(
      v2({
        accessTokenGeneration: {
          scopesToAdd: ["api/read", "api/write", "api/read"],
          scopesToSuppress: ["api/write", "aws.cognito.signin.user.admin"],
        },
      }),
      "V2_0",
      input(),
    );
    expect(out.scopes).toEqual(["api/read"]);
  });

  it("access-token identity claims are protected too (client_id, username, scope, …)", () => {
    const out = applyPreTokenGeneration(
      v2({
        accessTokenGeneration: {
          claimsToAddOrOverride: { client_id: "other", username: "admin", scope: "admin", sub: "x", token_use: "id" },
          claimsToSuppress: ["client_id", "iss"],
        },
      }),
      "V2_0",
      input(),
    );
    expect(out.accessClaims).toEqual(accessClaims());
    expect(out.ignored).toEqual(expect.arrayContaining(["client_id", "username", "scope", "sub", "token_use", "iss"]));
  });

  it("a V1-shaped answer to a V2 event changes nothing (Cognito reads the key of the version it sent)", () => {
    expect(applyPreTokenGeneration(v1({ claimsToAddOrOverride: { a: "b" } }), "V2_0", input())).toEqual({
      ...input(),
      ignored: [],
    });
  });

  it.each([
    [v2({ accessTokenGeneration: { scopesToAdd: ["a b"] } }), "scopes must be non-empty and without spaces"],
    [v2({ accessTokenGeneration: { scopesToAdd: "a" } }), "scopesToAdd must be a list of strings"],
    [
      v2({ idTokenGeneration: { claimsToAddOrOverride: { a: null } } }),
      "claimsToAddOrOverride.a must be a string, number, boolean, array or object",
    ],
    [v2({ idTokenGeneration: 5 }), "idTokenGeneration must be an object"],
  ])("malformed: %j", (returned, message) => {
    expect(() => applyPreTokenGeneration(returned, "V2_0", input())).toThrow(message);
  });
});
