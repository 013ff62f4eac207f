/**
 * Scenario 18: passkey answers the pool must refuse, each made by Chromium's virtual authenticator (CDP WebAuthn)
 * for a user whose passkey was added in the web app (relying party `localhost`, the committed pool):
 * - tampered: the app's own RespondToAuthChallenge (WEB_AUTHN) has one byte of the signature flipped on its way;
 * - replayed: an honest answer sent again, into its used-up session and into a new session's challenge;
 * - wrong origin: an assertion for `localhost` made on http://evil.localhost, which Chromium allows because
 *   https://localhost/.well-known/webauthn lists that origin (WebAuthn Level 3 related origin requests);
 * - wrong relying party ID: Chromium will not sign for `other.localhost` on the web app's origin; on
 *   other.localhost's own site, a passkey it registered there, and the user's own passkey key held for
 *   other.localhost, answer the pool's challenge.
 * Chromium fetches the well-known file from port 443; the second browser maps that port to a server of the
 * test's (--host-resolver-rules), on the development `localhost` certificate the browser already trusts.
 * The pool does not honour related origins (ADR 0026: only pages on the RP ID's own host), so they are refused.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningStack } from "../../scripts/stack.js";
import {
  alert,
  expectSignedIn,
  expectSignedOut,
  logIn,
  newPassword,
  openSecuritySettings,
  status,
  storedTokens,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { launchChromium, spkiHash } from "../support/chromium.js";
import { ARTIFACTS_DIR, useStack } from "../support/harness.js";
import { addAuthenticator, startPasswordless } from "../support/passkeys.js";

const e2e = useStack("18-passkey-attacks");
const TARGET = "AWSCognitoIdentityProviderService.";

interface Wire {
  status: number;
  body: Record<string, unknown>;
  requestId: string | undefined;
}

/** One call of the userpool's JSON API, on the wire the app (Amplify) speaks. */
async function cognito(stack: RunningStack, target: string, body: unknown): Promise<Wire> {
  const res = await fetch(`${stack.urls.userpool}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET + target },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    requestId: res.headers.get("x-amzn-requestid") ?? undefined,
  };
}

/** USER_AUTH asking for a passkey (as the app's "Sign in with a passkey"): the Session and the request options. */
async function passkeyChallenge(stack: RunningStack, email: string): Promise<{ session: string; options: string }> {
  const res = await cognito(stack, "InitiateAuth", {
    AuthFlow: "USER_AUTH",
    ClientId: stack.clientId,
    AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "WEB_AUTHN" },
  });
  expect(res.status).toBe(200);
  expect(res.body.ChallengeName).toBe("WEB_AUTHN");
  const params = res.body.ChallengeParameters as Record<string, string>;
  return { session: res.body.Session as string, options: params.CREDENTIAL_REQUEST_OPTIONS! };
}

/** RespondToAuthChallenge WEB_AUTHN with this CREDENTIAL (an AuthenticationResponseJSON, as a string). */
function answer(stack: RunningStack, email: string, session: string, credential: string): Promise<Wire> {
  return cognito(stack, "RespondToAuthChallenge", {
    ClientId: stack.clientId,
    ChallengeName: "WEB_AUTHN",
    Session: session,
    ChallengeResponses: { USERNAME: email, CREDENTIAL: credential },
  });
}

/** navigator.credentials.get in the page with these request options (JSON), its result's toJSON() as a string. */
async function assertionIn(page: Page, options: string): Promise<string> {
  return page.evaluate(async (json) => {
    // Runs in the page: Chromium's own JSON (de)serialisation of WebAuthn (WebAuthn Level 3).
    const w = globalThis as unknown as {
      PublicKeyCredential: { parseRequestOptionsFromJSON(o: unknown): unknown };
      navigator: { credentials: { get(o: unknown): Promise<{ toJSON(): unknown }> } };
    };
    const publicKey = w.PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json));
    const credential = await w.navigator.credentials.get({ publicKey });
    return JSON.stringify(credential.toJSON());
  }, options);
}

/** What the browser put in an assertion: clientDataJSON's origin and challenge, the signed RP ID hash. */
function signedFor(credential: string): { origin: string; challenge: string; rpIdHash: string } {
  const r = (JSON.parse(credential) as { response: { clientDataJSON: string; authenticatorData: string } }).response;
  const data = JSON.parse(Buffer.from(r.clientDataJSON, "base64url").toString("utf8"));
  return {
    origin: data.origin,
    challenge: data.challenge,
    rpIdHash: Buffer.from(r.authenticatorData, "base64url").subarray(0, 32).toString("hex"),
  };
}

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** Logs in with the password, adds a passkey on the security page, signs out. */
async function addPasskeyInApp(page: Page, stack: RunningStack, email: string, password: string): Promise<void> {
  await logIn(page, stack.urls.web, email, password);
  await openSecuritySettings(page, stack.urls.web);
  await page.getByRole("region", { name: "Passkeys" }).getByRole("button", { name: "Add a passkey" }).click();
  await visibleText(status(page, "Passkey added."));
  await page.goto(stack.urls.web);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expectSignedOut(page);
}

/**
 * The reason the pool logged for a refused request (its "internal cause", by request ID): the wire says only
 * "Incorrect username or password." (PreventUserExistenceErrors), so the log shows which check refused.
 */
async function loggedCause(requestId: string | undefined): Promise<string> {
  expect(requestId).toBeTruthy();
  const log = join(ARTIFACTS_DIR, "18-passkey-attacks", "stack.log");
  for (let i = 0; i < 50; i++) {
    const line = readFileSync(log, "utf8")
      .split("\n")
      .find((l) => l.includes("internal cause") && l.includes(`reqId=${requestId}`));
    const message = line && /"message":("(?:[^"\\]|\\.)*")/.exec(line)?.[1];
    if (message) return JSON.parse(message) as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no internal cause logged for request ${requestId}`);
}

