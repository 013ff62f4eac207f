/**
 * Scenario 22 (issue #22): the web app signs in through the development SAML IdP and signs out through SAML
 * single logout (IDPSignout); and a Google identity linked to an existing password user
 * (AdminLinkProviderForUser) signs in to that same account, the same sub and app user ID both ways.
 *
 * The app's only federation button is Google's (other buttons come with the providers that need them), so the
 * SAML scenario drops `identity_provider` from the app's own authorize request: the hosted UI then shows its
 * login page, and its "Continue with DevSaml" button is used. The app's state and PKCE are untouched.
 */
import {
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
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
    const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
    try {
      await admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: stack.poolId,
          ProviderName: "DevSaml",
          ProviderType: "SAML",
          ProviderDetails: { MetadataURL: `${stack.urls.userpoolHttps}/_dev/saml/metadata`, IDPSignout: "true" },
          AttributeMapping: { email: "email", given_name: "given_name", family_name: "family_name" },
        }),
      );
      const { UserPoolClient: c } = await admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: stack.poolId, ClientId: stack.clientId }),
      );
      const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...settings } = c!;
      await admin.send(
        new UpdateUserPoolClientCommand({
          ...settings,
          UserPoolId: stack.poolId,
          ClientId: stack.clientId,
          SupportedIdentityProviders: [...(settings.SupportedIdentityProviders ?? []), "DevSaml"],
        }),
      );
    } finally {
      admin.destroy();
    }

    const s = e2e.scenario("saml");
    const page = await s.newBrowser();
    const visited: string[] = [];
    page.on("request", (r) => visited.push(`${r.method()} ${r.url().split("?")[0]}`));
    await page.route(`${stack.urls.userpoolHttps}/oauth2/authorize?*`, (route) => {
      const u = new URL(route.request().url());
      if (u.searchParams.get("identity_provider") !== "Google") return route.continue();
      u.searchParams.delete("identity_provider");
      return route.continue({ url: u.href });
    });

    await s.step("the hosted UI offers the SAML IdP", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign in with Google" }).click();
      await page.getByRole("link", { name: "Continue with DevSaml" }).click();
      await page.waitForURL((u) => u.href.startsWith(`${stack.urls.userpoolHttps}/_dev/saml/sso`));
    });

    await s.step("choose an account; the signed assertion comes back to /saml2/idpresponse", async () => {
      await page.getByRole("button", { name: /Grace Hopper/ }).click();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL((u) => u.href.startsWith(stack.urls.web));
      await expectSignedIn(page, "grace.hopper@example.com");
      expect(visited).toContain(`POST ${stack.urls.userpoolHttps}/saml2/idpresponse`);
      expect(await userFact(page, "Signed in with")).toBe("DevSaml");
      expect(await userFact(page, "Username")).toBe("DevSaml_grace.hopper@example.com");
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
