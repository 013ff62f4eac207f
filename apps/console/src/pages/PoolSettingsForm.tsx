/**
 * The main settings of a pool. UpdateUserPool resets every setting the request leaves out to its default
 * (API reference, UpdateUserPool: "If you don't provide a value for an attribute, Amazon Cognito sets it to its
 * default value"), so the request carries the pool's current settings with the edited ones replaced.
 */
import type {
  LambdaConfigType,
  UpdateUserPoolRequest,
  UpdateUserPoolResponse,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { useApi } from "../session/ConsoleContext";
import { Field, formText, Success, useAction } from "@authhub/ui";
import { Checkbox, ErrorMessage, formChecked, Select } from "../components/ui";
import { AccountSettingsFields, readAccountSettings } from "./PoolAccountSettings";
import { TRIGGERS, triggerProblem, type TriggerName } from "./triggers";

/** SignInPolicyType's first factors this server honours; PASSWORD is required (InvalidParameterException). */
export const FIRST_FACTORS = [
  { value: "PASSWORD", label: "Password" },
  { value: "EMAIL_OTP", label: "Code by email (passwordless)" },
  { value: "SMS_OTP", label: "Code by text message (passwordless)" },
  { value: "WEB_AUTHN", label: "Passkey" },
] as const;
type FirstFactor = (typeof FIRST_FACTORS)[number]["value"];

type Errors = Partial<Record<string, string>>;

/** The described pool as an UpdateUserPool request: what it takes back (the rest is read-only or set elsewhere). */
export function updateRequestOf(pool: UserPoolType): UpdateUserPoolRequest {
  const from = pool as unknown as Record<string, unknown>;
  const req: Record<string, unknown> = {
    UserPoolId: pool.Id,
    ...(pool.Name !== undefined ? { PoolName: pool.Name } : {}),
  };
  for (const k of UPDATABLE) if (from[k] !== undefined) req[k] = from[k];
  return req as unknown as UpdateUserPoolRequest;
}

// UpdateUserPoolRequest's members that DescribeUserPool returns under the same name (PoolName is `Name` there).
const UPDATABLE = [
  "Policies",
  "DeletionProtection",
  "LambdaConfig",
  "AutoVerifiedAttributes",
  "SmsVerificationMessage",
  "EmailVerificationMessage",
  "EmailVerificationSubject",
  "VerificationMessageTemplate",
  "SmsAuthenticationMessage",
  "UserAttributeUpdateSettings",
  "MfaConfiguration",
  "DeviceConfiguration",
  "EmailConfiguration",
  "SmsConfiguration",
  "UserPoolTags",
  "AdminCreateUserConfig",
  "UserPoolAddOns",
  "DcrConfiguration",
  "AccountRecoverySetting",
  "UserPoolTier",
  "KeyConfiguration",
  "IssuerConfiguration",
] as const satisfies readonly (keyof UpdateUserPoolRequest)[];

function intIn(value: string, min: number, max: number): number | undefined {
  const n = Number(value);
  return value !== "" && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Reads the form into an UpdateUserPool request, or the fields' errors. Exported for the tests' sake. */
export function readPoolSettings(
  pool: UserPoolType,
  form: HTMLFormElement,
): { request: UpdateUserPoolRequest; errors?: undefined } | { errors: Errors } {
  const errors: Errors = {};
  const minimumLength = intIn(formText(form, "MinimumLength"), 6, 99);
  if (minimumLength === undefined) errors.MinimumLength = "Enter a whole number from 6 to 99";
  const tempDays = intIn(formText(form, "TemporaryPasswordValidityDays"), 0, 365);
  if (tempDays === undefined) errors.TemporaryPasswordValidityDays = "Enter a whole number of days from 0 to 365";
  const emailOption =
    formText(form, "DefaultEmailOption") === "CONFIRM_WITH_LINK" ? "CONFIRM_WITH_LINK" : "CONFIRM_WITH_CODE";
  const emailMessage = formText(form, "EmailMessage");
  const emailMessageByLink = formText(form, "EmailMessageByLink");
  const smsMessage = formText(form, "SmsMessage");
  // Cognito's placeholders (VerificationMessageTemplateType): a code message must hold {####}, a link one {##…##}.
  if (emailMessage && !emailMessage.includes("{####}"))
    errors.EmailMessage = "The message must contain {####}, the code";
  if (emailMessageByLink && !/\{##[^#]*##\}/.test(emailMessageByLink))
    errors.EmailMessageByLink = "The message must contain the link as {##Verify email##}";
  if (smsMessage && !smsMessage.includes("{####}")) errors.SmsMessage = "The message must contain {####}, the code";

  const lambda: LambdaConfigType = { ...(pool.LambdaConfig ?? {}) };
  for (const { name } of TRIGGERS) {
    const ref = formText(form, `trigger.${name}`);
    const problem = triggerProblem(ref);
    if (problem) errors[`trigger.${name}`] = problem;
    const key = name as TriggerName;
    if (ref) (lambda as Record<string, unknown>)[key] = ref;
    else delete (lambda as Record<string, unknown>)[key];
  }
  // PreTokenGenerationConfig names the same function as PreTokenGeneration (the server keeps both in step).
  if (lambda.PreTokenGenerationConfig) {
    if (lambda.PreTokenGeneration)
      lambda.PreTokenGenerationConfig = { ...lambda.PreTokenGenerationConfig, LambdaArn: lambda.PreTokenGeneration };
    else delete lambda.PreTokenGenerationConfig;
  }

  const firstFactors = FIRST_FACTORS.map((f) => f.value).filter((v) => formChecked(form, `factor.${v}`));
  // Cognito refuses a SignInPolicy without PASSWORD; said here, next to the boxes.
  if (!firstFactors.includes("PASSWORD")) errors["factor.PASSWORD"] = "Password must stay allowed";

  const account = readAccountSettings(pool, form);
  Object.assign(errors, account.errors);

  if (Object.keys(errors).length > 0 || minimumLength === undefined || tempDays === undefined) return { errors };
  // DeviceConfiguration is the form's alone (off = left out), so the described one is not carried over.
  const { DeviceConfiguration: _described, ...base } = updateRequestOf(pool);
  const template = {
    ...(base.VerificationMessageTemplate ?? {}),
    DefaultEmailOption: emailOption,
    ...(formText(form, "EmailSubject") ? { EmailSubject: formText(form, "EmailSubject") } : {}),
    ...(emailMessage ? { EmailMessage: emailMessage } : {}),
    ...(formText(form, "EmailSubjectByLink") ? { EmailSubjectByLink: formText(form, "EmailSubjectByLink") } : {}),
    ...(emailMessageByLink ? { EmailMessageByLink: emailMessageByLink } : {}),
    ...(smsMessage ? { SmsMessage: smsMessage } : {}),
  } as const;
  return {
    request: {
      ...base,
      ...account.members,
      Policies: {
        ...(base.Policies ?? {}),
        PasswordPolicy: {
          ...(base.Policies?.PasswordPolicy ?? {}),
          MinimumLength: minimumLength,
          RequireUppercase: formChecked(form, "RequireUppercase"),
          RequireLowercase: formChecked(form, "RequireLowercase"),
          RequireNumbers: formChecked(form, "RequireNumbers"),
          RequireSymbols: formChecked(form, "RequireSymbols"),
          TemporaryPasswordValidityDays: tempDays,
        },
        SignInPolicy: { AllowedFirstAuthFactors: firstFactors as FirstFactor[] },
      },
      ...deviceConfiguration(form),
      VerificationMessageTemplate: template,
      DeletionProtection: formChecked(form, "DeletionProtection") ? "ACTIVE" : "INACTIVE",
      LambdaConfig: lambda,
    },
  };
}

/**
 * The AWS console's three device choices. Any DeviceConfiguration member turns remembering on, so "off" leaves
 * the member out (DeviceConfigurationType); ChallengeRequiredOnNewDevice only means something when it is on.
 */
function deviceConfiguration(form: HTMLFormElement): Pick<UpdateUserPoolRequest, "DeviceConfiguration"> {
  const remember = formText(form, "RememberDevices");
  if (remember !== "ALWAYS" && remember !== "USER_OPT_IN") return {};
  return {
    DeviceConfiguration: {
      ChallengeRequiredOnNewDevice: formChecked(form, "ChallengeRequiredOnNewDevice"),
      DeviceOnlyRememberedOnUserPrompt: remember === "USER_OPT_IN",
    },
  };
}

function rememberOf(pool: UserPoolType): "OFF" | "ALWAYS" | "USER_OPT_IN" {
  const c = pool.DeviceConfiguration;
  if (!c || (c.ChallengeRequiredOnNewDevice === undefined && c.DeviceOnlyRememberedOnUserPrompt === undefined))
    return "OFF";
  return c.DeviceOnlyRememberedOnUserPrompt ? "USER_OPT_IN" : "ALWAYS";
}

export function PoolSettingsForm({ pool, onSaved }: { pool: UserPoolType; onSaved: () => void }) {
  const api = useApi();
  const [errors, setErrors] = useState<Errors>({});
  const save = useAction((req: UpdateUserPoolRequest) =>
    api.op<UpdateUserPoolRequest, UpdateUserPoolResponse>("UpdateUserPool", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readPoolSettings(pool, event.currentTarget);
    if (read.errors) {
      setErrors(read.errors);
      save.reset();
      return;
    }
    setErrors({});
    if ((await save.run(read.request)).ok) onSaved();
  };
  const pp = pool.Policies?.PasswordPolicy;
  const t = pool.VerificationMessageTemplate;
  const first: readonly string[] = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ["PASSWORD"];
  const count = Object.keys(errors).length;
  return (
    <form onSubmit={submit} noValidate aria-busy={save.pending} className="wide">
      <fieldset className="choices">
        <legend>Password policy</legend>
        <Field
          label="Minimum length"
          name="MinimumLength"
          type="number"
          inputMode="numeric"
          defaultValue={pp?.MinimumLength ?? 8}
          error={errors.MinimumLength}
        />
        <Checkbox label="Require an uppercase letter" name="RequireUppercase" defaultChecked={pp?.RequireUppercase} />
        <Checkbox label="Require a lowercase letter" name="RequireLowercase" defaultChecked={pp?.RequireLowercase} />
        <Checkbox label="Require a number" name="RequireNumbers" defaultChecked={pp?.RequireNumbers} />
        <Checkbox label="Require a symbol" name="RequireSymbols" defaultChecked={pp?.RequireSymbols} />
        <Field
          label="Temporary password valid for (days)"
          name="TemporaryPasswordValidityDays"
          type="number"
          inputMode="numeric"
          defaultValue={pp?.TemporaryPasswordValidityDays ?? 7}
          error={errors.TemporaryPasswordValidityDays}
        />
      </fieldset>
      <fieldset className="choices" aria-describedby={errors["factor.PASSWORD"] ? "first-factors-error" : undefined}>
        <legend>Sign-in policy (first factors)</legend>
        <p className="hint">
          Passkey settings (relying party, user verification) are under Multi-factor authentication.
        </p>
        {FIRST_FACTORS.map(({ value, label }) => (
          <Checkbox key={value} label={label} name={`factor.${value}`} defaultChecked={first.includes(value)} />
        ))}
        {errors["factor.PASSWORD"] ? (
          <p id="first-factors-error" className="field-error">
            {errors["factor.PASSWORD"]}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="choices">
        <legend>Devices</legend>
        <Select
          label="Remember devices"
          name="RememberDevices"
          defaultValue={rememberOf(pool)}
          options={[
            { value: "OFF", label: "Don't remember" },
            { value: "ALWAYS", label: "Always remember" },
            { value: "USER_OPT_IN", label: "When the user chooses to (DeviceOnlyRememberedOnUserPrompt)" },
          ]}
        />
        <Checkbox
          label="Challenge new devices; remembered ones skip MFA (ChallengeRequiredOnNewDevice)"
          name="ChallengeRequiredOnNewDevice"
          defaultChecked={pool.DeviceConfiguration?.ChallengeRequiredOnNewDevice}
        />
      </fieldset>
      <fieldset className="choices">
        <legend>Verification messages</legend>
        <Select
          label="Email verification"
          name="DefaultEmailOption"
          defaultValue={t?.DefaultEmailOption ?? "CONFIRM_WITH_CODE"}
          options={[
            { value: "CONFIRM_WITH_CODE", label: "A code" },
            { value: "CONFIRM_WITH_LINK", label: "A link" },
          ]}
        />
        <Field label="Code email subject" name="EmailSubject" defaultValue={t?.EmailSubject} />
        <Field
          label="Code email message"
          name="EmailMessage"
          defaultValue={t?.EmailMessage}
          hint="{####} is replaced by the code."
          error={errors.EmailMessage}
        />
        <Field label="Link email subject" name="EmailSubjectByLink" defaultValue={t?.EmailSubjectByLink} />
        <Field
          label="Link email message"
          name="EmailMessageByLink"
          defaultValue={t?.EmailMessageByLink}
          hint="{##Verify email##} becomes a link with that text."
          error={errors.EmailMessageByLink}
        />
        <Field
          label="Text message"
          name="SmsMessage"
          defaultValue={t?.SmsMessage}
          hint="{####} is replaced by the code."
          error={errors.SmsMessage}
        />
      </fieldset>
      <fieldset className="choices">
        <legend>Triggers</legend>
        <p className="hint">
          A Lambda function ARN, or a module run in this server such as file:./triggers/handler.mjs.
        </p>
        {TRIGGERS.map(({ name, label }) => (
          <Field
            key={name}
            label={label}
            name={`trigger.${name}`}
            defaultValue={(pool.LambdaConfig as Record<string, unknown> | undefined)?.[name] as string | undefined}
            error={errors[`trigger.${name}`]}
          />
        ))}
      </fieldset>
      <AccountSettingsFields pool={pool} errors={errors} />
      <Checkbox
        label="Deletion protection (the pool cannot be deleted while on)"
        name="DeletionProtection"
        defaultChecked={pool.DeletionProtection === "ACTIVE"}
      />
      {count > 0 ? (
        <p role="alert" className="message error">
          {count === 1 ? "One setting needs a fix" : `${count} settings need a fix`}: see the messages under them.
        </p>
      ) : null}
      {save.state.status === "error" ? <ErrorMessage error={save.state.error} /> : null}
      {save.state.status === "success" ? <Success>Settings saved.</Success> : null}
      <button type="submit" disabled={save.pending}>
        {save.pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
