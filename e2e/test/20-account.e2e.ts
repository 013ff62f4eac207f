/**
 * Scenario 20, the account page at 1280 px: register → the code from the dev mailbox signs in by itself (autoSignIn)
 * → edit the profile → change the e-mail with the code sent to the new address, the old address signing in until
 * then (AttributesRequireVerificationBeforeUpdate, as the committed pool sets) → delete the account.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  alert,
  expectSignedIn,
  expectSignedOut,
  logIn,
  newPassword,
  register,
  status,
  submitLogIn,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { useStack } from "../support/harness.js";
import { codeIn, listMessages, waitForMessage } from "../support/mailbox.js";

// Verification by code, as in scenario 1: autoSignIn follows a code typed in the same tab.
const e2e = useStack("20-account", {
  adjustConfig: (config) => {
    const pool = config.UserPools[0]!;
    pool.VerificationMessageTemplate = { ...pool.VerificationMessageTemplate, DefaultEmailOption: "CONFIRM_WITH_CODE" };
  },
});

const VIEWPORT = { width: 1280, height: 900 };
const region = (page: Page, name: string) => page.getByRole("region", { name });

describe("the account page", () => {
  it("register signs in, then profile, e-mail change and deletion", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("account");
    const page = await s.newBrowser("owner", { viewport: VIEWPORT });
    const email = uniqueEmail("acct");
    const changed = uniqueEmail("acct-new");
    const password = newPassword();

    await s.step("register", async () => {
      await register(page, stack.urls.web, email, password);
      expect(await visibleText(status(page, "Account created for"))).toContain("Confirming it signs you in.");
    });

    await s.step("the code signs in by itself (autoSignIn)", async () => {
      const code = codeIn(await waitForMessage(stack.urls.mailboxJson, email, { subject: /verification code/i }));
      const targets: string[] = [];
      page.on("request", (r) => {
        const t = r.headers()["x-amz-target"];
        if (t) targets.push(t.replace("AWSCognitoIdentityProviderService.", ""));
      });
      await page.getByLabel("Verification code").fill(code);
      await page.getByRole("button", { name: "Verify email" }).click();
      await expectSignedIn(page, email);
      // Amplify signed in with the password just chosen, by SRP: no log-in form was filled.
      expect(targets).toEqual(expect.arrayContaining(["ConfirmSignUp", "InitiateAuth", "RespondToAuthChallenge"]));
      expect(new URL(page.url()).pathname).toBe("/");
    });

    await s.step("edit the profile", async () => {
      const profile = region(page, "Profile");
      await profile.getByLabel("Full name").fill("Ada Example");
      await profile.getByLabel("First name").fill("Ada");
      await profile.getByRole("button", { name: "Save profile" }).click();
      await visibleText(profile.getByRole("status").filter({ hasText: "Your profile is saved." }));
      // Stored by the pool, not only on screen: a reload reads them back with GetUser.
      await page.reload();
      await expect.poll(() => region(page, "Profile").getByLabel("Full name").inputValue()).toBe("Ada Example");
      expect(await region(page, "Profile").getByLabel("First name").inputValue()).toBe("Ada");
    });

    await s.step("a value with a space at the end is refused by name", async () => {
      const profile = region(page, "Profile");
      await profile.getByLabel("Last name").fill("Example ");
      await profile.getByRole("button", { name: "Save profile" }).click();
      expect(await visibleText(profile.getByRole("alert"))).toBe("Last name: remove the spaces at the start or end.");
      await profile.getByLabel("Last name").fill("");
    });

    await s.step("ask to change the e-mail: a code goes to the new address", async () => {
      const section = region(page, "Email");
      await section.getByLabel("New email").fill(changed);
      await section.getByRole("button", { name: "Change email" }).click();
      const sent = await visibleText(section.getByRole("status"));
      expect(sent).toContain(`Until you enter it, your email stays ${email}`);
      await waitForMessage(stack.urls.mailboxJson, changed, { subject: /verification code/i });
    });

    await s.step("until the code, the old address signs in and the new one does not", async () => {
      const other = await s.newBrowser("old-address", { viewport: VIEWPORT });
      await submitLogIn(other, stack.urls.web, changed, password);
      expect(await visibleText(alert(other))).toBe("The email or password is not right.");
      await logIn(other, stack.urls.web, email, password);
    });

    await s.step("the code from the new address makes it the e-mail", async () => {
      const [mail] = await listMessages(stack.urls.mailboxJson, changed);
      const section = region(page, "Email");
      await section.getByLabel("Code from the new address").fill(codeIn(mail!));
      await section.getByRole("button", { name: "Verify new email" }).click();
      // The code form's "We sent a code…" status stays until the answer comes: wait for the new message, not the
      // first status on screen (CI read the old one once).
      const done = section.getByRole("status").filter({ hasText: "Your email is now" });
      expect(await visibleText(done)).toContain(`Your email is now ${changed}, verified.`);
      // The header follows after the session refresh that comes after the message.
      await expect.poll(() => visibleText(page.getByRole("banner").getByText("Signed in as"))).toContain(changed);
    });

    await s.step("now the new address signs in and the old one does not", async () => {
      const fresh = await s.newBrowser("new-address", { viewport: VIEWPORT });
      await submitLogIn(fresh, stack.urls.web, email, password);
      expect(await visibleText(alert(fresh))).toBe("The email or password is not right.");
      await logIn(fresh, stack.urls.web, changed, password);
    });

    await s.step("delete the account after typing the word", async () => {
      const section = region(page, "Delete account");
      await section.getByLabel('Type "delete" to confirm').fill("yes");
      await section.getByRole("button", { name: "Delete account" }).click();
      expect(await visibleText(section.getByRole("alert"))).toBe("Type delete, in lower case, to confirm.");
      await section.getByLabel('Type "delete" to confirm').fill("delete");
      await section.getByRole("button", { name: "Delete account" }).click();
      await visibleText(status(page, "Your account has been deleted. You are signed out."));
      await expectSignedOut(page);
    });

    await s.step("the deleted account no longer signs in", async () => {
      await submitLogIn(page, stack.urls.web, changed, password);
      expect(await visibleText(alert(page))).toBe("The email or password is not right.");
    });
    // Four browsers and ten steps: more than the default 120 s on a loaded machine (a warmed run took about 120 s).
  }, 240_000);
});
