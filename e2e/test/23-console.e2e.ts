/**
 * Scenario 23, the admin console (/_console/, development mode: open to loopback without a sign-in) against the real
 * stack: find the demo user with the filter builder and disable it (the web app refuses its sign-in), enable it again;
 * create a pool and an app client; raise the demo pool's minimum password length and see the web app's sign-up refuse
 * a password it took before; read the sign-up code from the Mailbox view; inspect the signed-in user's access token
 * (valid) and an altered one (not valid); the audit log lists every change, with no secret. Then every console page at
 * 1280 and 390 px: no horizontal overflow, one h1, no serious or critical axe-core violation; screenshots under
 * e2e/artifacts/23-console/<width>/ and the figures in figures.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { adminClient } from "../../scripts/lib/demoAccounts.js";
import {
  alert,
  expectSignedIn,
  logIn,
  register,
  status,
  storedTokens,
  submitLogIn,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { checkPage, type PageCheck, problemsOf } from "../support/axe.js";
import { ARTIFACTS_DIR, useStack } from "../support/harness.js";

// Verification by code (as scenarios 1 and 20), so that the Mailbox view has a code to read and the web app takes it.
const e2e = useStack("23-console", {
  adjustConfig: (config) => {
    const pool = config.UserPools[0]!;
    pool.VerificationMessageTemplate = { ...pool.VerificationMessageTemplate, DefaultEmailOption: "CONFIRM_WITH_CODE" };
  },
});
const OUT = join(ARTIFACTS_DIR, "23-console");
const WIDE = { width: 1280, height: 900 };
const DEMO = "demo@example.com";
/** Ten characters: within the committed policy (8), not within 12. */
const TEN_CHARACTERS = "Abcdef-12!";

const checks: PageCheck[] = [];
/** Checks one console page (axe, overflow, one h1) and keeps the figures; every page visited goes through here. */
async function check(page: Page, name: string, width: number): Promise<void> {
  const dir = join(OUT, String(width));
  mkdirSync(dir, { recursive: true });
  checks.push(await checkPage(page, name, width, join(dir, `${name}.png`)));
  writeFileSync(join(OUT, "figures.json"), `${JSON.stringify(checks, null, 2)}\n`);
}

