/**
 * Scenario 9: e-mail codes (EMAIL_OTP). The user makes "Email code" the preferred method on the security
 * page; the next sign-in e-mails a code (read from the dev mailbox, as a person reads their e-mail) and the
 * page says where it went.
 */
import { describe, expect, it } from "vitest";
import {
  expectSignedIn,
  expectSignedOut,
  logIn,
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
import { cognitoRequests, enablePoolMfa, submitCode, useDeveloperEmail } from "../support/mfa.js";

// E-mail MFA needs the pool to send its own mail (EmailSendingAccount DEVELOPER, an SES identity), here
// as in Cognito; this file's pool is set up that way, as an operator would (support/mfa.ts).
const e2e = useStack("09-mfa-email", { adjustConfig: (config) => useDeveloperEmail(config.UserPools[0]!) });

describe("e-mail MFA", () => {
  it("chosen on the security page, then the e-mailed code signs in", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { email: true });
    const s = e2e.scenario("email-otp");
    const email = uniqueEmail("emailmfa");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);

    await s.step("log in and make email codes the preferred method", async () => {
      await logIn(page, stack.urls.web, email, password);
      await openSecuritySettings(page, stack.urls.web);
      const form = page.getByRole("region", { name: "Preferred method" });
      await form.getByRole("radio", { name: "Email code" }).check();
      await form.getByRole("button", { name: "Save preferred method" }).click();
      await visibleText(status(page, "Your preferred method is saved."));
      // The page reads the preference again after saving: wait for the new one, not the stale line.
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

    await s.step("log in: the page says a code was e-mailed, to the masked address", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await page.getByRole("heading", { name: "Enter the emailed code" }).waitFor({ state: "visible" });
      const said = await visibleText(status(page, "We sent a 6-digit code"));
      // Cognito masks the address (first letter, then asterisks); the full address is never shown.
      expect(said).toMatch(/to \S*\*+\S*\.$/);
      expect(said).not.toContain(email);
    });

    await s.step("the code from the dev mailbox signs in", async () => {
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { seen });
      await submitCode(page, codeIn(mail));
      await expectSignedIn(page, email);
      expect(requests.filter((r) => r.challenge === "EMAIL_OTP").map((r) => r.status)).toEqual([200]);
    });
  });
});
