/**
 * Scenario 14: e-mail MFA set up during sign-in. The pool requires MFA and allows only e-mail codes, so a
 * user without a factor gets MFA_SETUP on the first sign-in: the app asks for the address (aws-amplify's
 * CONTINUE_SIGN_IN_WITH_EMAIL_SETUP; with one factor Amplify skips the choice), the code goes to it and
 * signs in; the next sign-in asks for an e-mailed code (ADR 0015).
 */
import { describe, expect, it } from "vitest";
import {
  expectSignedIn,
  expectSignedOut,
  newPassword,
  openSecuritySettings,
  status,
  submitLogIn,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { useStack } from "../support/harness.js";
import { codeIn, listMessages, waitForMessage } from "../support/mailbox.js";
import {
  cognitoRequests,
  enablePoolMfa,
  submitCode,
  useDeveloperEmail,
  usePasswordFirstFactorOnly,
} from "../support/mfa.js";

// E-mail MFA needs the pool to send its own mail (EmailSendingAccount DEVELOPER), here as in Cognito.
const e2e = useStack("14-mfa-email-setup", {
  adjustConfig: (config) => {
    useDeveloperEmail(config.UserPools[0]!);
    usePasswordFirstFactorOnly(config.UserPools[0]!);
  },
});

describe("e-mail MFA set up during sign-in", () => {
  it("MFA required: the address, then the code sent to it; the next sign-in asks for an e-mailed code", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { email: true }, "ON");
    const s = e2e.scenario("email-setup");
    const email = uniqueEmail("emailsetup");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);

    await s.step("log in: the app asks to set up email codes, with the account's address filled in", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await page.getByRole("heading", { name: "Set up email codes" }).waitFor({ state: "visible" });
      expect(await page.getByLabel("Email for sign-in codes").inputValue()).toBe(email);
      expect(await listMessages(stack.urls.mailboxJson, email)).toHaveLength(0);
    });

    await s.step("send the code: the page says where it went, masked", async () => {
      await page.getByRole("button", { name: "Send code" }).click();
      await page.getByRole("heading", { name: "Enter the emailed code" }).waitFor({ state: "visible" });
      const said = await visibleText(status(page, "We sent a 6-digit code"));
      expect(said).toMatch(/to \S*\*+\S*\.$/);
      expect(said).not.toContain(email);
      expect(requests.filter((r) => r.challenge === "MFA_SETUP").map((r) => r.status)).toEqual([200]);
    });

    await s.step("a wrong code is refused, the code from the dev mailbox signs in", async () => {
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { seen: 0 });
      const code = codeIn(mail);
      await submitCode(page, code === "000000" ? "111111" : "000000");
      await page.getByRole("alert").waitFor({ state: "visible" });
      expect(requests.filter((r) => r.challenge === "EMAIL_OTP").map((r) => r.status)).toEqual([400]);
      await submitCode(page, code);
      await expectSignedIn(page, email);
    });

    await s.step("the security page shows email codes as the preferred method", async () => {
      await openSecuritySettings(page, stack.urls.web);
      expect(await visibleText(page.getByTestId("mfa-status").filter({ hasText: "Email code (preferred)" }))).toContain(
        "Email code (preferred)",
      );
    });

    await s.step("sign out", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);
    });

    const seen = (await listMessages(stack.urls.mailboxJson, email)).length;

    await s.step("log in again: an e-mailed code is asked, and signs in", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await page.getByRole("heading", { name: "Enter the emailed code" }).waitFor({ state: "visible" });
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { seen });
      await submitCode(page, codeIn(mail));
      await expectSignedIn(page, email);
      expect(requests.filter((r) => r.challenge === "MFA_SETUP")).toHaveLength(1);
    });
  });
});
