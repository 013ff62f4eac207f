/**
 * Scenario 6: a client with 5-minute tokens. After they expire (one clock moved for the userpool,
 * the API and the browser together), "Get users" still works: the app refreshes silently with
 * GetTokensFromRefreshToken, and the API gets a new ID token.
 */
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { claimsOf, expectSignedIn, getUsers, logIn, storedTokens } from "../support/app.js";
import { useStack } from "../support/harness.js";

// Cognito's shortest lifetimes for access and ID tokens.
const e2e = useStack("06-silent-refresh", {
  adjustConfig: (config) => {
    const client = config.UserPools[0]!.Clients![0]!;
    Object.assign(client, {
      AccessTokenValidity: 5,
      IdTokenValidity: 5,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
    });
  },
});

const target = (r: Request) => r.headers()["x-amz-target"]?.replace("AWSCognitoIdentityProviderService.", "");

describe("silent refresh", () => {
  it("refreshes expired tokens without asking the user, and the API accepts the new ID token", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("silent-refresh");
    const page = await s.newBrowser("browser", { controlClock: true });
    const email = stack.demoAccounts.emails[0]!;
    const calls: string[] = [];
    const apiTokens: string[] = [];
    page.on("request", (r) => {
      const t = target(r);
      if (t) calls.push(t);
      if (r.url().startsWith(`${stack.urls.api}/users`))
        apiTokens.push((r.headers().authorization ?? "").replace(/^Bearer /, ""));
    });

    const first = await s.step("log in; tokens last 5 minutes", async () => {
      await logIn(page, stack.urls.web, email, stack.demoAccounts.password);
      const idToken = (await storedTokens(page)).idToken!;
      const claims = claimsOf(idToken);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
      return idToken;
    });

    await s.step("Get users with the first token", async () => {
      expect((await getUsers(page)).some((r) => r.email === email)).toBe(true);
      expect(apiTokens.at(-1)).toBe(first);
    });

    await s.step("six minutes pass", async () => {
      await s.advanceTime(6 * 60_000);
      // The first ID token is now refused by the API: the refresh below is needed, not cosmetic.
      const res = await fetch(`${stack.urls.api}/users`, { headers: { Authorization: `Bearer ${first}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/expired/i);
    });

    await s.step("Get users refreshes silently and works", async () => {
      const before = calls.length;
      // Same page, no reload: the API client asks Amplify for a token, Amplify finds it expired and refreshes.
      const rows = await getUsers(page);
      await expectSignedIn(page, email);
      expect(rows.some((r) => r.email === email)).toBe(true);
      expect(calls.slice(before)).toContain("GetTokensFromRefreshToken");
      // No sign-in happened: the user was never asked for the password again.
      expect(calls.slice(before)).not.toContain("InitiateAuth");
      const sent = apiTokens.at(-1)!;
      expect(sent).not.toBe(first);
      expect(claimsOf(sent).sub).toBe(claimsOf(first).sub);
      expect(Number(claimsOf(sent).exp) * 1000).toBeGreaterThan(stack.clock.nowMs());
    });
  });
});
