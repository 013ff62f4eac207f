/**
 * aws-amplify v6, unmodified, with passkeys: associateWebAuthnCredential (StartWebAuthnRegistration,
 * navigator.credentials.create, CompleteWebAuthnRegistration), listWebAuthnCredentials, signIn with USER_AUTH
 * and WEB_AUTHN preferred (navigator.credentials.get), deleteWebAuthnCredential. The browser is the minimal
 * shim of support/webAuthnBrowser.ts over the software authenticator. Amplify keeps global state, so it has
 * this file to itself; the engines run one after the other.
 */
import { SetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import {
  associateWebAuthnCredential,
  deleteWebAuthnCredential,
  fetchUserAttributes,
  listWebAuthnCredentials,
  signIn,
  signOut,
} from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { mfaUser } from "./support/mfa.js";
import { SoftwareAuthenticator } from "./support/passkeys.js";
import { createUserAuthPool } from "./support/userAuth.js";
import { type EngineUserpool, GOOD_PASSWORD, startTestUserpoolOn } from "./support/userpool.js";
import { installWebAuthnBrowser } from "./support/webAuthnBrowser.js";

let up: EngineUserpool;
let pool: { poolId: string; clientId: string };
let authenticator = new SoftwareAuthenticator();
let uninstall: () => void;

describe.each(testEngines())("aws-amplify v6 with passkeys on $name", (engine) => {
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    pool = await createUserAuthPool(up.admin, { firstFactors: ["PASSWORD", "WEB_AUTHN"] });
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: pool.poolId,
        MfaConfiguration: "OFF",
        WebAuthnConfiguration: { RelyingPartyId: "localhost", UserVerification: "required" },
      }),
    );
    Amplify.configure({
      Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: up.url } },
    });
    uninstall = installWebAuthnBrowser({ authenticator: () => authenticator, origin: "http://localhost:3000" });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    uninstall?.();
    await up?.stop();
  });

  it("registers a passkey, lists it, signs in with it, deletes it", async () => {
    authenticator = new SoftwareAuthenticator();
    const email = await mfaUser(up.admin, pool.poolId, "amplify-pk");
    const first = await signIn({
      username: email,
      password: GOOD_PASSWORD,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD" },
    });
    expect(first.isSignedIn).toBe(true);
    await associateWebAuthnCredential();
    const listed = await listWebAuthnCredentials();
    expect(listed.credentials).toEqual([
      expect.objectContaining({ credentialId: authenticator.id, relyingPartyId: "localhost" }),
    ]);
    await signOut();

    const again = await signIn({
      username: email,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "WEB_AUTHN" },
    });
    expect(again.isSignedIn).toBe(true);
    expect((await fetchUserAttributes()).email).toBe(email);

    await deleteWebAuthnCredential({ credentialId: authenticator.id });
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
    await signOut();
  });
});
