/**
 * Scenario 12: text-message codes (SMS_MFA). The user adds a phone number on the security page and verifies it
 * with the texted code, makes "Text message (SMS)" the preferred method, and the next sign-in texts a code to the
 * masked number; a wrong code is refused and the code from the development SMS outbox (read as a person reads
 * their phone) signs in.
 */
import { describe, expect, it } from "vitest";
import {
  alert,
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
import { cognitoRequests, enablePoolMfa, submitCode, useSmsSending } from "../support/mfa.js";
import { codeInText, listTexts, waitForText } from "../support/smsOutbox.js";

// The pool sends texts (SmsConfiguration) and verifies phone numbers by text, as an operator sets up a pool for
// SMS MFA in Cognito (support/mfa.ts); the development SMS outbox stands in for SNS.
const e2e = useStack("12-mfa-sms", { adjustConfig: (config) => useSmsSending(config.UserPools[0]!) });

/** A number in the 555 range no one owns, different every run (the outbox is per stack, but be sure). */
function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`;
}

describe("SMS MFA", () => {
  it("a verified phone number, text messages preferred, then the texted code signs in", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { sms: true });
    const s = e2e.scenario("sms");
    const email = uniqueEmail("smsmfa");
    const password = newPassword();
    const phone = uniquePhone();
    // The register page asks only for email and password, so the user adds the number in the app.
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);

    await s.step("log in: no phone number yet, so text messages cannot be chosen", async () => {
      await logIn(page, stack.urls.web, email, password);
      await openSecuritySettings(page, stack.urls.web);
      const section = page.getByRole("region", { name: "Phone number" });
      expect(await visibleText(section.getByTestId("phone-status"))).toBe("No phone number yet.");
      const form = page.getByRole("region", { name: "Preferred method" });
      expect(await form.getByRole("radio", { name: "Text message (SMS)" }).isDisabled()).toBe(true);
    });

    await s.step("add the phone number: the pool texts a code to it", async () => {
      const section = page.getByRole("region", { name: "Phone number" });
      await section.getByLabel("Phone number").fill(phone);
      await section.getByRole("button", { name: "Save phone number" }).click();
      const said = await visibleText(status(page, "We sent a 6-digit code"));
      expect(said).not.toContain(phone);
      expect(said).toContain(phone.slice(-4));
      expect(requests.map((r) => r.target)).toContain("UpdateUserAttributes");
    });

    await s.step("verify it with the texted code", async () => {
      const sms = await waitForText(stack, phone);
      const section = page.getByRole("region", { name: "Phone number" });
      await section.getByLabel("Verification code").fill(codeInText(sms));
      await section.getByRole("button", { name: "Verify phone number" }).click();
      await visibleText(status(page, "Your phone number is verified."));
      expect(await visibleText(section.getByTestId("phone-status").filter({ hasText: "(verified)" }))).toBe(
        `Your phone number is ${phone} (verified).`,
      );
      expect(requests.filter((r) => r.target === "VerifyUserAttribute").map((r) => r.status)).toEqual([200]);
    });

    await s.step("make text messages the preferred method", async () => {
      const form = page.getByRole("region", { name: "Preferred method" });
      await form.getByRole("radio", { name: "Text message (SMS)" }).check();
      await form.getByRole("button", { name: "Save preferred method" }).click();
      await visibleText(status(page, "Your preferred method is saved."));
      // The page reads the preference again after saving: wait for the new one, not the stale line.
      expect(
        await visibleText(page.getByTestId("mfa-status").filter({ hasText: "Text message (SMS) (preferred)" })),
      ).toBe("Two-step sign-in is on: Text message (SMS) (preferred).");
    });

    await s.step("sign out", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);
    });

    const seen = (await listTexts(stack, phone)).length;

    const code = await s.step("log in: the page says a code was texted, to the masked number", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await page.getByRole("heading", { name: "Enter the texted code" }).waitFor({ state: "visible" });
      const said = await visibleText(status(page, "We sent a 6-digit code"));
      // Cognito masks the number (asterisks, then its last four digits); the full number is never shown.
      expect(said).toMatch(new RegExp(`to \\+?\\*+${phone.slice(-4)}\\.$`));
      expect(said).not.toContain(phone);
      const sms = await waitForText(stack, phone, { seen });
      expect(sms.text).toMatch(/^Your Authhub sign-in code is \d{6}\.$/);
      return codeInText(sms);
    });

    await s.step("a wrong code is refused in the app's words", async () => {
      const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
      await submitCode(page, wrong);
      const message = alert(page, "That code is not right");
      expect(await visibleText(message)).toBe("That code is not right. Check the latest text message.");
      expect(await message.getAttribute("data-error-name")).toBe("CodeMismatchException");
    });

    await s.step("the code from the text message signs in", async () => {
      await submitCode(page, code);
      await expectSignedIn(page, email);
      expect(requests.filter((r) => r.challenge === "SMS_MFA").map((r) => r.status)).toEqual([400, 200]);
      // One text for the sign-in: the wrong code did not send another.
      expect((await listTexts(stack, phone)).length).toBe(seen + 1);
    });
  });
});
