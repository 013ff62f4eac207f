/**
 * Scenario 21: the log-in page shows one button per provider the web client enables (VITE_IDENTITY_PROVIDERS,
 * written by the stack from SupportedIdentityProviders), and each development social provider signs in for real:
 * the hosted UI's redirect, the provider's account chooser, the code exchange (Facebook's Graph API by GET,
 * Amazon's token endpoint by POST, Apple's with an ES256 client_secret JWT and its signed ID token checked), the
 * federated user `<Provider>_<id>`, and the app's own PKCE code exchange.
 */
import { describe, expect, it } from "vitest";
import { claimsOf, expectSignedIn, storedTokens, userFact } from "../support/app.js";
import { useStack } from "../support/harness.js";

const e2e = useStack("21-social");

const PROVIDERS = [
  {
    button: "Sign in with Facebook",
    name: "Facebook",
    label: "Facebook",
    path: "/_dev/facebook/dialog/oauth",
    account: /Margaret Hamilton/,
    email: "margaret.hamilton@example.com",
    username: "Facebook_10000000000000001",
  },
  {
    button: "Sign in with Apple",
    name: "SignInWithApple",
    label: "Apple",
    path: "/_dev/apple/auth/authorize",
    account: /Barbara Liskov/,
    email: "barbara.liskov@example.com",
    username: "SignInWithApple_000101.devbarbaraliskov.0001",
  },
  {
    button: "Sign in with Amazon",
    name: "LoginWithAmazon",
    label: "Amazon",
    path: "/_dev/amazon/ap/oa",
    account: /Donald Knuth/,
    email: "donald.knuth@example.com",
    username: "LoginWithAmazon_amzn1.account.DEVDONALDKNUTH000002",
  },
];

describe("sign in with Facebook, Apple and Amazon", () => {
  it("the log-in page offers every provider the client enables, in its order", async () => {
    const s = e2e.scenario("buttons");
    const page = await s.newBrowser();
    await s.step("one button per provider", async () => {
      await page.goto(e2e.stack.urls.web);
      await page.getByRole("button", { name: "Sign in with Google" }).waitFor();
      const names = await page.locator("button.idp").allTextContents();
      expect(names).toEqual([
        "Sign in with Google",
        "Sign in with Facebook",
        "Sign in with Apple",
        "Sign in with Amazon",
        "Sign in with DevSAML",
      ]);
    });
  });

  for (const p of PROVIDERS) {
    it(`${p.button} signs in through the development provider as ${p.username}`, async () => {
      const { stack } = e2e;
      const s = e2e.scenario(p.name);
      const page = await s.newBrowser();

      await s.step(`${p.button} goes to the development provider`, async () => {
        await page.goto(stack.urls.web);
        await page.getByRole("button", { name: p.button }).click();
        await page.waitForURL((u) => u.href.startsWith(`${stack.urls.userpoolHttps}${p.path}`));
      });

      await s.step("choose an account", async () => {
        await page.getByRole("button", { name: p.account }).click();
        // Apple answers by form post (response_mode=form_post); without script, the user presses Continue.
        if (p.name === "SignInWithApple") await page.getByRole("button", { name: "Continue" }).click();
        await page.waitForURL((u) => u.href.startsWith(stack.urls.web));
        await expectSignedIn(page, p.email);
      });

      await s.step("signed in as a federated user", async () => {
        // The app names the provider as its button does; the token carries Cognito's provider name.
        expect(await userFact(page, "Signed in with")).toBe(p.label);
        expect(await userFact(page, "Username")).toBe(p.username);
        const claims = claimsOf((await storedTokens(page)).idToken);
        expect(claims["cognito:username"]).toBe(p.username);
        expect(JSON.stringify(claims.identities)).toContain(`"providerName":"${p.name}"`);
      });
    });
  }
});
