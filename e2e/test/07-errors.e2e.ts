/** Scenario 7: wrong password, wrong code and a taken email each show a sentence a person can act on. */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { alert, newPassword, register, status, submitLogIn, uniqueEmail, visibleText } from "../support/app.js";
import { useStack } from "../support/harness.js";

// The wrong-code step needs a code to type: the committed pool verifies by link, so this file asks for codes
// (VerificationMessageTemplate.DefaultEmailOption CONFIRM_WITH_CODE), and the app is built to say so.
const e2e = useStack("07-errors", {
  adjustConfig: (config) => {
    const pool = config.UserPools[0]!;
    pool.VerificationMessageTemplate = { ...pool.VerificationMessageTemplate, DefaultEmailOption: "CONFIRM_WITH_CODE" };
  },
});

/** The page's error message: its text, and the Cognito error name it carries for support. */
async function shownError(page: Page): Promise<{ text: string; name: string | null }> {
  const el = alert(page);
  const text = await visibleText(el);
  return { text, name: await el.first().getAttribute("data-error-name") };
}

// Cognito's own wording is written for developers; none of it may reach the page.
const RAW_COGNITO = /Incorrect username or password|User already exists|Invalid verification code provided|Exception/;

describe("error messages", () => {
  it("wrong password, unknown account, wrong code and taken email", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("errors");
    const page = await s.newBrowser();
    const [demo] = stack.demoAccounts.emails;

    await s.step("wrong password", async () => {
      await submitLogIn(page, stack.urls.web, demo!, "Wrong-Passw0rd!");
      const err = await shownError(page);
      expect(err.text).toBe("The email or password is not right.");
      expect(err.name).toBe("NotAuthorizedException");
      expect(err.text).not.toMatch(RAW_COGNITO);
    });

    await s.step("unknown account looks the same", async () => {
      // PreventUserExistenceErrors=ENABLED: an unknown email gets the wrong-password answer, so the page cannot be
      // used to probe for accounts.
      await submitLogIn(page, stack.urls.web, uniqueEmail("nobody"), "Wrong-Passw0rd!");
      const err = await shownError(page);
      expect(err.text).toBe("The email or password is not right.");
      expect(err.name).toBe("NotAuthorizedException");
    });

    await s.step("taken email", async () => {
      await register(page, stack.urls.web, demo!, newPassword());
      const err = await shownError(page);
      expect(err.text).toBe(
        "An account with this email already exists. Sign in, or reset your password if you forgot it.",
      );
      expect(err.name).toBe("UsernameExistsException");
      expect(err.text).not.toMatch(RAW_COGNITO);
      // The form stays for another try.
      expect(await page.getByRole("button", { name: "Sign up" }).isEnabled()).toBe(true);
    });

    await s.step("wrong code", async () => {
      const email = uniqueEmail("wrongcode");
      await register(page, stack.urls.web, email, newPassword());
      await visibleText(status(page, "Account created for"));
      await page.getByLabel("Verification code").fill("000000");
      await page.getByRole("button", { name: "Verify email" }).click();
      const err = await shownError(page);
      expect(err.text).toBe("That code is not right. Check the latest email or ask for a new code.");
      expect(err.name).toBe("CodeMismatchException");
      expect(err.text).not.toMatch(RAW_COGNITO);
    });
  });
});