/**
 * The refusal every case expects: NotAuthorizedException, the sign-in's wording on the wire, no tokens; and with
 * `cause`, the check that refused it, as logged.
 */
async function expectRefused(res: Wire, cause?: string | RegExp): Promise<void> {
  expect(res.status).toBe(400);
  expect(res.body.__type).toBe("NotAuthorizedException");
  expect(res.body.AuthenticationResult).toBeUndefined();
  if (cause === undefined) return;
  expect(res.body.message).toBe("Incorrect username or password.");
  const logged = await loggedCause(res.requestId);
  if (typeof cause === "string") expect(logged).toBe(cause);
  else expect(logged).toMatch(cause);
}

describe("passkey answers the web app's sign-in refuses", () => {
  it("a tampered signature is refused, the user stays signed out, and the next honest answer signs in", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("tampered");
    const email = uniqueEmail("tampered");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    await addAuthenticator(page);
    await s.step("add a passkey in the web app, sign out", () => addPasskeyInApp(page, stack, email, password));

    let tamper = true;
    // The app's WEB_AUTHN answer, one byte of the signature flipped on the way to the pool.
    await page.route(
      (url) => url.origin === new URL(stack.urls.userpool).origin,
      async (route) => {
        const req = route.request();
        const body = req.postDataJSON() as { ChallengeName?: string; ChallengeResponses?: Record<string, string> };
        if (!tamper || req.headers()["x-amz-target"] !== `${TARGET}RespondToAuthChallenge`) return route.continue();
        if (body.ChallengeName !== "WEB_AUTHN" || !body.ChallengeResponses?.CREDENTIAL) return route.continue();
        const cred = JSON.parse(body.ChallengeResponses.CREDENTIAL) as { response: { signature: string } };
        const sig = Buffer.from(cred.response.signature, "base64url");
        // Byte 8 lies inside r of the DER-encoded ECDSA signature: still well formed, no longer the key's.
        sig[8] = sig[8]! ^ 0x01;
        cred.response.signature = sig.toString("base64url");
        body.ChallengeResponses.CREDENTIAL = JSON.stringify(cred);
        return route.continue({ postData: JSON.stringify(body) });
      },
    );

    await s.step("Sign in with a passkey: the tampered answer is refused, an error shown, signed out", async () => {
      const refused = page.waitForResponse(
        (r) => r.request().headers()["x-amz-target"] === `${TARGET}RespondToAuthChallenge`,
      );
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      const res = await refused;
      await expectRefused(
        {
          status: res.status(),
          body: (await res.json()) as Record<string, unknown>,
          requestId: res.headers()["x-amzn-requestid"],
        },
        "The passkey answer could not be verified: the signature does not match.",
      );
      // The app's sentence for a refused passwordless sign-in (LogInForm), with the error's name.
      expect(await visibleText(alert(page))).toBe(
        "That sign-in was not accepted. Check your email, or use another sign-in method.",
      );
      expect(await alert(page).first().getAttribute("data-error-name")).toBe("NotAuthorizedException");
      expect(await storedTokens(page)).toEqual({});
    });

    await s.step("the home page: signed out", async () => {
      await page.goto(stack.urls.web);
      await expectSignedOut(page);
      expect(await storedTokens(page)).toEqual({});
    });

    await s.step("the next honest answer signs in", async () => {
      tamper = false;
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      await expectSignedIn(page, email);
      expect((await storedTokens(page)).idToken).toBeDefined();
    });
  });

  it("an honest answer replayed: refused in its used-up session and in a new session's challenge", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("replayed");
    const email = uniqueEmail("replayed");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    await addAuthenticator(page);
    await s.step("add a passkey in the web app, sign out", () => addPasskeyInApp(page, stack, email, password));

    const sent: string[] = [];
    page.on("request", (req) => {
      if (req.headers()["x-amz-target"] !== `${TARGET}RespondToAuthChallenge`) return;
      if ((req.postDataJSON() as { ChallengeName?: string }).ChallengeName === "WEB_AUTHN") sent.push(req.postData()!);
    });

    await s.step("Sign in with a passkey: signed in", async () => {
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      await expectSignedIn(page, email);
      expect(sent).toHaveLength(1);
    });

    await s.step("the same request again: the session and its challenge are used up", async () => {
      const res = await cognito(stack, "RespondToAuthChallenge", sent[0]!);
      await expectRefused(res);
      expect(res.body.message).toBe("Invalid session for the user, session is expired.");
    });

    await s.step("the same CREDENTIAL in a new session: not its challenge", async () => {
      const { session } = await passkeyChallenge(stack, email);
      const credential = (JSON.parse(sent[0]!) as { ChallengeResponses: { CREDENTIAL: string } }).ChallengeResponses
        .CREDENTIAL;
      await expectRefused(
        await answer(stack, email, session, credential),
        /^The passkey answer could not be verified: Unexpected authentication response challenge/,
      );
    });
  });
});

