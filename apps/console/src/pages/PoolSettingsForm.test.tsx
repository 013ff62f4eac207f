import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { PoolSettingsForm } from "./PoolSettingsForm";

const POOL: UserPoolType = {
  Id: "us-east-1_Test01",
  Name: "Test pool",
  UsernameAttributes: ["email"],
  AutoVerifiedAttributes: ["email"],
  Policies: {
    PasswordPolicy: {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    },
    SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] },
  },
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
  LambdaConfig: {
    PreTokenGeneration: "file:./triggers/pre.mjs",
    PreTokenGenerationConfig: { LambdaArn: "file:./triggers/pre.mjs", LambdaVersion: "V2_0" },
  },
  VerificationMessageTemplate: {
    DefaultEmailOption: "CONFIRM_WITH_CODE",
    EmailMessage: "Code {####}",
    EmailSubject: "Verify",
  },
  DeletionProtection: "ACTIVE",
  MfaConfiguration: "OPTIONAL",
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  // Read-only members DescribeUserPool returns and UpdateUserPool refuses:
  Arn: "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Test01",
  EstimatedNumberOfUsers: 3,
};

function setup(update: (b: Record<string, unknown>) => unknown = () => ({})) {
  const fake = fakeConsole({ UpdateUserPool: update });
  const onSaved = vi.fn();
  renderConsole(<PoolSettingsForm pool={POOL} onSaved={onSaved} />, fake.api);
  return { ...fake, onSaved, user: userEvent.setup() };
}

describe("PoolSettingsForm", () => {
  it("sends the edited settings with every other updatable setting of the pool, and no read-only member", async () => {
    const t = setup();
    const length = screen.getByLabelText("Minimum length");
    await t.user.clear(length);
    await t.user.type(length, "12");
    await t.user.click(screen.getByLabelText("Require a symbol"));
    await t.user.click(screen.getByLabelText("Deletion protection (the pool cannot be deleted while on)"));
    await t.user.type(
      screen.getByLabelText("Pre sign-up"),
      "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up",
    );
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(t.onSaved).toHaveBeenCalled());
    const [sent] = t.opCalls("UpdateUserPool");
    expect(sent).toEqual({
      UserPoolId: "us-east-1_Test01",
      PoolName: "Test pool",
      AutoVerifiedAttributes: ["email"],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 7,
        },
        SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] },
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      LambdaConfig: {
        PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up",
        PreTokenGeneration: "file:./triggers/pre.mjs",
        PreTokenGenerationConfig: { LambdaArn: "file:./triggers/pre.mjs", LambdaVersion: "V2_0" },
      },
      VerificationMessageTemplate: {
        DefaultEmailOption: "CONFIRM_WITH_CODE",
        EmailMessage: "Code {####}",
        EmailSubject: "Verify",
      },
      DeletionProtection: "INACTIVE",
      MfaConfiguration: "OPTIONAL",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
    expect(await screen.findByRole("status")).toHaveTextContent("Settings saved.");
  });

  it("sends the sign-in policy's first factors and the device choices", async () => {
    const t = setup();
    expect(screen.getByLabelText("Code by email (passwordless)")).toBeChecked();
    expect(screen.getByLabelText("Remember devices")).toHaveValue("USER_OPT_IN");
    await t.user.click(screen.getByLabelText("Code by email (passwordless)"));
    await t.user.click(screen.getByLabelText("Passkey"));
    await t.user.selectOptions(screen.getByLabelText("Remember devices"), "ALWAYS");
    await t.user.click(screen.getByLabelText(/ChallengeRequiredOnNewDevice/));
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(t.opCalls("UpdateUserPool")).toHaveLength(1));
    const [sent] = t.opCalls("UpdateUserPool");
    expect(sent?.Policies).toMatchObject({ SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } });
    expect(sent?.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: false,
      DeviceOnlyRememberedOnUserPrompt: false,
    });
  });

  it("turning device remembering off leaves DeviceConfiguration out (any member would turn it on)", async () => {
    const t = setup();
    await t.user.selectOptions(screen.getByLabelText("Remember devices"), "OFF");
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(t.opCalls("UpdateUserPool")).toHaveLength(1));
    expect(t.opCalls("UpdateUserPool")[0]).not.toHaveProperty("DeviceConfiguration");
  });

  it("refuses a sign-in policy without the password", async () => {
    const t = setup();
    await t.user.click(screen.getByLabelText("Password"));
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(screen.getByText("Password must stay allowed")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("One setting needs a fix");
    expect(t.opCalls("UpdateUserPool")).toHaveLength(0);
  });

  it("removing the pre token generation trigger removes both of its members", async () => {
    const t = setup();
    await t.user.clear(screen.getByLabelText("Pre token generation"));
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(t.opCalls("UpdateUserPool")).toHaveLength(1));
    expect(t.opCalls("UpdateUserPool")[0]?.LambdaConfig).toEqual({});
  });

  it("names each field's problem and sends nothing", async () => {
    const t = setup();
    const length = screen.getByLabelText("Minimum length");
    await t.user.clear(length);
    await t.user.type(length, "5");
    await t.user.clear(screen.getByLabelText("Code email message"));
    await t.user.type(screen.getByLabelText("Code email message"), "No placeholder");
    await t.user.type(screen.getByLabelText("Post confirmation"), "arn:aws:lambda:nowhere");
    await t.user.type(screen.getByLabelText("Custom message"), "file:./handler.ts");
    await t.user.type(screen.getByLabelText("User migration"), "handler.mjs");
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(screen.getByText("Enter a whole number from 6 to 99")).toBeInTheDocument();
    expect(screen.getByText("The message must contain {####}, the code")).toBeInTheDocument();
    expect(screen.getByText(/^Enter a Lambda function ARN: arn:aws:lambda/)).toBeInTheDocument();
    expect(screen.getByText("The module must be a .mjs, .cjs or .js file")).toBeInTheDocument();
    expect(screen.getByText(/^Enter a Lambda function ARN or a module path/)).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("5 settings need a fix");
    expect(screen.getByLabelText("Minimum length")).toHaveAttribute("aria-invalid", "true");
    expect(t.opCalls("UpdateUserPool")).toHaveLength(0);
  });

  it("shows the server's refusal in its words", async () => {
    const t = setup(() => {
      throw new Cognito("InvalidParameterException", "MinimumLength must be at least 6.");
    });
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "InvalidParameterException: MinimumLength must be at least 6.",
    );
    expect(t.onSaved).not.toHaveBeenCalled();
  });
});

