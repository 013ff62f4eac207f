/**
 * The pool settings about accounts and messages, part of the pool's settings form: who may sign up and how
 * invitations read, which attributes are verified, account recovery, how e-mail and text messages are sent, and the
 * feature plan with threat protection. Each member is read back from DescribeUserPool and sent whole, as
 * UpdateUserPool resets what it is not sent (PoolSettingsForm.tsx).
 */
import type {
  AccountRecoverySettingType,
  AdminCreateUserConfigType,
  EmailConfigurationType,
  SmsConfigurationType,
  UpdateUserPoolRequest,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { Field, formText } from "@authhub/ui";
import { Checkbox, formChecked, Select } from "../components/ui";

type Errors = Partial<Record<string, string>>;

/** AccountRecoverySetting as one choice, as the AWS console offers it (RecoveryMechanismType, priorities 1–2). */
export const RECOVERY_CHOICES = [
  {
    value: "email,phone",
    label: "Verified email, then verified phone",
    names: ["verified_email", "verified_phone_number"],
  },
  {
    value: "phone,email",
    label: "Verified phone, then verified email",
    names: ["verified_phone_number", "verified_email"],
  },
  { value: "email", label: "Verified email only", names: ["verified_email"] },
  { value: "phone", label: "Verified phone only", names: ["verified_phone_number"] },
  { value: "admin", label: "None: an administrator resets passwords (admin_only)", names: ["admin_only"] },
] as const;

function recoveryOf(pool: UserPoolType): string {
  const names = [...(pool.AccountRecoverySetting?.RecoveryMechanisms ?? [])]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))
    .map((m) => m.Name);
  const match = RECOVERY_CHOICES.find((c) => c.names.join() === names.join());
  // Cognito's default when none is set: email first, then phone.
  return match?.value ?? "email,phone";
}

const VERIFIABLE = [
  { value: "email", label: "Email" },
  { value: "phone_number", label: "Phone number" },
] as const;

