/**
 * Scenario 17: branding and terms in Chromium. A pool with a domain, a classic hosted UI customization (CSS and
 * a logo, through SetUICustomization) and both terms documents for its app client (CreateTerms). The hosted
 * login page is styled by the pool's CSS (computed styles change) and shows the logo from its ImageUrl; the
 * hosted sign-up shows the terms and does not create the account until the box is ticked, then records the
 * acceptance of both documents (ADR 0030).
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AdminGetUserCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  SetUICustomizationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { adminClient } from "../../scripts/lib/demoAccounts.js";
import { useStack } from "../support/harness.js";

const e2e = useStack("17-branding-terms");

const CALLBACK = "https://app.example.com/callback";
const EMAIL = "terms.reader@example.com";
const PASSWORD = "Branded-Passw0rd!";
/** A 2×2 red PNG, so the rendered logo has a size to check. */
const LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==",
  "base64",
);

/** Runs in the page (a string: this package is compiled without the DOM library). */
const computed = (selector: string, property: string) =>
  `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`;

describe("hosted UI: branding and terms", () => {
  it("the pool's CSS and logo show; sign-up needs the terms accepted and records it", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("branding-terms");
    const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
    const { poolId, clientId, imageUrl } = await s.step("a pool with a domain, CSS, a logo and terms", async () => {
      const pool = await admin.send(
        new CreateUserPoolCommand({
          PoolName: "Branded",
          UsernameAttributes: ["email"],
          AutoVerifiedAttributes: ["email"],
        }),
      );
      const poolId = pool.UserPool!.Id!;
      await admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "branding-e2e" }));
      const client = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "branded",
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: ["openid", "email"],
          SupportedIdentityProviders: ["COGNITO"],
          CallbackURLs: [CALLBACK],
        }),
      );
      const clientId = client.UserPoolClient!.ClientId!;
      const ui = await admin.send(
        new SetUICustomizationCommand({
          UserPoolId: poolId,
          ClientId: "ALL",
          CSS:
            ".submitButton-customizable { background-color: #c0ffee; color: #102030 }\n" +
            ".background-customizable { background-color: #fdf6e3 }\n" +
            ".label-customizable { font-weight: 300 }",
          ImageFile: LOGO,
        }),
      );
      for (const [name, url] of [
        ["terms-of-use", "https://example.com/terms"],
        ["privacy-policy", "https://example.com/privacy"],
      ] as const)
        await admin.send(
          new CreateTermsCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            TermsName: name,
            TermsSource: "LINK",
            Enforcement: "NONE",
            Links: { "cognito:default": url },
          }),
        );
      return { poolId, clientId, imageUrl: ui.UICustomization!.ImageUrl! };
    });

    const page = await s.newBrowser();
    await s.step("the hosted login page is styled by the pool's CSS and shows its logo", async () => {
      const verifier = randomBytes(32).toString("base64url");
      const authorize = new URL(`${stack.urls.userpoolHttps}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        client_id: clientId,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid email",
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      await page.goto(authorize.toString());
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await page.evaluate(computed("button[type=submit]", "background-color"))).toBe("rgb(192, 255, 238)");
      expect(await page.evaluate(computed("button[type=submit]", "color"))).toBe("rgb(16, 32, 48)");
      expect(await page.evaluate(computed("body", "background-color"))).toBe("rgb(253, 246, 227)");
      expect(await page.evaluate(computed("label", "font-weight"))).toBe("300");
      const logo = page.getByRole("img", { name: "logo" });
      expect(await logo.getAttribute("src")).toBe(imageUrl);
      // Loaded under the page's CSP: the image has its 2×2 size.
      await page.waitForFunction(`document.querySelector(".banner img").complete`);
      expect(await page.evaluate(`document.querySelector(".banner img").naturalWidth`)).toBe(2);
    });

    await s.step("sign-up shows the terms; without the box ticked nothing is created", async () => {
      await page.getByRole("link", { name: "Sign up" }).click();
      await page.getByRole("heading", { name: "Sign up" }).waitFor();
      expect(await page.getByRole("link", { name: "terms of use" }).getAttribute("href")).toBe(
        "https://example.com/terms",
      );
      expect(await page.getByRole("link", { name: "privacy policy" }).getAttribute("href")).toBe(
        "https://example.com/privacy",
      );
      await page.getByLabel("Email address").fill(EMAIL);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.getByRole("alert").filter({ hasText: "Accept the terms of use and the privacy policy" }).waitFor();
      const missing = await admin
        .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: EMAIL }))
        .catch((e: Error) => e.name);
      expect(missing).toBe("UserNotFoundException");
    });

    await s.step("ticked: the account is created and the acceptance of both documents recorded", async () => {
      const box = page.getByLabel("I accept the terms of use and the privacy policy");
      expect(await box.isChecked()).toBe(false);
      await box.check();
      await page.getByLabel("Password").fill(PASSWORD);
      const before = stack.clock.nowMs();
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.getByRole("heading", { name: "Verify your account" }).waitFor();
      const user = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: EMAIL }));
      const sub = user.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
      const accepted = await stack.userpool.services.terms.acceptances(poolId, sub);
      expect(accepted.map((a) => a.termsName).sort()).toEqual(["privacy-policy", "terms-of-use"]);
      for (const a of accepted) {
        expect(a.clientId).toBe(clientId);
        // The stack's clock runs: accepted while the sign-up was submitted.
        expect(a.acceptedAt).toBeGreaterThanOrEqual(before);
        expect(a.acceptedAt).toBeLessThanOrEqual(stack.clock.nowMs());
      }
    });
    admin.destroy();
  });
});
