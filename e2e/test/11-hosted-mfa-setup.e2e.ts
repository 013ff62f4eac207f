/**
 * Scenario 8: the hosted UI's MFA_SETUP in Chromium. A pool with MFA ON (authenticator app) and a
 * domain, made through the admin API; a user with no factor signs in on the hosted login page, is
 * shown the key and its QR code, and scans the QR code (decoded from the rendered page's pixels) to
 * compute the code; the browser lands on the client's redirect URI with an authorization code, which
 * the token endpoint exchanges for tokens. The next sign-in asks for the app's code.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Page } from "playwright-core";
import decodeQR from "qr/decode.js";
import { describe, expect, it } from "vitest";
import { adminClient, ensureConfirmedUser } from "../../scripts/lib/demoAccounts.js";
import { useStack } from "../support/harness.js";
import { totp } from "../support/totp.js";

const e2e = useStack("11-hosted-mfa-setup");

/** The client's redirect URI: the browser's request there is answered by the test (no app behind it). */
const CALLBACK = "https://app.example.com/callback";
const EMAIL = "mfa.setup@example.com";
const PASSWORD = "Hosted-Mfa-Passw0rd!";

/** A form POST over HTTPS trusting `ca`; the JSON answer. */
function postForm(url: string, ca: string, form: Record<string, string>): Promise<unknown> {
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
            resolve(JSON.parse(text));
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

/**
 * Runs in the page (a string: this package is compiled without the DOM library): draws the page's QR
 * SVG into a canvas on white and returns its RGBA pixels.
 */
const DRAW_QR = `(async () => {
  const svg = document.querySelector(".qr svg");
  if (!svg) throw new Error("no QR code on the page");
  const size = 330;
  const image = new Image(size, size);
  image.src = "data:image/svg+xml;base64," + btoa(new XMLSerializer().serializeToString(svg));
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, size, size);
  g.drawImage(image, 0, 0, size, size);
  return { width: size, height: size, data: Array.from(g.getImageData(0, 0, size, size).data) };
})()`;

/** The QR code as the page shows it: the SVG drawn into a canvas, its pixels decoded here. */
async function scanQr(page: Page): Promise<string> {
  const img = (await page.evaluate(DRAW_QR)) as { width: number; height: number; data: number[] };
  return decodeQR({ width: img.width, height: img.height, data: Uint8Array.from(img.data) });
}

describe("hosted UI: MFA setup", () => {
  it("a user of a pool with MFA ON sets up an authenticator app on the hosted pages and signs in", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("mfa-setup");
    const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
    const { poolId, clientId } = await s.step("a pool with MFA ON, a domain and an OAuth client", async () => {
      const pool = await admin.send(
        new CreateUserPoolCommand({ PoolName: "Hosted MFA", UsernameAttributes: ["email"] }),
      );
      const poolId = pool.UserPool!.Id!;
      await admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: "ON",
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
      await admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "hosted-mfa-e2e" }));
      const client = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "hosted-mfa",
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: ["openid", "email"],
          SupportedIdentityProviders: ["COGNITO"],
          CallbackURLs: [CALLBACK],
        }),
      );
      await ensureConfirmedUser(admin, poolId, EMAIL, PASSWORD);
      return { poolId, clientId: client.UserPoolClient!.ClientId! };
    });
    admin.destroy();

    /** authorize → hosted login → the password; returns the PKCE verifier for the exchange. */
    async function signIn(page: Page): Promise<string> {
      const verifier = randomBytes(32).toString("base64url");
      const authorize = new URL(`${stack.urls.userpoolHttps}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        client_id: clientId,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid email",
        state: "e2e-mfa",
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      await page.route(`${CALLBACK}**`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>callback</title>" }),
      );
      await page.goto(authorize.toString());
      await page.getByLabel("Email address").fill(EMAIL);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      return verifier;
    }

    /** The browser is at the redirect URI with a code; the token endpoint gives tokens for the user. */
    async function expectTokens(page: Page, verifier: string): Promise<void> {
      await page.waitForURL((u) => u.href.startsWith(CALLBACK));
      const url = new URL(page.url());
      expect(url.searchParams.get("state")).toBe("e2e-mfa");
      const code = url.searchParams.get("code");
      expect(code).toBeTruthy();
      // As the app's back end would, trusting the stack's development CA.
      const tokens = await postForm(
        `${stack.urls.userpoolHttps}/oauth2/token`,
        readFileSync(stack.devCaPath!, "utf8"),
        {
          grant_type: "authorization_code",
          client_id: clientId,
          code: code!,
          redirect_uri: CALLBACK,
          code_verifier: verifier,
        },
      );
      const idToken = (tokens as { id_token?: string }).id_token;
      expect(idToken).toBeTruthy();
      const claims = JSON.parse(Buffer.from(idToken!.split(".")[1]!, "base64url").toString("utf8"));
      expect(claims).toMatchObject({ email: EMAIL, aud: clientId });
      expect(claims.iss).toContain(poolId);
    }

    const page = await s.newBrowser();
    const verifier = await s.step("sign in with the password: the setup page follows", async () => {
      const v = await signIn(page);
      await page.getByRole("heading", { name: "Set up an authenticator app" }).waitFor();
      return v;
    });

    const secret = await s.step("scan the QR code: an otpauth URI with the key shown as text", async () => {
      const shown = (await page.locator("#secret").textContent())!.trim();
      expect(shown).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(await scanQr(page));
      expect(uri.protocol).toBe("otpauth:");
      expect(uri.searchParams.get("secret")).toBe(shown);
      expect(uri.searchParams.get("issuer")).toBe("Hosted MFA");
      expect(decodeURIComponent(uri.pathname)).toContain(EMAIL);
      return uri.searchParams.get("secret")!;
    });

    await s.step("a wrong code is refused and the same key stays", async () => {
      await page.getByLabel("Code", { exact: true }).fill(totp(secret, stack.clock.nowMs() + 600_000));
      await page.getByRole("button", { name: "Verify and sign in" }).click();
      // EnableSoftwareTokenMFAException ("Code mismatch"), in the hosted pages' words (ADR 0046).
      await page
        .getByRole("alert")
        .filter({ hasText: "The code from your authenticator app is not right. Try the current one." })
        .waitFor();
      expect((await page.locator("#secret").textContent())!.trim()).toBe(secret);
    });

    await s.step("the app's code signs in: back at the client with a code, exchanged for tokens", async () => {
      await page.getByLabel("Code", { exact: true }).fill(totp(secret, stack.clock.nowMs()));
      await page.getByRole("button", { name: "Verify and sign in" }).click();
      await expectTokens(page, verifier);
    });

    const second = await s.newBrowser("second");
    await s.step("the next sign-in asks for the app's code", async () => {
      s.stack.clock.advance(30_000); // a new time step: the setup's code is spent
      const v = await signIn(second);
      await second.getByText("Enter the 6-digit code from your authenticator app.").waitFor();
      await second.getByLabel("Code", { exact: true }).fill(totp(secret, stack.clock.nowMs()));
      await second.getByRole("button", { name: "Sign in" }).click();
      await expectTokens(second, v);
    });
  });
});
