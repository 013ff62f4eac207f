/** Scenario 3: forgot password → code from the dev mailbox → new password → log in. */
import { describe, expect, it } from "vitest";
import { alert, logIn, newPassword, status, submitLogIn, uniqueEmail, visibleText } from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { useStack } from "../support/harness.js";
import { codeIn, waitForMessage } from "../support/mailbox.js";

const e2e = useStack("03-forgot-password");

describe("forgot password", () => {
  it("resets the password with the e-mailed code", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("forgot-password");
    const page = await s.newBrowser();
    const email = uniqueEmail("forgetful");
    const oldPassword = newPassword();
    const password = newPassword();
    await createConfirmedUser(stack, email, oldPassword);

    await s.step("ask for a reset code", async () => {
      await page.goto(new URL("/forgot-password", stack.urls.web).href);
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Send reset code" }).click();
      await page.getByLabel("Verification code").waitFor();
    });

    const code = await s.step("code arrives in the dev mailbox", async () =>
      codeIn(await waitForMessage(stack.urls.mailboxJson, email)),
    );

    await s.step("a wrong code is refused", async () => {
      const wrong = code === "000000" ? "111111" : "000000";
      await page.getByLabel("Verification code").fill(wrong);
      await page.getByLabel("New password").fill(password);
      await page.getByRole("button", { name: "Reset password" }).click();
      expect(await visibleText(alert(page))).toBe(
        "That code is not right. Check the latest email or ask for a new code.",
      );
    });

    await s.step("code and new password", async () => {
      await page.getByLabel("Verification code").fill(code);
      await page.getByLabel("New password").fill(password);
      await page.getByRole("button", { name: "Reset password" }).click();
      await visibleText(status(page, "Your password has been reset."));
    });

    await s.step("the old password no longer works", async () => {
      await submitLogIn(page, stack.urls.web, email, oldPassword);
      expect(await visibleText(alert(page))).toBe("The email or password is not right.");
    });

    await s.step("log in with the new password", async () => {
      await logIn(page, stack.urls.web, email, password);
    });
  });
});