describe("passkey answers from another origin or relying party", () => {
  let browser: Browser | undefined;
  const servers: Server[] = [];
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise((r) => server.close(r));
  });

  /** A server of the test's on 127.0.0.1 (any free port); its port. */
  async function listen(server: Server): Promise<number> {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return (server.address() as AddressInfo).port;
  }

  /**
   * Once per file: a browser whose https://localhost (port 443) is the test's well-known server, and a plain page
   * served as http://evil.localhost:<port> and http://other.localhost:<port> (Chromium resolves *.localhost to
   * loopback and treats it as a secure context).
   */
  let ready: Promise<{ evilOrigin: string; otherOrigin: string }> | undefined;
  const setUp = (stack: RunningStack) => (ready ??= start(stack));
  async function start(stack: RunningStack): Promise<{ evilOrigin: string; otherOrigin: string }> {
    const evilPort = await listen(
      createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<title>evil</title>")),
    );
    const evilOrigin = `http://evil.localhost:${evilPort}`;
    // The userpool's development `localhost` certificate and key (one PEM), trusted by the browser's SPKI pin.
    const pem = readFileSync(join(dirname(stack.devCaPath!), "localhost.pem"), "utf8");
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0];
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)![0];
    const related: Record<string, string[]> = { localhost: [evilOrigin] };
    const wellKnownPort = await listen(
      createHttpsServer({ cert, key }, (req, res) => {
        const origins = related[(req.headers.host ?? "").replace(/:\d+$/, "")];
        if (req.url !== "/.well-known/webauthn" || !origins) return res.writeHead(404).end();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ origins }));
      }),
    );
    browser = await launchChromium({
      trustedSpki: [spkiHash(cert)],
      extraArgs: [`--host-resolver-rules=MAP localhost:443 127.0.0.1:${wellKnownPort}`],
    });
    return { evilOrigin, otherOrigin: `http://other.localhost:${evilPort}` };
  }

  it("an assertion for localhost made on another origin is refused", async () => {
    const { stack } = e2e;
    const { evilOrigin } = await setUp(stack);
    const email = uniqueEmail("origin");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const context = await browser!.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const authenticator = await addAuthenticator(page);
    await addPasskeyInApp(page, stack, email, password);

    // The attacker's page asks the authenticator for the pool's challenge, for the pool's relying party.
    await page.goto(`${evilOrigin}/`);
    const { session, options } = await passkeyChallenge(stack, email);
    const before = (await authenticator.credentials())[0]!.signCount;
    const credential = await assertionIn(page, options);
    // Chromium really signed it, for localhost, from the other origin.
    expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(before);
    expect(signedFor(credential)).toEqual({
      origin: evilOrigin,
      challenge: (JSON.parse(options) as { challenge: string }).challenge,
      rpIdHash: sha256Hex("localhost"),
    });
    await expectRefused(
      await answer(stack, email, session, credential),
      `Origin ${evilOrigin} is not allowed for relying party localhost.`,
    );
    await context.close();
  });

  it("passkeys Chromium holds for another relying party ID answering the pool's challenge are refused", async () => {
    const { stack } = e2e;
    const { otherOrigin } = await setUp(stack);
    const email = uniqueEmail("rpid");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const context = await browser!.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const authenticator = await addAuthenticator(page);
    await addPasskeyInApp(page, stack, email, password);
    const [mine] = await authenticator.credentials();
    expect(mine?.rpId).toBe("localhost");

    // From the web app's own origin Chromium will not sign for another RP ID (and localhost, having no
    // registrable domain, cannot be a related origin): the browser's half of the check.
    await page.goto(stack.urls.web);
    const first = await passkeyChallenge(stack, email);
    const forOther = (options: string, more: Record<string, unknown> = {}) =>
      JSON.stringify({ ...JSON.parse(options), rpId: "other.localhost", ...more });
    await expect(assertionIn(page, forOther(first.options))).rejects.toThrow(/SecurityError/);

    // On other.localhost's own site: a passkey Chromium registers there (as any site may), for the user's name.
    await page.goto(`${otherOrigin}/`);
    await page.evaluate(async (name) => {
      const w = globalThis as unknown as { navigator: { credentials: { create(o: unknown): Promise<unknown> } } };
      await w.navigator.credentials.create({
        publicKey: {
          challenge: new Uint8Array(32),
          rp: { id: "other.localhost", name: "Other" },
          user: { id: new TextEncoder().encode(name), name, displayName: name },
          pubKeyCredParams: [{ type: "public-key", alg: -7 }],
          authenticatorSelection: { residentKey: "required", userVerification: "required" },
        },
      });
    }, email);
    const { session, options } = await passkeyChallenge(stack, email);
    // The pool's challenge, answered by whichever passkey the authenticator holds for other.localhost.
    const credential = await assertionIn(page, forOther(options, { allowCredentials: [] }));
    expect(signedFor(credential)).toMatchObject({ origin: otherOrigin, rpIdHash: sha256Hex("other.localhost") });
    await expectRefused(
      await answer(stack, email, session, credential),
      "The passkey is not registered for this user.",
    );

    // The registered passkey's own ID and key, held for other.localhost: the right signer, bound to another site.
    await authenticator.cdp.send("WebAuthn.removeCredential", {
      authenticatorId: authenticator.id,
      credentialId: mine!.credentialId,
    });
    await authenticator.cdp.send("WebAuthn.addCredential", {
      authenticatorId: authenticator.id,
      credential: { ...mine!, rpId: "other.localhost", isResidentCredential: true },
    });
    const again = await passkeyChallenge(stack, email);
    const cloned = await assertionIn(page, forOther(again.options));
    expect(JSON.parse(cloned).id).toBe(Buffer.from(mine!.credentialId, "base64").toString("base64url"));
    expect(signedFor(cloned)).toMatchObject({ origin: otherOrigin, rpIdHash: sha256Hex("other.localhost") });
    await expectRefused(
      await answer(stack, email, again.session, cloned),
      `Origin ${otherOrigin} is not allowed for relying party localhost.`,
    );
    await context.close();
  });
});
