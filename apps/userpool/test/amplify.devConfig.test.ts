/**
 * The tutorial's path on the committed development config (userpool.config.json): e-mail as
 * username, CONFIRM_WITH_LINK, the fixed pool and client IDs from docs/conventions.md. Amplify signs
 * up, the user clicks the link from the dev mailbox, Amplify signs in and reads the session. The pool also
 * offers what `npm start` shows passwordless: an e-mailed code as the first factor (USER_AUTH), and passkeys.
 */
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut, signUp } from "aws-amplify/auth";
import { StartWebAuthnRegistrationCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startUserpool, type RunningUserpool } from "../src/main.js";
import { anonClient, fastRsaKeys, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

const DEV_POOL = "us-east-1_AuthHub01";
const DEV_CLIENT = "authhubwebclientlocaldev01";

let up: RunningUserpool;
beforeAll(async () => {
  up = await startUserpool({ generateRsaKeyPair: fastRsaKeys });
  Amplify.configure({
    Auth: { Cognito: { userPoolId: DEV_POOL, userPoolClientId: DEV_CLIENT, userPoolEndpoint: up.url } },
  });
});
afterAll(async () => {
  await signOut().catch(() => {});
  await up?.close();
});

it("sign up, confirm by link, sign in (tutorial flow on the dev config)", async () => {
  const email = uniqueEmail("tutorial");
  const password = "Tutorial-Passw0rd!";
  const r = await signUp({ username: email, password, options: { userAttributes: { email } } });
  expect(r.nextStep).toMatchObject({ signUpStep: "CONFIRM_SIGN_UP", codeDeliveryDetails: { deliveryMedium: "EMAIL" } });

  const mail = await latestMessage(up.url, email);
  expect(mail.subject).toBe("Confirm your Authhub account");
  const link = /href="([^"]+)"/.exec(mail.html)![1]!.replace(/&amp;/g, "&");
  const url = new URL(link);
  expect(url.origin).toBe(`http://localhost:${up.port}`);
  expect(url.pathname).toBe("/confirmUser");
  expect(url.searchParams.get("client_id")).toBe(DEV_CLIENT);

  // Unconfirmed users cannot sign in yet: Amplify turns UserNotConfirmedException into the CONFIRM_SIGN_UP step.
  expect(await signIn({ username: email, password })).toMatchObject({
    isSignedIn: false,
    nextStep: { signInStep: "CONFIRM_SIGN_UP" },
  });

  const page = await fetch(`${up.url}${url.pathname}${url.search}`);
  expect(page.status).toBe(200);
  expect(page.headers.get("referrer-policy")).toBe("no-referrer");
  expect(await page.text()).toContain("Your account is confirmed");

  const s = await signIn({ username: email, password });
  expect(s.isSignedIn).toBe(true);
  const session = await fetchAuthSession();
  expect(session.tokens?.idToken?.payload).toMatchObject({
    email,
    email_verified: true,
    iss: `http://localhost:${up.port}/${DEV_POOL}`,
  });
});

it("the dev pool offers choice-based sign-in: an e-mailed code signs in, and passkeys can be registered", async () => {
  await signOut();
  const email = uniqueEmail("devcode");
  await signUp({ username: email, password: "Devcode-Passw0rd!", options: { userAttributes: { email } } });
  const link = /href="([^"]+)"/.exec((await latestMessage(up.url, email)).html)![1]!.replace(/&amp;/g, "&");
  const url = new URL(link);
  expect((await fetch(`${up.url}${url.pathname}${url.search}`)).status).toBe(200);

  const started = await signIn({
    username: email,
    options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" },
  });
  expect(started.nextStep).toMatchObject({
    signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
    codeDeliveryDetails: { deliveryMedium: "EMAIL" },
  });
  const done = await confirmSignIn({ challengeResponse: await latestCode(up.url, email) });
  expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
  const { tokens } = await fetchAuthSession();
  expect(tokens?.idToken?.payload).toMatchObject({ email });

  // Passkeys are the pool's third first factor: registration starts for the hosted UI's host, localhost,
  // which the web app at http://localhost:3000 may use too (ADR 0026).
  const registration = await anonClient(up.url).send(
    new StartWebAuthnRegistrationCommand({ AccessToken: tokens!.accessToken.toString() }),
  );
  expect(registration.CredentialCreationOptions).toMatchObject({ rp: { id: "localhost" } });
  await signOut();
});
