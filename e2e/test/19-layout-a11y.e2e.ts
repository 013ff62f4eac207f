/**
 * Scenario 19: every page of the web app and of the hosted UI, at 1280 and 390 px wide, signed out and signed in
 * with the longest email address the pool accepts: no horizontal overflow, no 404 (a favicon included), and
 * axe-core finds no serious or critical accessibility violation (none at all on /confirmUser). The hosted UI's MFA
 * pages (code, choice, set-up) need a pool whose MFA is ON, which this stack's pool cannot be (its e-mail-code first
 * factor refuses MFA, ADR 0023): a second pool, made through the admin API, serves them. Each page is
 * screenshotted at both widths under e2e/artifacts/19-layout-a11y/<width>/ (git-ignored, like every artifact:
 * they are a run's output), and the measured figures go to figures.json next to them.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { adminClient, ensureConfirmedUser } from "../../scripts/lib/demoAccounts.js";
import { createConfirmedUser } from "../support/admin.js";
import { newPassword, status, submitLogIn, visibleText } from "../support/app.js";
import { ARTIFACTS_DIR, useStack } from "../support/harness.js";
import { SMS_CONFIGURATION } from "../support/mfa.js";
import { totp } from "../support/totp.js";

const e2e = useStack("19-layout-a11y");
const OUT = join(ARTIFACTS_DIR, "19-layout-a11y");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [1280, 390] as const;

/**
 * The longest address the pool takes: the username (here the e-mail) is at most 128 characters (Cognito's SignUp
 * Username), a local part at most 64 (RFC 5321 §4.5.3.1.1) and a domain label at most 63.
 */
function longestEmail(tag: string): string {
  const local = `${tag}.${"l".repeat(64)}`.slice(0, 64);
  const domain = `${"d".repeat(51)}.example.com`; // 63 characters
  const email = `${local}@${domain}`;
  if (email.length !== 128) throw new Error(`expected a 128-character address, made ${email.length}`);
  return email;
}

interface PageFigures {
  page: string;
  width: number;
  /** document scrollWidth minus the viewport width: > 0 is horizontal overflow. */
  overflowPx: number;
  title: string;
  h1: number;
  /** Lowest contrast of a text input's border against the page background (WCAG 1.4.11 asks for 3:1). */
  inputBorderContrast: number | null;
  axe: { id: string; impact: string; nodes: number }[];
  /** Requests the page made that answered 404 (a missing favicon shows up here). */
  notFound: string[];
}

const figures: PageFigures[] = [];

/** 404 answers each browser page has seen since its last check(). */
const missing = new WeakMap<Page, string[]>();
function watch404(page: Page): Page {
  const seen: string[] = [];
  missing.set(page, seen);
  page.on("response", (r) => {
    // A page's own 404 (the not-found pages) is its answer; a 404 for something it loads is a fault.
    if (r.status() === 404 && !r.request().isNavigationRequest()) seen.push(r.url());
  });
  return page;
}

// The page lists are separate constants so that a page added by one change merges with another's.

/** The web app signed out: [artifact name, path]. */
const APP_PAGES_SIGNED_OUT = [
  ["home", "/"],
  ["register", "/register"],
  ["login", "/login"],
  ["verify-email", "/verify-email"],
  ["resend-code", "/resend-code"],
  ["forgot-password", "/forgot-password"],
  ["reset-password", "/reset-password"],
  ["verify-link-incomplete", "/verify"],
  ["security-signed-out", "/security"],
  ["not-found", "/no-such-page"],
] as const;

/** The hosted UI's pages of one authorization request, beside /login: [artifact name, path]. */
const HOSTED_PAGES = [
  ["hosted-signup", "/signup"],
  ["hosted-forgot-password", "/forgotPassword"],
  ["hosted-confirm", "/confirm"],
  ["hosted-confirm-forgot-password", "/confirmForgotPassword"],
] as const;

