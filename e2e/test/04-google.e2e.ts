/**
 * Scenario 4: "Sign in with Google" → the userpool's hosted UI → the development Google's account
 * chooser → back in the app, signed in as a federated user (Google_<sub>), without "Change password".
 * Everything runs for real over HTTPS: the redirect, the code exchange at the development Google,
 * its ID token validated by the userpool, the user created, and the app's own PKCE code exchange.
 */
import { describe, expect, it } from "vitest";
import { claimsOf, expectSignedIn, getUsers, storedTokens, userFact } from "../support/app.js";
import { useStack } from "../support/harness.js";

const e2e = useStack("04-google");

describe("sign in with Google", () => {
  it("signs in through the hosted UI and the development Google as a federated user", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("google");
    const page = await s.newBrowser();
    const visited: string[] = [];
    page.on("request", (r) =>
      visited.push(
        `${r.method()} ${r.url().split("?")[0]}` +
          `${r.url().includes("identity_provider=Google") ? " (identity_provider=Google)" : ""}`,
      ),
    );

    await s.step("the app offers Google", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign in with Google" }).waitFor();
    });

    await s.step("Sign in with Google goes to the development Google", async () => {
      await page.getByRole("button", { name: "Sign in with Google" }).click();
      // identity_provider=Google: the hosted UI sends the browser straight on to the provider.
      await page.waitForURL((u) => u.href.startsWith(`${stack.urls.userpoolHttps}/_dev/google`));
      await page.getByText("Ada Lovelace").waitFor();
      // Through the userpool's hosted UI authorize endpoint, as Amplify's signInWithRedirect builds it.
      expect(visited).toContain(`GET ${stack.urls.userpoolHttps}/oauth2/authorize (identity_provider=Google)`);
    });

    await s.step("choose an account", async () => {
      await page.getByRole("button", { name: /Ada Lovelace/ }).click();
      await page.waitForURL((u) => u.href.startsWith(stack.urls.web));
      await expectSignedIn(page, "ada.lovelace@example.com");
      // The userpool redeemed Google's code, then the app redeemed the userpool's (PKCE) at the token endpoint.
      expect(visited).toContain(`GET ${stack.urls.userpoolHttps}/oauth2/idpresponse`);
      expect(visited).toContain(`POST ${stack.urls.userpoolHttps}/oauth2/token`);
    });

    await s.step("signed in as a federated user", async () => {
      expect(await userFact(page, "Signed in with")).toBe("Google");
      expect(await userFact(page, "Username")).toBe("Google_100000000000000000001");
      const claims = claimsOf((await storedTokens(page)).idToken);
      expect(claims["cognito:username"]).toBe("Google_100000000000000000001");
      expect(JSON.stringify(claims.identities)).toContain('"providerName":"Google"');
      expect(claims.db_user_id).toMatch(/^[1-9]\d*$/);
      // The tutorial hides change password for federated users: their password lives at Google.
      expect(await page.getByRole("heading", { name: "Change password" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Change password" }).count()).toBe(0);
    });

    await s.step("Get users works with the federated token", async () => {
      expect((await getUsers(page)).some((r) => r.email === "ada.lovelace@example.com")).toBe(true);
    });
  });
});
