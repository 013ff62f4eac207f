/**
 * Scenario 1, the tutorial's main path: register → code from the dev mailbox → verify, which signs in (SRP)
 * → "Get users" shows the new user, whose token carries db_user_id from the user-sync trigger →
 * change password → sign out → log in with the new password.
 */
import { describe, expect, it } from "vitest";
import {
  alert,
  claimsOf,
  expectSignedIn,
  expectSignedOut,
  getUsers,
  logIn,
  newPassword,
  register,
  status,
  storedTokens,
  submitLogIn,
  uniqueEmail,
  userFact,
  visibleText,
} from "../support/app.js";
import { useStack } from "../support/harness.js";
import { codeIn, waitForMessage } from "../support/mailbox.js";

// The committed pool verifies by link (as the tutorial); this file runs it with the other option
// Cognito offers, a code, because that is the path the app's register page walks through.
const e2e = useStack("01-register-code", {
  adjustConfig: (config) => {
    const pool = config.UserPools[0]!;
    pool.VerificationMessageTemplate = { ...pool.VerificationMessageTemplate, DefaultEmailOption: "CONFIRM_WITH_CODE" };
  },
});

describe("register, verify by code, log in, use the API, change password", () => {
  it("walks the whole path in one browser", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("register-code");
    const page = await s.newBrowser();
    const email = uniqueEmail("alice");
    const password = newPassword();
    const changed = newPassword();

    await s.step("register", async () => {
      await register(page, stack.urls.web, email, password);
      expect(await visibleText(status(page, "Account created for"))).toContain(email);
    });

    const code = await s.step("code arrives in the dev mailbox", async () => {
      const mail = await waitForMessage(stack.urls.mailboxJson, email, { subject: /verification code/i });
      return codeIn(mail);
    });

    await s.step("verify email with the code: that signs in (autoSignIn, SRP)", async () => {
      const targets: string[] = [];
      page.on("request", (r) => {
        const t = r.headers()["x-amz-target"];
        if (t) targets.push(t.replace("AWSCognitoIdentityProviderService.", ""));
      });
      await page.getByLabel("Verification code").fill(code);
      await page.getByRole("button", { name: "Verify email" }).click();
      await expectSignedIn(page, email);
      // Amplify's autoSignIn uses its default flow: the password never leaves the browser.
      expect(targets).toContain("InitiateAuth");
      expect(targets).toContain("RespondToAuthChallenge");
    });

    const dbUserId = await s.step("the ID token carries db_user_id", async () => {
      const claims = claimsOf((await storedTokens(page)).idToken);
      expect(claims.email).toBe(email);
      // A string: V1 claimsToAddOrOverride carries string values only (Cognito's StringMap).
      expect(claims.db_user_id).toMatch(/^[1-9]\d*$/);
      // It is the id of this user's row, which the trigger created keyed by sub.
      const row = await stack.api.db
        .selectFrom("users")
        .selectAll()
        .where("sub", "=", String(claims.sub))
        .executeTakeFirstOrThrow();
      expect(String(row.id)).toBe(claims.db_user_id);
      expect(row.email).toBe(email);
      expect(await userFact(page, "App user ID")).toBe(claims.db_user_id);
      return claims.db_user_id as string;
    });

    await s.step("Get users shows the new user", async () => {
      const rows = await getUsers(page);
      const mine = rows.find((r) => r.email === email);
      expect(mine?.id).toBe(dbUserId);
      // The tutorial's four seed users are there too.
      expect(rows.map((r) => r.email)).toEqual(expect.arrayContaining(["alice@example.com", "bob@example.com"]));
    });

    await s.step("change password", async () => {
      await page.getByLabel("Current password").fill(password);
      await page.getByLabel("New password").fill(changed);
      await page.getByRole("button", { name: "Change password" }).click();
      await visibleText(status(page, "Your password has been changed."));
    });

    await s.step("sign out", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await visibleText(status(page, "You are signed out."));
      await expectSignedOut(page);
      expect(await storedTokens(page)).toEqual({});
    });

    await s.step("the old password no longer works", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      expect(await visibleText(alert(page))).toBe("The email or password is not right.");
    });

    await s.step("log in with the new password", async () => {
      await logIn(page, stack.urls.web, email, changed);
      await expectSignedIn(page, email);
      // Same app user as before: the trigger found the row by sub.
      expect(claimsOf((await storedTokens(page)).idToken).db_user_id).toBe(dbUserId);
    });
  });
});
