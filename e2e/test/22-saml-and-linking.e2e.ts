/**
 * Scenario 22 (issue #22): the web app signs in through the development SAML IdP and signs out through SAML
 * single logout (IDPSignout); and a Google identity linked to an existing password user
 * (AdminLinkProviderForUser) signs in to that same account, the same sub and app user ID both ways.
 *
 * The SAML provider is the one `npm start` registers (config/userpool.stack.json's DevSAML, from the development
 * IdP's metadata URL): the app's own "Sign in with DevSAML" button, as a developer finds it.
 */
import { AdminLinkProviderForUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { adminClient } from "../../scripts/lib/demoAccounts.js";
import { createConfirmedUser } from "../support/admin.js";
import {
  claimsOf,
  expectSignedIn,
  expectSignedOut,
  logIn,
  newPassword,
  storedTokens,
  uniqueEmail,
  userFact,
} from "../support/app.js";
import { useStack } from "../support/harness.js";

const e2e = useStack("22-saml-and-linking");

// The linking scenario goes first: its password sign-in is the stack's first call of the user-sync trigger (cold
// start), which a loaded machine can push past the trigger's 5 s timeout.
describe("SAML and account linking", () => {
  it("a Google identity linked to a password user signs in to that same account", async () => {
    const { stack } = e2e;
    const email = uniqueEmail("linked");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
    try {
      await admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: stack.poolId,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: email },
          SourceUser: {
            ProviderName: "Google",
            ProviderAttributeName: "Cognito_Subject",
            ProviderAttributeValue: "100000000000000000002",
          },
        }),
      );
    } finally {
      admin.destroy();
    }
    const s = e2e.scenario("link-google");

    const byPassword = await s.newBrowser();
    let sub: unknown;
    let appUserId = "";
    await s.step("log in with the password", async () => {
      await logIn(byPassword, stack.urls.web, email, password);
      sub = claimsOf((await storedTokens(byPassword)).idToken).sub;
      appUserId = await userFact(byPassword, "App user ID");
      expect(appUserId).toMatch(/^[1-9]\d*$/);
    });

    const byGoogle = await s.newBrowser();
    await s.step("sign in with the linked Google account: the same user", async () => {
      await byGoogle.goto(stack.urls.web);
      await byGoogle.getByRole("button", { name: "Sign in with Google" }).click();
      await byGoogle.getByRole("button", { name: /Alan Turing/ }).click();
      await byGoogle.waitForURL((u) => u.href.startsWith(stack.urls.web));
      await expectSignedIn(byGoogle, email);
      const claims = claimsOf((await storedTokens(byGoogle)).idToken);
      expect(claims.sub).toBe(sub);
      expect(await userFact(byGoogle, "App user ID")).toBe(appUserId);
      expect(JSON.stringify(claims.identities)).toContain('"providerName":"Google"');
    });
  });

  it("signs in with the development SAML IdP and signs out of it with single logout", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("saml");
    const page = await s.newBrowser();
    const visited: string[] = [];
    page.on("request", (r) => visited.push(`${r.method()} ${r.url().split("?")[0]}`));

    await s.step("the app's SAML button goes to the development SAML IdP", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign in with DevSAML" }).click();
      await page.waitForURL((u) => u.href.startsWith(`${stack.urls.userpoolHttps}/_dev/saml/sso`));
    });

    await s.step("choose an account; the signed assertion comes back to /saml2/idpresponse", async () => {
      await page.getByRole("button", { name: /Grace Hopper/ }).click();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL((u) => u.href.startsWith(stack.urls.web));
      await expectSignedIn(page, "grace.hopper@example.com");
      expect(visited).toContain(`POST ${stack.urls.userpoolHttps}/saml2/idpresponse`);
      expect(await userFact(page, "Signed in with")).toBe("DevSAML");
      expect(await userFact(page, "Username")).toBe("DevSAML_grace.hopper@example.com");
      // The attribute mapping of the registered provider: the assertion's given_name and family_name.
      const claims = claimsOf((await storedTokens(page)).idToken);
      expect([claims.given_name, claims.family_name]).toEqual(["Grace", "Hopper"]);
    });

    await s.step("sign out: the IdP's single logout, then back in the app, signed out", async () => {
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.waitForURL((u) => u.href.startsWith(`${stack.urls.userpoolHttps}/_dev/saml/slo`));
      await page.getByText("You have been signed out of the development SAML IdP.").waitFor();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL((u) => u.href.startsWith(stack.urls.web));
      await expectSignedOut(page);
      expect(visited).toContain(`GET ${stack.urls.userpoolHttps}/logout`);
      expect(visited).toContain(`POST ${stack.urls.userpoolHttps}/saml2/logout`);
    });
  });
});