const SNS_ROLE = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SES_IDENTITY = /^arn:aws[\w-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/;

/** Reads the account and message settings into UpdateUserPool members, or their fields' errors. */
export function readAccountSettings(
  pool: UserPoolType,
  form: HTMLFormElement,
): { members: Partial<UpdateUserPoolRequest>; errors: Errors } {
  const errors: Errors = {};
  const text = (name: string) => formText(form, name);

  const inviteEmail = text("InviteEmailMessage");
  const inviteSms = text("InviteSmsMessage");
  // InviteMessageTemplate's placeholders: the message must say the user name and the temporary password.
  for (const [name, value] of [
    ["InviteEmailMessage", inviteEmail],
    ["InviteSmsMessage", inviteSms],
  ] as const)
    if (value && !(value.includes("{username}") && value.includes("{####}")))
      errors[name] = "The message must contain {username} and {####}, the temporary password";
  const adminCreate: AdminCreateUserConfigType = {
    ...(pool.AdminCreateUserConfig ?? {}),
    AllowAdminCreateUserOnly: formChecked(form, "AllowAdminCreateUserOnly"),
    InviteMessageTemplate: {
      ...(text("InviteEmailSubject") ? { EmailSubject: text("InviteEmailSubject") } : {}),
      ...(inviteEmail ? { EmailMessage: inviteEmail } : {}),
      ...(inviteSms ? { SMSMessage: inviteSms } : {}),
    },
  };

  const choice = RECOVERY_CHOICES.find((c) => c.value === text("AccountRecovery")) ?? RECOVERY_CHOICES[0];
  const recovery: AccountRecoverySettingType = {
    RecoveryMechanisms: choice.names.map((Name, i) => ({ Name, Priority: i + 1 })),
  };

  const sending = text("EmailSendingAccount") === "DEVELOPER" ? "DEVELOPER" : "COGNITO_DEFAULT";
  const sourceArn = text("SourceArn");
  // Cognito needs an SES identity for DEVELOPER; this server also sends DEVELOPER mail without one (its own SMTP
  // or development mailbox), so only the ARN's form is checked here and the server judges the rest.
  if (sourceArn && !SES_IDENTITY.test(sourceArn))
    errors.SourceArn = "Enter an SES identity ARN (arn:aws:ses:region:account:identity/…), or leave it empty";
  const email: EmailConfigurationType = {
    EmailSendingAccount: sending,
    ...(sourceArn ? { SourceArn: sourceArn } : {}),
    ...(text("From") ? { From: text("From") } : {}),
    ...(text("ReplyToEmailAddress") ? { ReplyToEmailAddress: text("ReplyToEmailAddress") } : {}),
    ...(pool.EmailConfiguration?.ConfigurationSet
      ? { ConfigurationSet: pool.EmailConfiguration.ConfigurationSet }
      : {}),
  };

  const snsRole = text("SnsCallerArn");
  if (snsRole && !SNS_ROLE.test(snsRole))
    errors.SnsCallerArn = "Enter an IAM role ARN (arn:aws:iam::account:role/name), or leave it empty";
  const sms: SmsConfigurationType | undefined = snsRole
    ? {
        SnsCallerArn: snsRole,
        ...(text("ExternalId") ? { ExternalId: text("ExternalId") } : {}),
        ...(text("SnsRegion") ? { SnsRegion: text("SnsRegion") } : {}),
      }
    : undefined;

  const tier = text("UserPoolTier");
  const security = text("AdvancedSecurityMode");
  // Cognito refuses threat protection below the Plus plan; said here, next to the choice.
  if (security !== "OFF" && tier !== "PLUS")
    errors.AdvancedSecurityMode = "Threat protection needs the Plus feature plan";

  const verified = (prefix: string) =>
    VERIFIABLE.map((a) => a.value).filter((a) => formChecked(form, `${prefix}.${a}`));
  const autoVerified = verified("autoVerify");
  const keep = verified("keepUntilVerified");
  const mode = security === "AUDIT" || security === "ENFORCED" ? security : "OFF";
  // A member the pool does not have is added only when the form sets something in it: saving unchanged
  // settings sends back what DescribeUserPool showed, no more.
  const members: Partial<UpdateUserPoolRequest> = {
    ...(pool.AdminCreateUserConfig || adminCreate.AllowAdminCreateUserOnly || inviteEmail || inviteSms
      ? { AdminCreateUserConfig: withoutEmptyTemplate(adminCreate) }
      : {}),
    ...(pool.AutoVerifiedAttributes || autoVerified.length > 0 ? { AutoVerifiedAttributes: autoVerified } : {}),
    ...(pool.UserAttributeUpdateSettings || keep.length > 0
      ? { UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: keep } }
      : {}),
    ...(pool.AccountRecoverySetting || choice !== RECOVERY_CHOICES[0] ? { AccountRecoverySetting: recovery } : {}),
    ...(pool.EmailConfiguration || sending === "DEVELOPER" || Object.keys(email).length > 1
      ? { EmailConfiguration: email }
      : {}),
    ...(sms ? { SmsConfiguration: sms } : {}),
    ...((tier === "LITE" || tier === "ESSENTIALS" || tier === "PLUS") && (pool.UserPoolTier || tier !== "ESSENTIALS")
      ? { UserPoolTier: tier }
      : {}),
    ...(pool.UserPoolAddOns || mode !== "OFF"
      ? { UserPoolAddOns: { ...(pool.UserPoolAddOns ?? {}), AdvancedSecurityMode: mode } }
      : {}),
  };
  return { errors, members };
}

function withoutEmptyTemplate(c: AdminCreateUserConfigType): AdminCreateUserConfigType {
  if (c.InviteMessageTemplate && Object.keys(c.InviteMessageTemplate).length > 0) return c;
  const { InviteMessageTemplate: _empty, ...rest } = c;
  return rest;
}

