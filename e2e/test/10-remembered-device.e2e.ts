/**
 * Scenario 10: a remembered device skips MFA. The pool tracks devices and remembers one only when the user
 * asks (DeviceOnlyRememberedOnUserPrompt), and a remembered device may skip the MFA step
 * (ChallengeRequiredOnNewDevice: a new device is challenged). Signing in with "Remember this device" and the
 * app's code makes the next sign-in in that browser go through DEVICE_SRP_AUTH with no code; another browser is
 * still asked; forgetting the device on the security page brings the code back.
 */
import { describe, expect, it } from "vitest";
import {
  expectSignedIn,
  expectSignedOut,
  logIn,
  newPassword,
  openSecuritySettings,
  submitLogIn,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { useStack } from "../support/harness.js";
import { cognitoRequests, enablePoolMfa, expectTotpStep, setUpAuthenticator, submitCode } from "../support/mfa.js";
import { totp } from "../support/totp.js";

const e2e = useStack("10-remembered-device", {
  adjustConfig: (config) => {
    const pool = config.UserPools[0]!;
    pool.DeviceConfiguration = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true };
  },
});

describe("remembered device", () => {
  it("skips MFA on the second sign-in in the same browser only", async () => {
    const { stack } = e2e;
    await enablePoolMfa(stack, { totp: true });
    const s = e2e.scenario("remembered-device");
    const email = uniqueEmail("device");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);
    const laptop = await s.newBrowser("laptop");
    const requests = cognitoRequests(laptop);

    const secret = await s.step("set up an authenticator app", async () => {
      await logIn(laptop, stack.urls.web, email, password);
      const secret = await setUpAuthenticator(laptop, stack);
      await laptop.goto(stack.urls.web);
      await laptop.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(laptop);
      return secret;
    });

    await s.advanceTime(30_000);

    await s.step("log in with 'Remember this device' and the app's code", async () => {
      await laptop.goto(new URL("/login", stack.urls.web).href);
      await laptop.getByLabel("Email").fill(email);
      await laptop.getByLabel("Password", { exact: true }).fill(password);
      await laptop.getByRole("checkbox", { name: "Remember this device" }).check();
      await laptop.getByRole("button", { name: "Sign in", exact: true }).click();
      await expectTotpStep(laptop);
      await submitCode(laptop, totp(secret, stack.clock.nowMs()));
      await expectSignedIn(laptop, email);
      // Amplify confirmed the new device (ConfirmDevice) and the app asked the pool to remember it.
      expect(requests.filter((r) => r.target === "ConfirmDevice").map((r) => r.status)).toEqual([200]);
      expect(requests.filter((r) => r.target === "UpdateDeviceStatus").map((r) => r.status)).toEqual([200]);
    });

    await s.step("the security page lists this browser as remembered", async () => {
      await openSecuritySettings(laptop, stack.urls.web);
      const row = laptop.getByRole("row").filter({ hasText: "(this browser)" });
      expect(await visibleText(row)).toContain("Remembered");
    });

    await s.step("sign out and in again: no code asked", async () => {
      await laptop.goto(stack.urls.web);
      await laptop.getByRole("button", { name: "Sign out" }).click();
      await expectSignedOut(laptop);
      await s.advanceTime(30_000);
      const before = requests.length;
      await logIn(laptop, stack.urls.web, email, password);
      const after = requests.slice(before);
      expect(after.some((r) => r.challenge === "DEVICE_SRP_AUTH" && r.status === 200)).toBe(true);
      expect(after.some((r) => r.challenge === "SOFTWARE_TOKEN_MFA")).toBe(false);
    });

    await s.step("another browser is still asked for the code", async () => {
      const phone = await s.newBrowser("phone");
      await submitLogIn(phone, stack.urls.web, email, password);
      await expectTotpStep(phone);
    });

    await s.step("forget this browser's device: its session ends and the code is asked again", async () => {
      await openSecuritySettings(laptop, stack.urls.web);
      const forgotten = laptop.waitForResponse(
        (r) => r.request().headers()["x-amz-target"] === "AWSCognitoIdentityProviderService.ForgetDevice",
      );
      await laptop.getByRole("button", { name: /^Forget .*\(this browser\)$/ }).click();
      expect((await forgotten).status()).toBe(200);
      // This browser's session was made with the device, and ForgetDevice revokes the device's sessions
      // (ADR 0014, a documented difference): the app says so and signs this browser out at once.
      await laptop.getByText("This browser is forgotten, and its session ended with it.", { exact: false }).waitFor();
      await laptop.getByText("Signed out", { exact: true }).waitFor();
      // A reload agrees: the tokens are gone from this browser.
      await laptop.goto(stack.urls.web);
      await expectSignedOut(laptop);
      const before = requests.length;
      await submitLogIn(laptop, stack.urls.web, email, password);
      await expectTotpStep(laptop);
      expect(requests.slice(before).some((r) => r.challenge === "DEVICE_SRP_AUTH")).toBe(false);
    });
  });
});
