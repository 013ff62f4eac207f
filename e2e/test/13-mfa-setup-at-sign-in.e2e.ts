/**
 * Scenario 13: MFA required (MfaConfiguration ON) and a user with no factor yet. The pool answers the password
 * with MFA_SETUP, and the web app walks through Amplify's CONTINUE_SIGN_IN_WITH_TOTP_SETUP: the secret key read
 * from the page, a code computed from it (support/totp.ts). With more than one factor on offer the app first asks
 * which one to set up (CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION). Either way the next sign-in asks for the app's
 * code.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { alert, expectSignedIn, expectSignedOut, newPassword, submitLogIn, uniqueEmail } from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { type Scenario, useStack } from "../support/harness.js";
import {
  cognitoRequests,
  enablePoolMfa,
  usePasswordFirstFactorOnly,
  expectTotpStep,
  shownSecret,
  submitCode,
  useDeveloperEmail,
} from "../support/mfa.js";
import { totp } from "../support/totp.js";

// E-mail codes, the second factor offered in the selection case, need the pool to send its own mail (ADR 0012).
const e2e = useStack("13-mfa-setup-at-sign-in", {
  adjustConfig: (config) => {
    useDeveloperEmail(config.UserPools[0]!);
    usePasswordFirstFactorOnly(config.UserPools[0]!);
  },
});

/** On the setup step: the app's secret is read from the page, a wrong code refused, the computed code accepted. */
async function setUpAppAtSignIn(s: Scenario, page: Page, email: string): Promise<string> {
  const { stack } = s;
  const secret = await s.step("the setup step shows a QR code and the secret key", async () => {
    await page.getByRole("heading", { name: "Set up an authenticator app" }).waitFor({ state: "visible" });
    return shownSecret(page);
  });

  await s.step("a wrong code is refused and the same key stays", async () => {
    // A code from ten minutes ahead: the right shape, the wrong time step.
    await submitCode(page, totp(secret, stack.clock.nowMs() + 600_000));
    const message = alert(page, "That code is not right");
    expect(await message.getAttribute("data-error-name")).toBe("EnableSoftwareTokenMFAException");
    expect(await shownSecret(page)).toBe(secret);
  });

  await s.step("the computed code finishes the setup and signs in", async () => {
    await page.getByLabel("Authenticator name (optional)").fill("E2E phone");
    await submitCode(page, totp(secret, stack.clock.nowMs()));
    await expectSignedIn(page, email);
  });
  return secret;
}

/** Signs out, moves to the next 30-second step (the setup's code is spent), and signs in with the app's code. */
async function nextSignInAsksForTheCode(s: Scenario, page: Page, email: string, password: string, secret: string) {
  const { stack } = s;
  await s.step("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);
  });
  await s.advanceTime(30_000);
  await s.step("the next sign-in asks for the app's code, which signs in", async () => {
    await submitLogIn(page, stack.urls.web, email, password);
    await expectTotpStep(page);
    await submitCode(page, totp(secret, stack.clock.nowMs()));
    await expectSignedIn(page, email);
  });
}

describe("MFA setup at sign-in (MFA required)", () => {
  it("authenticator app only: the setup step comes straight after the password", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { totp: true }, "ON");
    const s = e2e.scenario("app-only");
    const email = uniqueEmail("setup");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);

    await s.step("log in with the password", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
    });
    const secret = await setUpAppAtSignIn(s, page, email);
    // Amplify: AssociateSoftwareToken and VerifySoftwareToken with the challenge's session, then MFA_SETUP.
    const calls = requests.map((r) => r.challenge ?? r.target);
    expect(calls.slice(0, calls.indexOf("MFA_SETUP") + 1)).toEqual([
      "InitiateAuth",
      "PASSWORD_VERIFIER",
      "AssociateSoftwareToken",
      "VerifySoftwareToken",
      "VerifySoftwareToken",
      "MFA_SETUP",
    ]);
    expect(requests.filter((r) => r.target === "VerifySoftwareToken").map((r) => r.status)).toEqual([400, 200]);
    await nextSignInAsksForTheCode(s, page, email, password, secret);
  });

  it("more than one factor on offer: the app asks which to set up first, and the app is chosen", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { totp: true, email: true }, "ON");
    const s = e2e.scenario("selection");
    const email = uniqueEmail("setupsel");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();

    await s.step("log in: the app offers the factors the pool can set up", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await page.getByRole("heading", { name: "Set up two-step sign-in" }).waitFor({ state: "visible" });
      const group = page.getByRole("group", { name: "Choose how to set up two-step sign-in" });
      expect(await group.locator("label").allInnerTexts()).toEqual(["Authenticator app", "Email code"]);
      await group.getByRole("radio", { name: "Authenticator app" }).check();
      await page.getByRole("button", { name: "Continue" }).click();
    });
    const secret = await setUpAppAtSignIn(s, page, email);
    await nextSignInAsksForTheCode(s, page, email, password, secret);
  });
});
