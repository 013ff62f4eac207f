/**
 * The error contract, table-driven: each case sets up a situation and expects Cognito's exception
 * name, HTTP status and message, in the AWS JSON 1.1 shape ({"__type","message"} + x-amzn-ErrorType).
 */
import { AdminConfirmSignUpCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  LEGACY_CLIENT_ID,
  POOL_ID,
  SRP_ONLY_CLIENT_ID,
  latestCode,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";
import { callRaw, type WireResponse } from "./support/wire.js";

let up: TestUserpool;
const clock = new ManualClock();
beforeAll(async () => {
  up = await startTestUserpool({ clock });
});
afterAll(async () => {
  await up?.close();
});

const call = (op: string | undefined, body: unknown) => callRaw(up.url, op, body);
const signUp = (email: string, password = GOOD_PASSWORD) =>
  call("SignUp", { ClientId: CLIENT_ID, Username: email, Password: password });
async function confirmed(): Promise<string> {
  const email = uniqueEmail("ec");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
  return email;
}
const passwordAuth = (clientId: string, username: string, password: string) =>
  call("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

interface Case {
  name: string;
  run(): Promise<WireResponse>;
  type: string;
  status?: number;
  message?: string | RegExp;
}

const cases: Case[] = [
  {
    name: "duplicate username (e-mail as username, case variant)",
    run: async () => {
      const email = uniqueEmail("dup");
      await signUp(email);
      return signUp(email.toUpperCase());
    },
    type: "UsernameExistsException",
    message: "An account with the given email already exists.",
  },
  {
    name: "wrong confirmation code",
    run: async () => {
      const email = uniqueEmail("code");
      await signUp(email);
      const code = await latestCode(up.url, email);
      const wrong = code === "000000" ? "000001" : "000000";
      return call("ConfirmSignUp", { ClientId: CLIENT_ID, Username: email, ConfirmationCode: wrong });
    },
    type: "CodeMismatchException",
    message: "Invalid verification code provided, please try again.",
  },
  {
    name: "expired confirmation code (24 h + 1 s later)",
    run: async () => {
      const email = uniqueEmail("expired");
      await signUp(email);
      const code = await latestCode(up.url, email);
      clock.advance(24 * 3600_000 + 1000);
      try {
        return await call("ConfirmSignUp", { ClientId: CLIENT_ID, Username: email, ConfirmationCode: code });
      } finally {
        clock.advance(-(24 * 3600_000 + 1000));
      }
    },
    type: "ExpiredCodeException",
    message: "Invalid code provided, please request a code again.",
  },
  {
    name: "a code is still good 1 s before it expires",
    run: async () => {
      const email = uniqueEmail("fresh");
      await signUp(email);
      const code = await latestCode(up.url, email);
      clock.advance(24 * 3600_000 - 1000);
      try {
        const ok = await call("ConfirmSignUp", { ClientId: CLIENT_ID, Username: email, ConfirmationCode: code });
        expect(ok.status).toBe(200);
        return call("ConfirmSignUp", { ClientId: CLIENT_ID, Username: email, ConfirmationCode: code });
      } finally {
        clock.advance(-(24 * 3600_000 - 1000));
      }
    },
    type: "NotAuthorizedException",
    message: "User cannot be confirmed. Current status is CONFIRMED",
  },
  {
    name: "sign-in before confirming",
    run: async () => {
      const email = uniqueEmail("unconfirmed");
      await signUp(email);
      return passwordAuth(CLIENT_ID, email, GOOD_PASSWORD);
    },
    type: "UserNotConfirmedException",
    message: "User is not confirmed.",
  },
  {
    name: "wrong password",
    run: async () => passwordAuth(CLIENT_ID, await confirmed(), "Wrong-Passw0rd!"),
    type: "NotAuthorizedException",
    message: "Incorrect username or password.",
  },
  {
    name: "unknown user with PreventUserExistenceErrors ENABLED",
    run: () => passwordAuth(CLIENT_ID, uniqueEmail("nobody"), GOOD_PASSWORD),
    type: "NotAuthorizedException",
    message: "Incorrect username or password.",
  },
  {
    name: "unknown user with LEGACY user-existence errors",
    run: () => passwordAuth(LEGACY_CLIENT_ID, uniqueEmail("nobody"), GOOD_PASSWORD),
    type: "UserNotFoundException",
    message: "User does not exist.",
  },
  {
    name: "password too short for the policy",
    run: () => signUp(uniqueEmail("weak"), "Sh0rt!"),
    type: "InvalidPasswordException",
    message: "Password did not conform with policy: Password not long enough",
  },
  {
    name: "password without a symbol",
    run: () => signUp(uniqueEmail("weak"), "NoSymbols123"),
    type: "InvalidPasswordException",
    message: "Password did not conform with policy: Password must have symbol characters",
  },
  {
    name: "password without upper case",
    run: () => signUp(uniqueEmail("weak"), "no-upper-123"),
    type: "InvalidPasswordException",
    message: "Password did not conform with policy: Password must have uppercase characters",
  },
  {
    name: "auth flow not allowed for the client",
    run: async () => passwordAuth(SRP_ONLY_CLIENT_ID, await confirmed(), GOOD_PASSWORD),
    type: "InvalidParameterException",
    message: "USER_PASSWORD_AUTH flow not enabled for this client",
  },
  {
    name: "admin flow on the public InitiateAuth",
    run: () => call("InitiateAuth", { AuthFlow: "ADMIN_USER_PASSWORD_AUTH", ClientId: CLIENT_ID, AuthParameters: {} }),
    type: "InvalidParameterException",
    message: "Initiate Auth method not supported.",
  },
  {
    name: "malformed input: missing required member",
    run: () => call("SignUp", { Username: "a@example.com", Password: GOOD_PASSWORD }),
    type: "InvalidParameterException",
    message: "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must not be null",
  },
  {
    name: "malformed input: wrong type",
    run: () => call("SignUp", { ClientId: CLIENT_ID, Username: 42, Password: GOOD_PASSWORD }),
    type: "InvalidParameterException",
    message:
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must be of type string",
  },
  {
    name: "malformed input: too long, bad pattern, nested list member",
    run: () =>
      call("SignUp", {
        ClientId: "x".repeat(129),
        Username: "has space",
        Password: GOOD_PASSWORD,
        UserAttributes: [{ Name: "" }],
      }),
    type: "InvalidParameterException",
    message: new RegExp(
      [
        "^3 validation errors detected: .*'clientId'.*less than or equal to 128",
        ".*'username'.*regular expression.*'userAttributes\\.1\\.member\\.name'",
      ].join(""),
    ),
  },
  {
    name: "malformed input: bad enum",
    run: () => call("InitiateAuth", { AuthFlow: "MAGIC", ClientId: CLIENT_ID }),
    type: "InvalidParameterException",
    message: /Value at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set/,
  },
  {
    name: "malformed input: missing SRP_A",
    run: () =>
      call("InitiateAuth", {
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "x@example.com" },
      }),
    type: "InvalidParameterException",
    message: "Missing required parameter SRP_A",
  },
  {
    name: "malformed input: SRP_A that is 0 mod N",
    run: () =>
      call("InitiateAuth", {
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "x@example.com", SRP_A: "0" },
      }),
    type: "InvalidParameterException",
    message: "SRP_A is invalid.",
  },
  {
    name: "malformed input: TIMESTAMP in the wrong format",
    run: () =>
      call("RespondToAuthChallenge", {
        ClientId: CLIENT_ID,
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: {
          USERNAME: "u",
          PASSWORD_CLAIM_SECRET_BLOCK: "AAAA",
          PASSWORD_CLAIM_SIGNATURE: "AAAA",
          TIMESTAMP: "Tue Sep 05 00:09:40 UTC 2018",
        },
      }),
    type: "InvalidParameterException",
    message: "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
  },
  {
    name: "username not an e-mail on an e-mail-username pool",
    run: () => signUp("not-an-email"),
    type: "InvalidParameterException",
    message: "Username should be an email.",
  },
  {
    name: "unknown app client",
    run: () => call("SignUp", { ClientId: "nosuchclient", Username: "a@example.com", Password: GOOD_PASSWORD }),
    type: "ResourceNotFoundException",
    message: "User pool client nosuchclient does not exist.",
  },
  {
    name: "invalid access token",
    run: () => call("GetUser", { AccessToken: "abc.def.ghi" }),
    type: "NotAuthorizedException",
    message: "Invalid Access Token",
  },
  {
    name: "invalid refresh token",
    run: () => call("GetTokensFromRefreshToken", { ClientId: CLIENT_ID, RefreshToken: "bm90LWEtdG9rZW4" }),
    type: "NotAuthorizedException",
    message: "Invalid Refresh Token",
  },
  {
    name: "unknown operation",
    run: () => call("LaunchRocket", {}),
    type: "UnknownOperationException",
    message: "Operation AWSCognitoIdentityProviderService.LaunchRocket is not supported by this server.",
  },
  { name: "missing X-Amz-Target", run: () => call(undefined, {}), type: "UnknownOperationException" },
  { name: "body that is not JSON", run: () => call("SignUp", "{not json"), type: "SerializationException" },
  { name: "body that is a JSON array", run: () => call("SignUp", "[]"), type: "SerializationException" },
];

describe("error contract", () => {
  it.each(cases)("$name → $type", async (c) => {
    const r = await c.run();
    expect(r.status).toBe(c.status ?? 400);
    expect(r.errorType).toBe(c.type);
    expect(r.body.__type).toBe(c.type);
    expect(Object.keys(r.body).sort()).toEqual(["__type", "message"]);
    if (c.message instanceof RegExp) expect(r.body.message).toMatch(c.message);
    else if (c.message !== undefined) expect(r.body.message).toBe(c.message);
  });
});
