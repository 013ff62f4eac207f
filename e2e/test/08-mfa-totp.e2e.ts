/**
 * Scenario 8: an authenticator app end to end. The user sets it up on the security page by reading the
 * secret key the page shows, signs out, and signs in again with a code computed from that secret (RFC 6238,
 * computed by the test itself); a wrong code and a replayed code are refused with the app's wording.
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
import { cognitoRequests, enablePoolMfa, expectTotpStep, setUpAuthenticator, submitCode } from "../support/mfa.js";
import { hotp, totp } from "../support/totp.js";

const e2e = useStack("08-mfa-totp");

describe("the test's own TOTP", () => {
  it("matches RFC 6238 appendix B (SHA-1) and RFC 4226 appendix D", () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
    expect(totp(secret, 59_000, 8)).toBe("94287082");
    expect(totp(secret, 1_111_111_109_000, 8)).toBe("07081804");
    expect(totp(secret, 1_234_567_890_000, 8)).toBe("89005924");
    expect(totp(secret, 20_000_000_000_000, 8)).toBe("65353130");
    expect(hotp(Buffer.from("12345678901234567890"), 1)).toBe("287082");
  });
});

describe("authenticator app (TOTP)", () => {
  it("set up on the security page, then asked for at sign-in", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { totp: true });
    const s = e2e.scenario("totp");
    const email = uniqueEmail("totp");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const page = await s.newBrowser();
    const requests = cognitoRequests(page);

    await s.step("log in without MFA (none set up yet)", async () => {
      await logIn(page, stack.urls.web, email, password);
    });

    const secret = await s.step("set up an authenticator app from the page's secret", async () => {
      await openSecuritySettings(page, stack.urls.web);
      expect(await visibleText(page.getByTestId("mfa-status"))).toBe("Two-step sign-in is off.");
      const secret = await setUpAuthenticator(page, stack);
      expect(requests.map((r) => r.target)).toEqual(
        expect.arrayContaining(["AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference"]),
      );
      return secret;
    });

    await s.step("sign out", async () => {
      await page.goto(stack.urls.web);
      await page.getByRole("button", { name: "Sign out" }).click();
      await visibleText(status(page, "You are signed out."));
      await expectSignedOut(page);
    });

    // The setup code's time step is used; Cognito refuses a code twice, so the sign-in waits for the next step.
    await s.advanceTime(30_000);

    await s.step("log in: the pool asks for the app's code", async () => {
      await submitLogIn(page, stack.urls.web, email, password);
      await expectTotpStep(page);
    });

    await s.step("a wrong code is refused in the app's words", async () => {
      const right = totp(secret, stack.clock.nowMs());
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
      await submitCode(page, wrong);
      const message = alert(page, "That code is not right");
      expect(await visibleText(message)).toContain("authenticator app");
      expect(await message.getAttribute("data-error-name")).toBe("CodeMismatchException");
    });

    const signedInWith = await s.step("the computed code signs in", async () => {
      const code = totp(secret, stack.clock.nowMs());
      await submitCode(page, code);
      await expectSignedIn(page, email);
      const answered = requests.filter((r) => r.challenge === "SOFTWARE_TOKEN_MFA");
      expect(answered.map((r) => r.status)).toEqual([400, 200]);
      return code;
    });

    await s.step("the same code cannot sign in again", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(page);
      await submitLogIn(page, stack.urls.web, email, password);
      await expectTotpStep(page);
      await submitCode(page, signedInWith);
      expect(await alert(page, "That code is not right").getAttribute("data-error-name")).toBe("CodeMismatchException");
    });
  });
});