/** The userpool's development pages a developer reads in the browser: [artifact name, path]. */
const DEV_PAGES = [["dev-mailbox", "/_dev/mailbox"]] as const;

/** The MFA pool's client's redirect URI: answered by the test, no app behind it. */
const HOSTED_MFA_CALLBACK = "https://app.example.com/callback";

/** Pages that must have no axe violation at all, moderate and minor included. */
const ANY_IMPACT = new Set(["hosted-confirm-link"]);

/** Measures one loaded page, runs axe-core in it and saves a full-page screenshot. */
async function check(page: Page, name: string, width: number): Promise<PageFigures> {
  await page.waitForLoadState("networkidle").catch(() => {});
  const notFound = missing.get(page)?.splice(0) ?? [];
  // Injected through CDP (page.evaluate), which the hosted UI's Content-Security-Policy does not govern.
  await page.evaluate(AXE_SOURCE);
  const measured = await page.evaluate(async () => {
    const w = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number };
        title: string;
        querySelectorAll(s: string): ArrayLike<unknown>;
        body: unknown;
      };
      innerWidth: number;
      getComputedStyle(e: unknown): { borderTopColor: string; backgroundColor: string };
      axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
    };
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const background = (el: unknown): string => {
      let node = el as { parentElement: unknown } | null;
      while (node) {
        const bg = w.getComputedStyle(node).backgroundColor;
        if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== "transparent") return bg;
        node = node.parentElement as { parentElement: unknown } | null;
      }
      return "rgb(255, 255, 255)";
    };
    const inputs = Array.from(
      w.document.querySelectorAll(
        'input[type="email"],input[type="password"],input[type="tel"],input[type="text"],input:not([type])',
      ),
    );
    const contrasts = inputs.map((el) => ratio(w.getComputedStyle(el).borderTopColor, background(el)));
    const result = await w.axe.run({ resultTypes: ["violations"] });
    return {
      overflowPx: w.document.documentElement.scrollWidth - w.innerWidth,
      title: w.document.title,
      h1: w.document.querySelectorAll("h1").length,
      inputBorderContrast: contrasts.length ? Math.round(Math.min(...contrasts) * 100) / 100 : null,
      axe: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
    };
  });
  await page.screenshot({ path: join(OUT, String(width), `${name}.png`), fullPage: true });
  const row = { page: name, width, ...measured, notFound };
  figures.push(row);
  // Written after every page, so a run stopped half-way still leaves its figures.
  writeFileSync(join(OUT, "figures.json"), `${JSON.stringify(figures, null, 2)}\n`);
  return row;
}

