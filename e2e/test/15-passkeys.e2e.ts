/**
 * Scenario 15: passwordless sign-in on the committed pool (PASSWORD, EMAIL_OTP and WEB_AUTHN first factors).
 * Chromium gets a virtual authenticator through the DevTools protocol's WebAuthn domain (CTAP2, built in,
 * user verification), so navigator.credentials runs for real against the pool's options: a passkey is added
 * on the security page, and after signing out "Sign in with a passkey" signs in with it; a passkey another
 * site (relying party ID) registered is neither offered nor accepted; "Email me a code" signs in with the code
 * from the dev mailbox. The hosted UI (managed login) signs in with the same passkey: same relying party,
 * localhost, on its own https origin.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { describe, expect, it } from "vitest";
import {
  alert,
  expectSignedIn,
  expectSignedOut,
  logIn,
  newPassword,
  openSecuritySettings,
  status,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { createConfirmedUser, setManagedLoginVersion } from "../support/admin.js";
import { useStack } from "../support/harness.js";
import { codeIn, listMessages, waitForMessage } from "../support/mailbox.js";
import { cognitoRequests, submitCode } from "../support/mfa.js";
import { addAuthenticator, startPasswordless } from "../support/passkeys.js";

const e2e = useStack("15-passkeys");

describe("passkeys and e-mailed codes in the web app", () => {
  it("adds a passkey on the security page, signs out, signs in with it", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("web-passkey");
    const email = uniqueEmail("passkey");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const authenticator = await addAuthenticator(page);
    const requests = cognitoRequests(page);

    await s.step("log in with the password and add a passkey", async () => {
      await logIn(page, stack.urls.web, email, password);
      await openSecuritySettings(page, stack.urls.web);
      const region = page.getByRole("region", { name: "Passkeys" });
      await visibleText(region.getByText("You have no passkeys yet."));
      await region.getByRole("button", { name: "Add a passkey" }).click();
      await visibleText(status(page, "Passkey added."));
      // Listed by the pool (ListWebAuthnCredentials), for this site's relying party.
      const row = region.getByRole("row", { name: /passkey/i }).filter({ hasText: "localhost" });
      await visibleText(row);
      const held = await authenticator.credentials();
      expect(held).toHaveLength(1);
      expect(held[0]?.rpId).toBe("localhost");
      expect(requests.filter((r) => r.target === "CompleteWebAuthnRegistration").map((r) => r.status)).toEqual([200]);
    });

    await s.step("sign out", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);
    });

    await s.step("Sign in with a passkey: no password, no code", async () => {
      const before = (await authenticator.credentials())[0]?.signCount ?? 0;
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      await expectSignedIn(page, email);
      expect(requests.filter((r) => r.challenge === "WEB_AUTHN").map((r) => r.status)).toEqual([200]);
      // The authenticator signed: its counter moved, as the pool checked.
      expect((await authenticator.credentials())[0]?.signCount).toBeGreaterThan(before);
    });
  });

  it("a passkey registered for another relying party ID is not offered and not accepted", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("other-rp-id");
    const email = uniqueEmail("otherrp");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const authenticator = await addAuthenticator(page);
    const requests = cognitoRequests(page);

    await s.step("the browser holds a passkey for other.example, the pool none for this user", async () => {
      // A P-256 key the authenticator holds as a resident credential of another site.
      const { privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
      const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", privateKey)).toString("base64");
      await authenticator.cdp.send("WebAuthn.addCredential", {
        authenticatorId: authenticator.id,
        credential: {
          credentialId: Buffer.from("other-site-passkey").toString("base64"),
          isResidentCredential: true,
          rpId: "other.example",
          privateKey: pkcs8,
          userHandle: Buffer.from(email).toString("base64"),
          signCount: 0,
        },
      });
    });

    await s.step("Sign in with a passkey: the pool offers no passkey, the page asks how to sign in", async () => {
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      // The user has no passkey for this pool's relying party: SELECT_CHALLENGE without WEB_AUTHN.
      const choices = page.getByRole("group", { name: "Sign in with", exact: true });
      await choices.waitFor({ state: "visible" });
      expect(await choices.getByRole("radio", { name: "Passkey" }).count()).toBe(0);
      await choices.getByRole("radio", { name: "A code by email" }).waitFor({ state: "visible" });
      expect(requests.some((r) => r.challenge === "WEB_AUTHN")).toBe(false);
    });

    await s.step("with a passkey of its own registered, the other site's is still never used", async () => {
      await logIn(page, stack.urls.web, email, password);
      await openSecuritySettings(page, stack.urls.web);
      await page.getByRole("region", { name: "Passkeys" }).getByRole("button", { name: "Add a passkey" }).click();
      await visibleText(status(page, "Passkey added."));
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);

      // Only this site's passkey answers: remove it, and the other site's cannot stand in.
      const mine = (await authenticator.credentials()).find((c) => c.rpId === "localhost");
      expect(mine).toBeDefined();
      await authenticator.cdp.send("WebAuthn.removeCredential", {
        authenticatorId: authenticator.id,
        credentialId: mine!.credentialId,
      });
      await startPasswordless(page, stack.urls.web, email, "Sign in with a passkey");
      await visibleText(alert(page));
      await expectSignedOut(page);
      const other = (await authenticator.credentials()).find((c) => c.rpId === "other.example");
      expect(other?.signCount).toBe(0);
      expect(requests.filter((r) => r.challenge === "WEB_AUTHN")).toEqual([]);
    });
  });

  it("Email me a code: the code from the mailbox signs in without the password", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("email-code");
    const email = uniqueEmail("emailcode");
    await createConfirmedUser(stack, email, newPassword());
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);
    const seen = (await listMessages(stack.urls.mailboxJson, email)).length;

    await s.step("Email me a code: the page says where the code went", async () => {
      await startPasswordless(page, stack.urls.web, email, "Email me a code");
      await page.getByRole("heading", { name: "Enter the emailed code" }).waitFor({ state: "visible" });
      const said = await visibleText(status(page, "We sent a 6-digit code"));
      expect(said).toMatch(/to \S*\*+\S*\.$/);
      expect(said).not.toContain(email);
    });

    await s.step("the code from the dev mailbox signs in", async () => {
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { seen });
      await submitCode(page, codeIn(mail));
      await expectSignedIn(page, email);
      expect(requests.filter((r) => r.target === "InitiateAuth").length).toBe(1);
      expect(requests.filter((r) => r.challenge === "EMAIL_OTP").map((r) => r.status)).toEqual([200]);
    });
  });
});

/** A form POST over HTTPS trusting `ca` (the stack's development CA); the JSON answer. */
function postForm(url: string, ca: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", ca, headers: { "content-type": "application/x-www-form-urlencoded" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          try {
            resolve(JSON.parse(text) as Record<string, unknown>);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("passkeys on the hosted UI", () => {
  it("the passkey added in the web app signs in on the hosted login page, no password", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("hosted-passkey");
    const email = uniqueEmail("hostedpk");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const authenticator = await addAuthenticator(page);

    await s.step("add a passkey in the web app, then sign out", async () => {
      await logIn(page, stack.urls.web, email, password);
      await openSecuritySettings(page, stack.urls.web);
      await page.getByRole("region", { name: "Passkeys" }).getByRole("button", { name: "Add a passkey" }).click();
      await visibleText(status(page, "Passkey added."));
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);
    });

    const verifier = randomBytes(32).toString("base64url");
    const callback = new URL("/", stack.urls.web).href;
    await s.step("hosted login: the passkey button, then the passkey page", async () => {
      // The app is not the point here: the test takes the code at the redirect URI and exchanges it itself.
      await page.route(
        (url) => url.href.startsWith(callback) && url.searchParams.has("code"),
        (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>cb</title>" }),
      );
      const authorize = new URL(`${stack.urls.userpoolHttps}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        client_id: stack.clientId,
        response_type: "code",
        redirect_uri: callback,
        scope: "openid email",
        state: "e2e-passkey",
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      // Passkeys are a managed login feature: the operator moves the pool's domain to ManagedLoginVersion 2.
      await setManagedLoginVersion(stack, 2);
      await page.goto(authorize.toString());
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Sign in with a passkey" }).click();
      await page.getByRole("heading", { name: "Sign in with your passkey" }).waitFor({ state: "visible" });
    });

    await s.step("Use my passkey: back at the client with a code, exchanged for the user's tokens", async () => {
      const before = (await authenticator.credentials())[0]?.signCount ?? 0;
      await page.getByRole("button", { name: "Use my passkey" }).click();
      await page.waitForURL((u) => u.href.startsWith(callback) && u.searchParams.has("code"));
      const url = new URL(page.url());
      expect(url.searchParams.get("state")).toBe("e2e-passkey");
      const tokens = await postForm(
        `${stack.urls.userpoolHttps}/oauth2/token`,
        readFileSync(stack.devCaPath!, "utf8"),
        {
          grant_type: "authorization_code",
          client_id: stack.clientId,
          code: url.searchParams.get("code")!,
          redirect_uri: callback,
          code_verifier: verifier,
        },
      );
      const idToken = tokens.id_token as string;
      const claims = JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString("utf8"));
      expect(claims).toMatchObject({ email, aud: stack.clientId });
      expect((await authenticator.credentials())[0]?.signCount).toBeGreaterThan(before);
    });
  });
});
