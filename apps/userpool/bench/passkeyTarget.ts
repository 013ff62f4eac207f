// The benchmark's passkey sign-in: a user with one passkey (the tests' software authenticator, attestation
// none, counter 0 as platform passkeys keep it, so sign-ins in flight together cannot trip the counter
// check) in a pool allowing WEB_AUTHN, and the two requests of a USER_AUTH WEB_AUTHN sign-in.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type CreationOptions, type RequestOptions, SoftwareAuthenticator } from "../test/support/passkeys.js";
import type { BenchClient } from "./client.js";

const PASSWORD = "Bench-Passw0rd!";
const ORIGIN = "http://localhost:3000";

export interface PasskeyTarget {
  clientId: string;
  username: string;
  authenticator: SoftwareAuthenticator;
}

/** A new pool with passkeys (RP ID localhost, user verification preferred) and a user who registered one. */
export async function passkeyTarget(url: string, client: BenchClient): Promise<PasskeyTarget> {
  const admin = new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: "bench-passkeys",
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } },
      }),
    );
    const poolId = pool.UserPool!.Id!;
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OFF",
        WebAuthnConfiguration: { RelyingPartyId: "localhost", UserVerification: "preferred" },
      }),
    );
    const app = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "bench",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = app.UserPoolClient!.ClientId!;
    const username = "bench-passkey";
    await admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }));
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
    );
    const signedIn = await client.call("InitiateAuth", {
      AuthFlow: "USER_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: "PASSWORD", PASSWORD },
    });
    const token = signedIn.AuthenticationResult.AccessToken as string;
    const authenticator = new SoftwareAuthenticator({ countsSignatures: false });
    const start = await client.call("StartWebAuthnRegistration", { AccessToken: token });
    const credential = await authenticator.register(start.CredentialCreationOptions as CreationOptions, {
      origin: ORIGIN,
    });
    await client.call("CompleteWebAuthnRegistration", { AccessToken: token, Credential: credential });
    return { clientId, username, authenticator };
  } finally {
    admin.destroy();
  }
}

/** InitiateAuth USER_AUTH preferring WEB_AUTHN, then RespondToAuthChallenge with the assertion: tokens. */
export async function passkeySignIn(client: BenchClient, t: PasskeyTarget): Promise<Record<string, any>> {
  const c = await client.call("InitiateAuth", {
    AuthFlow: "USER_AUTH",
    ClientId: t.clientId,
    AuthParameters: { USERNAME: t.username, PREFERRED_CHALLENGE: "WEB_AUTHN" },
  });
  if (c.ChallengeName !== "WEB_AUTHN") throw new Error(`passkey sign-in: expected WEB_AUTHN, got ${c.ChallengeName}`);
  const options = JSON.parse(c.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS as string) as RequestOptions;
  const done = await client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "WEB_AUTHN",
    Session: c.Session,
    ChallengeResponses: {
      USERNAME: c.ChallengeParameters.USERNAME,
      CREDENTIAL: JSON.stringify(t.authenticator.assert(options, { origin: ORIGIN })),
    },
  });
  if (!done.AuthenticationResult) throw new Error("passkey sign-in: no tokens");
  return done.AuthenticationResult;
}
