/**
 * oidc-client-ts (the npm package, its browser bundle unmodified) as a single-page app in Chromium:
 * discovery → signinRedirect → hosted login → signinRedirectCallback, then signoutRedirect, which
 * sends id_token_hint + post_logout_redirect_uri + state to the discovery document's
 * end_session_endpoint (RP-Initiated Logout 1.0), and signoutRedirectCallback checks the state that
 * comes back. Afterwards the hosted session is gone: a new sign-in shows the login page.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CreateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromiumTrusting } from "../support/chromium.js";
import { testEngines } from "../support/engines.js";
import { createUser, PASSWORD, POOL, startOAuthUserpool, type OAuthUserpool } from "./support.js";

const require = createRequire(import.meta.url);
const OIDC_CLIENT_TS = readFileSync(
  join(dirname(require.resolve("oidc-client-ts/package.json")), "dist/browser/oidc-client-ts.js"),
  "utf8",
);

/** The relying party: one page that makes a UserManager, and the two pages the OP sends the browser back to. */
function startRelyingParty(settings: () => Record<string, string>): Promise<{ server: Server; origin: string }> {
  const page = (script: string) =>
    "<!doctype html><html><head><meta charset=utf-8><script src=/oidc-client-ts.js></script></head><body>" +
    `<script>window.mgr = new oidc.UserManager(${JSON.stringify(settings())});${script}</script></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/oidc-client-ts.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(OIDC_CLIENT_TS);
      return;
    }
    const scripts: Record<string, string> = {
      "/": "document.body.dataset.ready = '1';",
      "/callback":
        "mgr.signinRedirectCallback().then(u => { document.body.dataset.user = JSON.stringify(" +
        "{ sub: u.profile.sub, email: u.profile.email, idToken: u.id_token }); }, " +
        "e => { document.body.dataset.error = String(e); });",
      "/signed-out":
        "mgr.signoutRedirectCallback().then(r => { document.body.dataset.signedOut = JSON.stringify(" +
        "{ state: r.userState ?? null }); }, e => { document.body.dataset.error = String(e); });",
    };
    const script = scripts[path];
    if (script === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(script));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/**
 * Calls a UserManager redirect method in the page without awaiting it (the page navigates away, so its
 * promise never settles); a failure before the navigation lands in data-error.
 */
function start(page: Page, method: "signinRedirect" | "signoutRedirect", args?: unknown): Promise<void> {
  return page.evaluate(
    ([m, a]) => {
      // Runs in the page; this package is typed without the DOM library, hence the shape spelled out.
      const w = globalThis as unknown as {
        mgr: Record<string, (a?: unknown) => Promise<void>>;
        document: { body: { dataset: Record<string, string> } };
      };
      w.mgr[m]!(a).catch((e: unknown) => {
        w.document.body.dataset.error = String(e);
      });
    },
    [method, args] as const,
  );
}

describe.each(testEngines())("oidc-client-ts in Chromium on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let rp: { server: Server; origin: string };
  let browser: Browser;
  let clientId: string;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    rp = await startRelyingParty(() => ({
      authority: up.issuer(POOL),
      client_id: clientId,
      redirect_uri: `${rp.origin}/callback`,
      post_logout_redirect_uri: `${rp.origin}/signed-out`,
      response_type: "code",
      scope: "openid email",
    }));
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientName: "oidc-client-ts",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        SupportedIdentityProviders: ["COGNITO"],
        CallbackURLs: [`${rp.origin}/callback`],
        LogoutURLs: [`${rp.origin}/signed-out`],
      }),
    );
    clientId = client.UserPoolClient!.ClientId!;
    browser = await launchChromiumTrusting(up.devCaPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => rp?.server.close(r));
    await up?.cleanup();
  });

  it("signinRedirect then signoutRedirect: RP-initiated logout ends the hosted session", async () => {
    const email = await createUser(up);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const logoutRequests: URL[] = [];
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (u.origin === up.hosted && u.pathname === "/logout") logoutRequests.push(u);
      });

      await page.goto(`${rp.origin}/`);
      await page.waitForSelector("body[data-ready]", { state: "attached" });
      await Promise.all([page.waitForURL((u) => u.pathname === "/login"), start(page, "signinRedirect")]);
      await page.fill('input[name="username"]', email);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForSelector("body[data-user], body[data-error]", { state: "attached" });
      expect(await page.getAttribute("body", "data-error")).toBeNull();
      const user = JSON.parse((await page.getAttribute("body", "data-user"))!) as {
        sub: string;
        email: string;
        idToken: string;
      };
      expect(user.email).toBe(email);

      await Promise.all([
        page.waitForURL((u) => u.pathname === "/signed-out"),
        start(page, "signoutRedirect", { state: "came-back" }),
      ]);
      await page.waitForSelector("body[data-signed-out], body[data-error]", { state: "attached" });
      expect(await page.getAttribute("body", "data-error")).toBeNull();
      // The state oidc-client-ts stored came back on post_logout_redirect_uri, with the data it holds.
      expect(JSON.parse((await page.getAttribute("body", "data-signed-out"))!)).toEqual({ state: "came-back" });

      expect(logoutRequests).toHaveLength(1);
      const sent = logoutRequests[0]!.searchParams;
      expect(sent.get("id_token_hint")).toBe(user.idToken);
      expect(sent.get("post_logout_redirect_uri")).toBe(`${rp.origin}/signed-out`);
      expect(sent.get("state")).toBeTruthy();

      // The hosted session ended: signing in again shows the login page instead of answering at once.
      await page.goto(`${rp.origin}/`);
      await page.waitForSelector("body[data-ready]", { state: "attached" });
      await Promise.all([page.waitForURL((u) => u.pathname === "/login"), start(page, "signinRedirect")]);
      expect(await page.locator('input[name="password"]').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