export function AccountSettingsFields({ pool, errors }: { pool: UserPoolType; errors: Errors }) {
  const invite = pool.AdminCreateUserConfig?.InviteMessageTemplate;
  const autoVerified: readonly string[] = pool.AutoVerifiedAttributes ?? [];
  const keep: readonly string[] = pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const email = pool.EmailConfiguration;
  const sms = pool.SmsConfiguration;
  return (
    <>
      <fieldset className="choices">
        <legend>Sign-up and invitations</legend>
        <Checkbox
          label="Only administrators create users (no self sign-up)"
          name="AllowAdminCreateUserOnly"
          defaultChecked={pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly}
        />
        <Field label="Invitation email subject" name="InviteEmailSubject" defaultValue={invite?.EmailSubject} />
        <Field
          label="Invitation email message"
          name="InviteEmailMessage"
          defaultValue={invite?.EmailMessage}
          hint="{username} is replaced by the user name, {####} by the temporary password."
          error={errors.InviteEmailMessage}
        />
        <Field
          label="Invitation text message"
          name="InviteSmsMessage"
          defaultValue={invite?.SMSMessage}
          hint="{username} and {####} as in the email."
          error={errors.InviteSmsMessage}
        />
      </fieldset>
      <fieldset className="choices">
        <legend>Verification and recovery</legend>
        <p className="hint">Verify these automatically by sending a code or link when they are set:</p>
        {VERIFIABLE.map(({ value, label }) => (
          <Checkbox
            key={value}
            label={`Verify ${label.toLowerCase()}`}
            name={`autoVerify.${value}`}
            defaultChecked={autoVerified.includes(value)}
          />
        ))}
        <p className="hint">Keep the old value in force until a change is verified:</p>
        {VERIFIABLE.map(({ value, label }) => (
          <Checkbox
            key={value}
            label={`Keep the old ${label.toLowerCase()} until the new one is verified`}
            name={`keepUntilVerified.${value}`}
            defaultChecked={keep.includes(value)}
          />
        ))}
        <Select
          label="Account recovery (forgot password)"
          name="AccountRecovery"
          defaultValue={recoveryOf(pool)}
          options={RECOVERY_CHOICES.map(({ value, label }) => ({ value, label }))}
        />
      </fieldset>
      <fieldset className="choices">
        <legend>Sending email and text messages</legend>
        <Select
          label="Email is sent by"
          name="EmailSendingAccount"
          defaultValue={email?.EmailSendingAccount ?? "COGNITO_DEFAULT"}
          options={[
            { value: "COGNITO_DEFAULT", label: "Cognito's default sender (COGNITO_DEFAULT)" },
            { value: "DEVELOPER", label: "Amazon SES with your identity (DEVELOPER)" },
          ]}
        />
        <Field label="SES identity ARN" name="SourceArn" defaultValue={email?.SourceArn} error={errors.SourceArn} />
        <Field label="From address" name="From" defaultValue={email?.From} />
        <Field label="Reply-to address" name="ReplyToEmailAddress" defaultValue={email?.ReplyToEmailAddress} />
        <Field
          label="SNS caller role ARN (text messages)"
          name="SnsCallerArn"
          defaultValue={sms?.SnsCallerArn}
          hint="Empty: the pool's text-message setting is kept as it is."
          error={errors.SnsCallerArn}
        />
        <Field label="External ID" name="ExternalId" defaultValue={sms?.ExternalId} />
        <Field label="SNS region" name="SnsRegion" defaultValue={sms?.SnsRegion} />
      </fieldset>
      <fieldset className="choices">
        <legend>Feature plan and threat protection</legend>
        <Select
          label="Feature plan"
          name="UserPoolTier"
          defaultValue={pool.UserPoolTier ?? "ESSENTIALS"}
          options={[
            { value: "LITE", label: "Lite" },
            { value: "ESSENTIALS", label: "Essentials" },
            { value: "PLUS", label: "Plus" },
          ]}
        />
        <Select
          label="Threat protection"
          name="AdvancedSecurityMode"
          defaultValue={pool.UserPoolAddOns?.AdvancedSecurityMode ?? "OFF"}
          options={[
            { value: "OFF", label: "Off" },
            { value: "AUDIT", label: "Audit only" },
            { value: "ENFORCED", label: "Enforced" },
          ]}
          error={errors.AdvancedSecurityMode}
        />
      </fieldset>
    </>
  );
}