/** Horizontal overflow, serious or critical axe violations (any on ANY_IMPACT pages), 404s and low-contrast inputs. */
function problemsOf(rows: PageFigures[]): string[] {
  return rows.flatMap((f) => [
    ...(f.overflowPx > 0 ? [`${f.page} @${f.width}: ${f.overflowPx} px horizontal overflow`] : []),
    ...f.axe
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${f.page} @${f.width}: axe ${v.impact} ${v.id} (${v.nodes} elements)`),
    ...(ANY_IMPACT.has(f.page) ? f.axe.filter((v) => v.impact !== "serious" && v.impact !== "critical") : []).map(
      (v) => `${f.page} @${f.width}: axe ${v.impact} ${v.id} (${v.nodes} elements)`,
    ),
    ...f.notFound.map((url) => `${f.page} @${f.width}: 404 for ${url}`),
    ...(f.inputBorderContrast !== null && f.inputBorderContrast < 3
      ? [`${f.page} @${f.width}: input border contrast ${f.inputBorderContrast}:1 (< 3:1)`]
      : []),
  ]);
}

describe("layout and accessibility of every page", () => {
  it("no overflow and no serious or critical axe violation at 1280 and 390 px", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("pages");
    const password = newPassword();
    const signedInEmail = longestEmail("in");
    await createConfirmedUser(stack, signedInEmail, password);
    const web = (path: string) => new URL(path, stack.urls.web).href;
    const authorize = new URL("/oauth2/authorize", stack.urls.userpoolHttps);
    authorize.search = new URLSearchParams({
      client_id: stack.clientId,
      response_type: "code",
      scope: "openid email",
      redirect_uri: stack.urls.web,
      // The web client is public: the pool wants PKCE, as Amplify sends it.
      code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();

    for (const width of WIDTHS) {
      const page = watch404(await s.newBrowser(`w${width}`, { viewport: { width, height: 900 } }));
      await s.step(`signed out at ${width}`, async () => {
        for (const [name, path] of APP_PAGES_SIGNED_OUT) {
          await page.goto(web(path));
          await page.locator("main").waitFor();
          await check(page, name, width);
        }
      });
      await s.step(`register with the longest email at ${width}`, async () => {
        await page.goto(web("/register"));
        await page.getByLabel("Email").fill(longestEmail(`r${width}`));
        await page.getByLabel("Password", { exact: true }).fill(password);
        await page.getByRole("button", { name: "Sign up" }).click();
        await visibleText(status(page, "Account created for"));
        await check(page, "registered", width);
      });
      await s.step(`signed in with the longest email at ${width}`, async () => {
        await submitLogIn(page, stack.urls.web, signedInEmail, password);
        await page.getByRole("heading", { name: "Current user" }).waitFor();
        await check(page, "home-signed-in", width);
        await page.getByRole("button", { name: "Get users" }).click();
        await page.getByRole("table").waitFor();
        await check(page, "home-users", width);
        // The account page's e-mail change, waiting for its code, with the longest address as the new one.
        await page.getByLabel("New email").fill(longestEmail(`e${width}`));
        await page.getByRole("button", { name: "Change email" }).click();
        await page.getByLabel("Code from the new address").waitFor();
        await check(page, "account-email-pending", width);
        // The old /security URL lands on the account page's security sections, focus on the first (ADR 0051).
        await page.goto(web("/security"));
        await page.waitForURL((u) => u.pathname === "/" && u.hash === "#security");
        const security = page.getByRole("region", { name: "Two-step sign-in", exact: true });
        await security.waitFor();
        await expect.poll(() => security.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
        await check(page, "security", width);
        await page.goto(web("/login"));
        await page.locator("main").waitFor();
        await check(page, "login-signed-in", width);
      });
      await s.step(`hosted UI at ${width}`, async () => {
        await page.goto(authorize.href);
        await page.waitForURL(/\/login\?/);
        const login = new URL(page.url());
        await check(page, "hosted-login", width);
        for (const [name, path] of HOSTED_PAGES) {
          await page.goto(new URL(`${path}${login.search}`, login).href);
          await check(page, name, width);
        }
        // The states with a message: a refused password (a sentence naming the rule, ADR 0046) and a wrong one.
        await page.goto(new URL(`/signup${login.search}`, login).href);
        await page.getByLabel("Email address").fill(longestEmail(`h${width}`));
        await page.getByLabel("Password", { exact: true }).fill("short");
        await page.getByRole("button", { name: "Sign up" }).click();
        expect(await visibleText(page.getByRole("alert"))).toMatch(/^The password is too short: it needs at least/);
        await check(page, "hosted-signup-refused", width);
        await page.goto(login.href);
        await page.getByLabel("Email address").fill(signedInEmail);
        await page.getByLabel("Password", { exact: true }).fill(`${password}-wrong`);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await visibleText(page.getByRole("alert"));
        await check(page, "hosted-login-refused", width);
        await page.goto(new URL("/no-such-page", login).href);
        await check(page, "hosted-not-found", width);
        // The federation callback with a state nobody issued: the "Sign-in failed" page.
        await page.goto(new URL("/oauth2/idpresponse?code=x&state=forged", login).href);
        await check(page, "hosted-sign-in-failed", width);
        // A confirmation link with a wrong code, for the longest address: the pool's own link landing page.
        const confirm = new URL("/confirmUser", stack.urls.userpool);
        confirm.search = new URLSearchParams({
          client_id: stack.clientId,
          user_name: longestEmail(`r${width}`),
          confirmation_code: "000000",
        }).toString();
        await page.goto(confirm.href);
        await check(page, "hosted-confirm-link", width);
        for (const [name, path] of DEV_PAGES) {
          await page.goto(new URL(path, stack.urls.userpool).href);
          await check(page, name, width);
        }
      });
    }

    expect(problemsOf(figures)).toEqual([]);
    // About 70 pages with an axe run each: longer than one user path, so more than the default 120 s under load.
  }, 480_000);
  it("the hosted MFA pages: no overflow and no serious or critical axe violation at 1280 and 390 px", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("hosted-mfa");
    const password = newPassword();
    /** The pool's users, per width: each reaches one MFA page at sign-in. */
    const users = (width: number) => ({
      // No factor yet: MFA_SETUP, first the choice, then the app's QR code; afterwards the app's code page.
      app: longestEmail(`ma${width}`),
      // No factor yet: MFA_SETUP by e-mail (the address form, then the code sent to it).
      emailSetup: longestEmail(`mes${width}`),
      // E-mail MFA preferred: the e-mailed code page.
      email: longestEmail(`me${width}`),
      // A verified phone number in a pool with SMS MFA and MFA ON: the texted code page.
      sms: longestEmail(`ms${width}`),
      // A verified phone number and e-mail MFA on, none preferred: SELECT_MFA_TYPE, the choice page.
      choice: longestEmail(`mc${width}`),
    });
    const { clientId } = await s.step("a pool with MFA ON (app, e-mail, SMS), a domain and its users", async () => {
      const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
      try {
        const pool = await admin.send(
          new CreateUserPoolCommand({
            PoolName: "Hosted MFA pages",
            UsernameAttributes: ["email"],
            // E-mail MFA needs the pool's own sender, SMS MFA an SMS configuration (ADR 0012, 0013).
            EmailConfiguration: {
              EmailSendingAccount: "DEVELOPER",
              SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/authhub.example",
            },
            SmsConfiguration: { ...SMS_CONFIGURATION },
          }),
        );
        const poolId = pool.UserPool!.Id!;
        await admin.send(
          new SetUserPoolMfaConfigCommand({
            UserPoolId: poolId,
            MfaConfiguration: "ON",
            SoftwareTokenMfaConfiguration: { Enabled: true },
            EmailMfaConfiguration: { Subject: "Your sign-in code", Message: "Your sign-in code is {####}." },
            SmsMfaConfiguration: {
              SmsAuthenticationMessage: "Your sign-in code is {####}.",
              SmsConfiguration: { ...SMS_CONFIGURATION },
            },
          }),
        );
        await admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "hosted-mfa-a11y" }));
        const client = await admin.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: "hosted-mfa-a11y",
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["code"],
            AllowedOAuthScopes: ["openid", "email"],
            SupportedIdentityProviders: ["COGNITO"],
            CallbackURLs: [HOSTED_MFA_CALLBACK],
          }),
        );
        for (const width of WIDTHS) {
          const u = users(width);
          for (const email of Object.values(u)) await ensureConfirmedUser(admin, poolId, email, password);
          for (const [i, email] of [u.sms, u.choice].entries()) {
            await admin.send(
              new AdminUpdateUserAttributesCommand({
                UserPoolId: poolId,
                Username: email,
                UserAttributes: [
                  { Name: "phone_number", Value: `+1555010${String(width).padStart(4, "0")}${i}` },
                  { Name: "phone_number_verified", Value: "true" },
                ],
              }),
            );
          }
          await admin.send(
            new AdminSetUserMFAPreferenceCommand({
              UserPoolId: poolId,
              Username: u.email,
              EmailMfaSettings: { Enabled: true, PreferredMfa: true },
            }),
          );
          await admin.send(
            new AdminSetUserMFAPreferenceCommand({
              UserPoolId: poolId,
              Username: u.choice,
              EmailMfaSettings: { Enabled: true, PreferredMfa: false },
              SMSMfaSettings: { Enabled: true, PreferredMfa: false },
            }),
          );
        }
        return { clientId: client.UserPoolClient!.ClientId! };
      } finally {
        admin.destroy();
      }
    });

    /** A fresh hosted sign-in (no session cookie left) up to the page after the password. */
    async function signIn(page: Page, email: string): Promise<void> {
      await page.context().clearCookies();
      const authorize = new URL("/oauth2/authorize", stack.urls.userpoolHttps);
      authorize.search = new URLSearchParams({
        client_id: clientId,
        response_type: "code",
        scope: "openid email",
        redirect_uri: HOSTED_MFA_CALLBACK,
        code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      await page.goto(authorize.href);
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    }
    const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name }).waitFor();

    const rows: PageFigures[] = [];
    for (const width of WIDTHS) {
      const u = users(width);
      const page = watch404(await s.newBrowser(`mfa-w${width}`, { viewport: { width, height: 900 } }));
      // The client's redirect URI has no server behind it: the browser's request there is answered here.
      await page.route(`${HOSTED_MFA_CALLBACK}**`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>callback</title>" }),
      );
      await s.step(`set-up pages at ${width}`, async () => {
        await signIn(page, u.app);
        await heading(page, "Set up multi-factor authentication");
        rows.push(await check(page, "hosted-mfa-setup-choice", width));
        await page.getByRole("button", { name: "Authenticator app" }).click();
        await heading(page, "Set up an authenticator app");
        rows.push(await check(page, "hosted-mfa-setup-app", width));
        const secret = (await page.locator("#secret").textContent())!.trim();
        await page.getByLabel("Code", { exact: true }).fill(totp(secret, stack.clock.nowMs()));
        await page.getByRole("button", { name: "Verify and sign in" }).click();
        await page.waitForURL((url) => url.href.startsWith(HOSTED_MFA_CALLBACK));

        await signIn(page, u.emailSetup);
        await heading(page, "Set up multi-factor authentication");
        await page.getByRole("button", { name: "Email message" }).click();
        await heading(page, "Set up sign-in codes by email");
        // The form comes filled with the account's address: the longest the pool takes.
        rows.push(await check(page, "hosted-mfa-setup-email", width));
        await page.getByRole("button", { name: "Send code" }).click();
        await heading(page, "Enter your code");
        rows.push(await check(page, "hosted-mfa-setup-email-code", width));
      });
      await s.step(`code pages at ${width}`, async () => {
        await signIn(page, u.app);
        await heading(page, "Enter your code");
        await page.getByText("Enter the 6-digit code from your authenticator app.").waitFor();
        rows.push(await check(page, "hosted-mfa-totp", width));
        await page.getByLabel("Code", { exact: true }).fill("000000");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await visibleText(page.getByRole("alert"));
        rows.push(await check(page, "hosted-mfa-totp-refused", width));

        await signIn(page, u.email);
        await heading(page, "Enter your code");
        await page.getByText(/^We sent a code to /).waitFor();
        rows.push(await check(page, "hosted-mfa-email", width));

        await signIn(page, u.sms);
        await heading(page, "Enter your code");
        await page.getByText(/^We sent a code by text message/).waitFor();
        rows.push(await check(page, "hosted-mfa-sms", width));

        await signIn(page, u.choice);
        await heading(page, "Choose how to verify");
        rows.push(await check(page, "hosted-mfa-choice", width));
      });
    }
    // Nine pages at two widths; each page above was asserted to be the one named, so none is skipped silently.
    expect(rows.map((r) => r.page)).toHaveLength(18);
    expect(problemsOf(rows)).toEqual([]);
  }, 300_000);
});