describe("PoolSettingsForm, accounts and messages", () => {
  it("sends sign-up, invitation, verification, recovery, sending and plan settings as edited", async () => {
    const t = setup();
    await t.user.click(screen.getByLabelText("Only administrators create users (no self sign-up)"));
    await t.user.type(screen.getByLabelText("Invitation email subject"), "Welcome");
    await t.user.type(screen.getByLabelText("Invitation email message"), "Hi {{username}, use {{####}");
    await t.user.click(screen.getByLabelText("Verify phone number"));
    await t.user.click(screen.getByLabelText("Keep the old email until the new one is verified"));
    await t.user.selectOptions(screen.getByLabelText("Account recovery (forgot password)"), "phone,email");
    await t.user.selectOptions(screen.getByLabelText("Email is sent by"), "DEVELOPER");
    await t.user.type(
      screen.getByLabelText("SES identity ARN"),
      "arn:aws:ses:us-east-1:123456789012:identity/example.com",
    );
    await t.user.type(screen.getByLabelText("From address"), "Example <no-reply@example.com>");
    await t.user.type(
      screen.getByLabelText("SNS caller role ARN (text messages)"),
      "arn:aws:iam::123456789012:role/cognito-sms",
    );
    await t.user.type(screen.getByLabelText("External ID"), "ext-1");
    await t.user.selectOptions(screen.getByLabelText("Feature plan"), "PLUS");
    await t.user.selectOptions(screen.getByLabelText("Threat protection"), "ENFORCED");
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(t.opCalls("UpdateUserPool")).toHaveLength(1));
    const [sent] = t.opCalls("UpdateUserPool");
    expect(sent).toMatchObject({
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: false,
        InviteMessageTemplate: { EmailSubject: "Welcome", EmailMessage: "Hi {username}, use {####}" },
      },
      AutoVerifiedAttributes: ["email", "phone_number"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Name: "verified_phone_number", Priority: 1 },
          { Name: "verified_email", Priority: 2 },
        ],
      },
      EmailConfiguration: {
        EmailSendingAccount: "DEVELOPER",
        SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        From: "Example <no-reply@example.com>",
      },
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/cognito-sms", ExternalId: "ext-1" },
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
    });
  });

  it("saves a pool that sends DEVELOPER mail without an SES identity (this server's SMTP) unchanged", async () => {
    const fake = fakeConsole({ UpdateUserPool: () => ({}) });
    const onSaved = vi.fn();
    const pool = { ...POOL, EmailConfiguration: { EmailSendingAccount: "DEVELOPER" as const } };
    renderConsole(<PoolSettingsForm pool={pool} onSaved={onSaved} />, fake.api);
    await userEvent.setup().click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(fake.opCalls("UpdateUserPool")[0]?.EmailConfiguration).toEqual({ EmailSendingAccount: "DEVELOPER" });
  });

  it("names what needs a fix and sends nothing: placeholders, the ARNs' form, threat protection's plan", async () => {
    const t = setup();
    await t.user.type(screen.getByLabelText("Invitation email message"), "Hi there, welcome");
    await t.user.selectOptions(screen.getByLabelText("Email is sent by"), "DEVELOPER");
    await t.user.type(screen.getByLabelText("SES identity ARN"), "example.com");
    await t.user.type(screen.getByLabelText("SNS caller role ARN (text messages)"), "not-an-arn");
    await t.user.selectOptions(screen.getByLabelText("Threat protection"), "AUDIT");
    await t.user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("4 settings need a fix", { exact: false })).toBeInTheDocument();
    expect(screen.getByLabelText("Invitation email message")).toHaveAccessibleDescription(
      expect.stringContaining("must contain {username} and {####}"),
    );
    expect(screen.getByLabelText("SES identity ARN")).toHaveAccessibleDescription(
      expect.stringContaining("Enter an SES identity ARN"),
    );
    expect(screen.getByLabelText("SNS caller role ARN (text messages)")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Threat protection")).toHaveAccessibleDescription(
      "Threat protection needs the Plus feature plan",
    );
    expect(t.opCalls("UpdateUserPool")).toEqual([]);
  });
});
