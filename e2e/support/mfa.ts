/**
 * MFA in the browser tests: the pool's MFA settings through the admin API (SetUserPoolMfaConfig, as an operator
 * turns MFA on in Cognito), and what a user does on the app's security page and MFA sign-in steps.
 */
import { SetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { adminClient } from "../../scripts/lib/demoAccounts.js";
import type { RunningStack, StackOptions } from "../../scripts/stack.js";
import { openSecuritySettings, status, visibleText } from "./app.js";
import { totp } from "./totp.js";

/**
 * The pool sends its own mail (EmailSendingAccount DEVELOPER with an SES identity), which Cognito requires
 * before SetUserPoolMfaConfig accepts EmailMfaConfiguration (API reference, SetUserPoolMfaConfig; ADR 0012).
 * Here the stack's mailer (the dev mailbox) stands in for SES; the ARN only has to be well formed.
 */
type StackPool = Parameters<NonNullable<StackOptions["adjustConfig"]>>[0]["UserPools"][number];

export function useDeveloperEmail(pool: StackPool): void {
  pool.EmailConfiguration = {
    EmailSendingAccount: "DEVELOPER",
    SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/authhub.example",
  };
}

/**
 * Password as the only first factor. The committed pool also allows e-mail codes and passkeys (so `npm start` shows
 * them), but a code first factor and MfaConfiguration ON are refused together (ADR 0023): a file that requires MFA
 * starts from the password-only sign-in policy, as an operator would.
 */
export function usePasswordFirstFactorOnly(pool: StackPool): void {
  pool.Policies = { ...pool.Policies, SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } };
}

/**
 * The pool sends text messages (SmsConfiguration with the IAM role Cognito would assume to publish through SNS;
 * here the development SMS outbox stands in for SNS, so no role is assumed; ADR 0013, 0016) and texts a code to
 * verify a phone number as soon as one is set (AutoVerifiedAttributes phone_number).
 */
export const SMS_CONFIGURATION = {
  SnsCallerArn: "arn:aws:iam::000000000000:role/authhub-e2e-sms",
  ExternalId: "authhub-e2e",
};

export function useSmsSending(pool: StackPool): void {
  pool.SmsConfiguration = { ...SMS_CONFIGURATION };
  pool.AutoVerifiedAttributes = [...new Set([...(pool.AutoVerifiedAttributes ?? []), "phone_number" as const])];
}

/**
 * MFA with the given factors (OPTIONAL unless `mode` says ON), on this file's own stack only: the committed pool
 * (config/userpool.stack.json, the tutorial's) keeps MFA off. SetUserPoolMfaConfig turns off every factor it
 * does not name.
 */
export async function enablePoolMfa(
  stack: RunningStack,
  factors: { totp?: boolean; email?: boolean; sms?: boolean },
  mode: "OPTIONAL" | "ON" = "OPTIONAL",
): Promise<void> {
  const client = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
  try {
    await client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: stack.poolId,
        MfaConfiguration: mode,
        ...(factors.totp ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
        ...(factors.sms
          ? {
              SmsMfaConfiguration: {
                SmsAuthenticationMessage: "Your Authhub sign-in code is {####}.",
                SmsConfiguration: { ...SMS_CONFIGURATION },
              },
            }
          : {}),
        ...(factors.email
          ? {
              EmailMfaConfiguration: {
                Subject: "Your Authhub sign-in code",
                Message: "Your Authhub sign-in code is {####}.",
              },
            }
          : {}),
      }),
    );
  } finally {
    client.destroy();
  }
}

/** Cognito operations a page sends, e.g. every RespondToAuthChallenge, with its ChallengeName if any. */
export function cognitoRequests(page: Page): { target: string; challenge?: string; status?: number }[] {
  const seen: { target: string; challenge?: string; status?: number }[] = [];
  page.on("response", (response) => {
    const target = response.request().headers()["x-amz-target"];
    if (!target) return;
    const body = response.request().postDataJSON() as { ChallengeName?: string } | null;
    seen.push({
      target: target.replace("AWSCognitoIdentityProviderService.", ""),
      ...(body?.ChallengeName ? { challenge: body.ChallengeName } : {}),
      status: response.status(),
    });
  });
  return seen;
}

/**
 * On the account page's security settings: sets up an authenticator app by reading the secret key the page shows
 * (as a person types it into their app) and answering with a code computed from it at the stack's time. Returns the
 * secret.
 */
export async function setUpAuthenticator(page: Page, stack: RunningStack): Promise<string> {
  await openSecuritySettings(page, stack.urls.web);
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = await shownSecret(page);
  // The field has focus: the page moved it there.
  await page.keyboard.type(totp(secret, stack.clock.nowMs()));
  await page.getByLabel("Authenticator name (optional)").fill("E2E phone");
  await page.getByRole("button", { name: "Verify code" }).click();
  await visibleText(status(page, "Your authenticator app is set up."));
  // The page reads the preference again after saving: wait for the new one, not the stale line.
  expect(
    await visibleText(page.getByTestId("mfa-status").filter({ hasText: "Authenticator app (preferred)" })),
  ).toContain("Authenticator app (preferred)");
  return secret;
}

/**
 * The secret key an authenticator-app setup shows next to its QR code (on the security page or at sign-in), read
 * as a person would type it into their app (grouped by four; the spaces are not part of it).
 */
export async function shownSecret(page: Page): Promise<string> {
  await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor({ state: "visible" });
  const shown = await visibleText(page.locator(".totp-secret dd code"));
  const secret = shown.replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  return secret;
}

/** The authenticator step of sign-in is showing, with focus in its code field. */
export async function expectTotpStep(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Enter your authenticator code" }).waitFor({ state: "visible" });
  expect(await page.getByLabel("Verification code").evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
}

export async function submitCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Confirm code" }).click();
}