/** Opens a console path and waits for its page title and for its data (no "Loading…" left). */
async function open(page: Page, consoleUrl: string, path: string, title: string | RegExp): Promise<void> {
  await page.goto(new URL(path.replace(/^\//, ""), consoleUrl).href);
  await heading(page, title);
}

async function heading(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name: title }).waitFor({ state: "visible" });
  await expect.poll(() => page.getByText(/^Loading/).count()).toBe(0);
}

const section = (page: Page, name: string) => page.getByRole("region", { name });

describe("the admin console", () => {
  it("manages users, pools, clients and policy; mailbox, token inspector and audit log", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("console");
    const admin = await s.newBrowser("console", { viewport: WIDE });
    const console_ = stack.urls.console;
    const demoPool = stack.poolId;
    let demoUserPath = "";

    await s.step("find the demo user with the filter builder", async () => {
      await open(admin, console_, `pools/${demoPool}/users`, "Users");
      await check(admin, "flow-users", WIDE.width);
      const search = admin.getByRole("search", { name: "Find users" });
      await search.getByLabel("Attribute").selectOption("email");
      await search.getByLabel("Match").selectOption("=");
      await search.getByLabel("Value").fill(DEMO);
      expect(await visibleText(search.locator("output"))).toBe(`email = "${DEMO}"`);
      await search.getByRole("button", { name: "Search" }).click();
      const rows = admin.getByRole("table").locator("tbody tr");
      await expect.poll(() => rows.count()).toBe(1);
      expect(await visibleText(rows.first())).toContain(DEMO);
      await check(admin, "flow-users-filtered", WIDE.width);
      await rows.first().getByRole("link").click();
      await heading(admin, /.+/);
      demoUserPath = new URL(admin.url()).pathname;
    });

    await s.step("disable the demo user", async () => {
      const account = section(admin, "Account");
      await account.getByRole("button", { name: "Disable user" }).click();
      await visibleText(account.getByRole("status").filter({ hasText: "User disabled" }));
      await account.getByRole("button", { name: "Enable user" }).waitFor();
      expect(await visibleText(account.locator("dd").nth(1))).toBe("No (disabled)");
      await check(admin, "flow-user-disabled", WIDE.width);
    });

    await s.step("the web app refuses the disabled user's sign-in", async () => {
      const web = await s.newBrowser("web-disabled", { viewport: WIDE });
      await submitLogIn(web, stack.urls.web, DEMO, stack.demoAccounts.password);
      expect(await visibleText(alert(web))).toBe(
        "This account is disabled. Contact support if you think this is a mistake.",
      );
    });

    await s.step("enable the demo user: the sign-in works again", async () => {
      const account = section(admin, "Account");
      await account.getByRole("button", { name: "Enable user" }).click();
      await visibleText(account.getByRole("status").filter({ hasText: "User enabled." }));
      // The message comes before the user is read again: wait for the re-read (its button), as for disabling.
      await account.getByRole("button", { name: "Disable user" }).waitFor();
      expect(await visibleText(account.locator("dd").nth(1))).toBe("Yes");
      const web = await s.newBrowser("web-enabled", { viewport: WIDE });
      await logIn(web, stack.urls.web, DEMO, stack.demoAccounts.password);
    });

    const poolName = `Console e2e ${Date.now().toString(36)}`;
    const clientName = "console-e2e-client";
    let created = { poolId: "", clientId: "", secret: "" };
    await s.step("create a pool and an app client with a secret", async () => {
      await open(admin, console_, "pools/new", "Create a user pool");
      await admin.getByLabel("Pool name").fill(poolName);
      await admin.getByRole("button", { name: "Create user pool" }).click();
      await heading(admin, poolName);
      const poolId = await visibleText(section(admin, "Overview").locator("dd.mono"));
      expect(new URL(admin.url()).pathname).toBe(`/_console/pools/${poolId}`);
      await admin.getByRole("navigation", { name: "This pool" }).getByRole("link", { name: "App clients" }).click();
      await heading(admin, "App clients");
      await admin.getByRole("link", { name: "Create an app client" }).click();
      await heading(admin, "Create an app client");
      await check(admin, "flow-client-new", WIDE.width);
      await admin.getByLabel("App client name").fill(clientName);
      await admin.getByLabel("Generate a client secret (for a server-side app)").check();
      await admin.getByRole("button", { name: "Create app client" }).click();
      const done = status(admin, `Created ${clientName}`);
      const clientId = await visibleText(done.locator(".mono"));
      const secret = await visibleText(admin.locator("p.mono.secret"));
      expect(secret.length).toBeGreaterThan(20);
      await check(admin, "flow-client-created", WIDE.width);
      created = { poolId, clientId, secret };
    });

    await s.step("the new client is listed and the admin API describes it", async () => {
      await open(admin, console_, `pools/${created.poolId}/clients`, "App clients");
      await admin.getByRole("link", { name: clientName }).waitFor();
      const sdk = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
      try {
        const { UserPoolClient } = await sdk.send(
          new DescribeUserPoolClientCommand({ UserPoolId: created.poolId, ClientId: created.clientId }),
        );
        expect(UserPoolClient?.ClientName).toBe(clientName);
        expect(UserPoolClient?.UserPoolId).toBe(created.poolId);
      } finally {
        sdk.destroy();
      }
    });

    const web = await s.newBrowser("web", { viewport: WIDE });
    await s.step("before the policy change, a ten-character password signs up", async () => {
      await register(web, stack.urls.web, uniqueEmail("before"), TEN_CHARACTERS);
      await visibleText(status(web, "Account created for"));
    });

    let demoPoolName = "";
    await s.step("raise the demo pool's minimum password length to 12", async () => {
      await open(admin, console_, `pools/${demoPool}`, /.+/);
      demoPoolName = await visibleText(admin.getByRole("heading", { level: 1 }));
      const form = section(admin, "Settings");
      await form.getByLabel("Minimum length").fill("12");
      await form.getByRole("button", { name: "Save settings" }).click();
      await visibleText(form.getByRole("status").filter({ hasText: "Settings saved." }));
      // Read back from the server, not from the form just typed in.
      await admin.reload();
      await expect.poll(() => section(admin, "Settings").getByLabel("Minimum length").inputValue()).toBe("12");
    });

    await s.step("the web app's sign-up refuses the same password, naming the rule", async () => {
      await register(web, stack.urls.web, uniqueEmail("after"), TEN_CHARACTERS);
      expect(await visibleText(alert(web))).toBe("That password is not strong enough. Password not long enough.");
    });

    const email = uniqueEmail("console");
    const password = "Console-e2e-1!x";
    await s.step("sign up with a longer password; the Mailbox view shows the code; it signs in", async () => {
      await register(web, stack.urls.web, email, password);
      await visibleText(status(web, "Account created for"));
      await open(admin, console_, "dev/mailbox", "Mailbox");
      const card = admin.getByRole("listitem").filter({ hasText: email });
      const code = await visibleText(card.locator("code.code-chip"));
      expect(code).toMatch(/^\d{6}$/);
      await check(admin, "flow-mailbox", WIDE.width);
      await web.getByLabel("Verification code").fill(code);
      await web.getByRole("button", { name: "Verify email" }).click();
      await expectSignedIn(web, email);
    });

    let accessToken = "";
    await s.step("the token inspector: the real access token is valid, an altered one is not", async () => {
      const tokens = await storedTokens(web);
      accessToken = tokens.accessToken ?? "";
      expect(accessToken.split(".")).toHaveLength(3);
      await open(admin, console_, "tokens", "Token inspector");
      await admin.getByLabel("JWT (ID, access or refresh token)").fill(accessToken);
      await admin.getByRole("button", { name: "Inspect" }).click();
      const verdict = section(admin, "Verdict");
      await visibleText(verdict.getByText("Valid", { exact: true }));
      expect(await visibleText(verdict.locator("dd.mono").first())).toBe(demoPool);
      const claims = JSON.parse(await visibleText(section(admin, "Claims").locator("pre"))) as Record<string, unknown>;
      expect(claims.token_use).toBe("access");
      expect(claims.iss).toBe(`${stack.urls.userpool}/${demoPool}`);
      expect(claims.client_id).toBe(stack.clientId);
      await check(admin, "flow-token-valid", WIDE.width);
      // One claim changed (the username), the signature kept: the pool's key no longer verifies it.
      const [head, body, sig] = accessToken.split(".") as [string, string, string];
      const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
      const altered = Buffer.from(JSON.stringify({ ...payload, username: "someone-else" })).toString("base64url");
      const forged = `${head}.${altered}.${sig}`;
      await admin.getByLabel("JWT (ID, access or refresh token)").fill(forged);
      await admin.getByRole("button", { name: "Inspect" }).click();
      await visibleText(verdict.getByText(/^Not valid/));
      expect(await verdict.getByText("Valid", { exact: true }).count()).toBe(0);
      const shown = JSON.parse(await visibleText(section(admin, "Claims").locator("pre"))) as Record<string, unknown>;
      expect(shown.username).toBe("someone-else");
      await check(admin, "flow-token-altered", WIDE.width);
    });

    await s.step("the audit log lists the changes, who made them, and no secret", async () => {
      await open(admin, console_, "audit", "Audit log");
      const rows = (await admin.getByRole("table").locator("tbody tr").allInnerTexts()).map((r) =>
        r.split("\t").map((c) => c.trim()),
      );
      // Columns: when, who, operation, pool, target, outcome.
      const has = (operation: string, pool: string, target: string) =>
        rows.some(
          (r) => r[1] === "local developer" && r[2] === operation && r[3] === pool && r[4] === target && r[5] === "ok",
        );
      const demoUsername = decodeURIComponent(demoUserPath.split("/").pop() ?? "");
      expect(has("AdminDisableUser", demoPool, demoUsername)).toBe(true);
      expect(has("AdminEnableUser", demoPool, demoUsername)).toBe(true);
      expect(has("UpdateUserPool", demoPool, demoPoolName)).toBe(true);
      expect(has("CreateUserPool", "—", poolName)).toBe(true);
      expect(has("CreateUserPoolClient", created.poolId, clientName)).toBe(true);
      const html = await admin.content();
      for (const secret of [stack.demoAccounts.password, password, accessToken, created.secret].filter(Boolean))
        expect(html).not.toContain(secret);
      await check(admin, "flow-audit", WIDE.width);
    });

    expect(problemsOf(checks)).toEqual([]);
  }, 300_000);

  it("every console page at 1280 and 390 px: no overflow, no serious or critical axe violation", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("pages");
    const pool = stack.poolId;
    const pages: [name: string, path: string, title: string | RegExp][] = [
      ["pools", "pools", "User pools"],
      ["pool-new", "pools/new", "Create a user pool"],
      ["pool-settings", `pools/${pool}`, /.+/],
      ["clients", `pools/${pool}/clients`, "App clients"],
      ["client-new", `pools/${pool}/new-client`, "Create an app client"],
      ["client-edit", `pools/${pool}/clients/${stack.clientId}`, /.+/],
      ["users", `pools/${pool}/users`, "Users"],
      ["user-new", `pools/${pool}/new-user`, "Create a user"],
      ["groups", `pools/${pool}/groups`, "Groups"],
      ["identity-providers", `pools/${pool}/identity-providers`, "Identity providers"],
      ["resource-servers", `pools/${pool}/resource-servers`, "Resource servers"],
      ["token-inspector", "tokens", "Token inspector"],
      ["audit", "audit", "Audit log"],
      ["mailbox", "dev/mailbox", "Mailbox"],
      ["sms", "dev/sms", "SMS outbox"],
      ["requests", "dev/requests", "Request log"],
      ["not-found", "no-such-page", "Page not found"],
    ];
    const first = checks.length;
    for (const width of [1280, 390] as const) {
      const page = await s.newBrowser(`w${width}`, { viewport: { width, height: 900 } });
      await s.step(`every page at ${width}`, async () => {
        for (const [name, path, title] of pages) {
          await open(page, stack.urls.console, path, title);
          await check(page, name, width);
          // A table may scroll in its own box on a phone; at 1280 px the request log's columns all fit (its full
          // paths, /_console/api/op/…, wrap), so Status and Time are seen without scrolling.
          if (name === "requests" && width === 1280) {
            const wrap = page.locator(".table-wrap");
            expect(await wrap.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
          }
        }
        // The user detail page, reached as an admin does: from the users list.
        await open(page, stack.urls.console, `pools/${pool}/users`, "Users");
        await page.getByRole("table").getByRole("link").first().click();
        await heading(page, /.+/);
        await section(page, "Account").waitFor();
        await expect.poll(() => page.getByText(/^Loading/).count()).toBe(0);
        await check(page, "user-detail", width);
      });
    }
    expect(checks.length - first).toBe(2 * (pages.length + 1));
    expect(problemsOf(checks.slice(first))).toEqual([]);
  }, 300_000);
});
