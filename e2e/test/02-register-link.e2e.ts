/**
 * Scenario 2: register with link verification (the committed pool, as in the tutorial) → open the e-mailed link →
 * log in.
 */
import { describe, expect, it } from "vitest";
import { logIn, newPassword, register, status, uniqueEmail, userFact, visibleText } from "../support/app.js";
import { useStack } from "../support/harness.js";
import { linkIn, listMessages, waitForMessage } from "../support/mailbox.js";

const e2e = useStack("02-register-link");

describe("register with link verification", () => {
  it("confirms the account through the e-mailed link, then logs in", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("register-link");
    const page = await s.newBrowser();
    const email = uniqueEmail("link");
    const password = newPassword();

    await s.step("register", async () => {
      await register(page, stack.urls.web, email, password);
      const created = await visibleText(status(page, "Account created for"));
      expect(created).toContain(email);
      // The pool verifies by link, and the page says so: no code to type.
      expect(created).toContain("We sent a verification link to");
      expect(created).toContain("Open the link in it to verify your email.");
      expect(await page.getByLabel("Verification code").count()).toBe(0);
    });

    const link = await s.step("link arrives in the dev mailbox", async () => {
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { subject: /Confirm your Authhub account/ });
      const url = new URL(linkIn(mail));
      // Cognito's link: the pool's own confirmUser endpoint with the client, user and a one-time code.
      expect(url.origin).toBe(stack.urls.userpool);
      expect(url.pathname).toBe("/confirmUser");
      expect(url.searchParams.get("client_id")).toBe(stack.clientId);
      return url.href;
    });

    await s.step("open the link", async () => {
      await page.goto(link);
      await page.getByRole("heading", { name: "Your account is confirmed" }).waitFor();
    });

    await s.step("the link works once", async () => {
      await page.goto(link);
      await page.getByRole("heading", { name: "Your account is already confirmed" }).waitFor();
    });

    await s.step("the confirmation page leads back to the app, the address filled in", async () => {
      await page.getByRole("link", { name: "Continue to the app to sign in" }).click();
      const back = new URL(stack.urls.web);
      back.searchParams.set("email", email);
      await page.waitForURL(back.href);
      await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
      expect(await page.getByLabel("Email").inputValue()).toBe(email);
    });

    await s.step("log in", async () => {
      await logIn(page, stack.urls.web, email, password);
      expect(await userFact(page, "Email status")).toBe("Verified");
    });

    // Exactly one e-mail: registration sent the link and nothing else.
    expect((await listMessages(stack.urls.mailboxJson, email)).length).toBe(1);
  });
});
