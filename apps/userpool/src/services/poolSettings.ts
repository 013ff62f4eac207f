/**
 * Effective pool and client settings: the Cognito request shapes with Cognito's defaults filled in,
 * as stored and as Describe* returns them. Every rule that reads a setting goes through these types.
 */
import { FeatureUnavailableInTierException, InvalidParameterException } from "../errors/cognitoErrors.js";
import type { ClientSettingsInput, ExplicitAuthFlow, PoolSettingsInput } from "../protocol/poolShapes.js";
import { normalizeLambdaConfig } from "../triggers/lambdaConfig.js";

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  PasswordHistorySize?: number;
  TemporaryPasswordValidityDays: number;
}

export interface VerificationTemplate {
  SmsMessage?: string;
  EmailMessage: string;
  EmailSubject: string;
  EmailMessageByLink: string;
  EmailSubjectByLink: string;
  DefaultEmailOption: "CONFIRM_WITH_CODE" | "CONFIRM_WITH_LINK";
}

export type PoolSettings = Omit<
  PoolSettingsInput,
  "Policies" | "VerificationMessageTemplate" | "AdminCreateUserConfig" | "UsernameConfiguration" | "MfaConfiguration"
> & {
  Policies: { PasswordPolicy: PasswordPolicy; SignInPolicy?: { AllowedFirstAuthFactors: FirstAuthFactor[] } };
  DeletionProtection: "ACTIVE" | "INACTIVE";
  AutoVerifiedAttributes: ("email" | "phone_number")[];
  VerificationMessageTemplate: VerificationTemplate;
  EmailVerificationMessage: string;
  EmailVerificationSubject: string;
  MfaConfiguration: "OFF" | "ON" | "OPTIONAL";
  /**
   * The MFA factors SetUserPoolMfaConfig turned on. Not a UserPoolType member (describePool leaves it
   * out); absent in pools stored before MFA existed, so read it through `mfaFactors`.
   */
  MfaFactors?: MfaFactors;
  /**
   * Secondary replicas CreateUserPoolReplica stored (ADR 0032): records only, no Region serves them. Not a
   * UserPoolType member (describePool leaves it out); UpdateUserPool keeps it.
   */
  Replicas?: StoredReplica[];
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: boolean;
    UnusedAccountValidityDays?: number;
    InviteMessageTemplate: { EmailMessage: string; EmailSubject: string; SMSMessage?: string };
  };
  UsernameConfiguration: { CaseSensitive: boolean };
  UserPoolTier: "LITE" | "ESSENTIALS" | "PLUS";
  /** Region the pool ID was minted in (prefix of the ID). */
  Region: string;
};

/** A secondary replica as stored: its Region, tags, status (ACTIVE or INACTIVE) and creation time (epoch ms). */
export interface StoredReplica {
  RegionName: string;
  UserPoolTags: Record<string, string>;
  Status: "ACTIVE" | "INACTIVE";
  CreatedAt: number;
}

/** The pool's MFA factors as GetUserPoolMfaConfig shows them. */
export interface MfaFactors {
  SoftwareToken: boolean;
  Sms: boolean;
  /** Present when e-mail MFA is on; Message/Subject only when set (else the defaults of services/mfa). */
  Email?: { Message?: string; Subject?: string };
  /**
   * SetUserPoolMfaConfig's WebAuthnConfiguration (passkeys), kept here because UpdateUserPool carries these
   * settings over too. Absent until set: no relying party ID, user verification preferred.
   */
  WebAuthn?: WebAuthnSettings;
}

/** A pool's passkey settings (API reference, WebAuthnConfigurationType). */
export interface WebAuthnSettings {
  /** Absent: the host of the hosted UI, once the pool has a domain (services/webAuthn.ts). */
  RelyingPartyId?: string;
  UserVerification: "required" | "preferred";
}

/** The pool's passkey settings, Cognito's defaults when never set. */
export function webAuthnSettings(s: Pick<PoolSettings, "MfaFactors">): WebAuthnSettings {
  return s.MfaFactors?.WebAuthn ?? { UserVerification: "preferred" };
}

/** A first factor of choice-based sign-in (SOFTWARE_TOKEN is MFA only). */
export type FirstAuthFactor = "PASSWORD" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN";

/** The pool's first factors (Policies.SignInPolicy), PASSWORD alone when never set. */
export function firstAuthFactors(s: Pick<PoolSettings, "Policies">): FirstAuthFactor[] {
  return s.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? ["PASSWORD"];
}

/** The one-time-code first factors among `factors`. */
export const codeFactors = (factors: readonly string[]) => factors.filter((f) => f === "EMAIL_OTP" || f === "SMS_OTP");

/** Code first factors are refused while MFA is required (ADR 0023). */
export const CODE_FACTORS_WITH_MFA_ON =
  "Policies.SignInPolicy.AllowedFirstAuthFactors EMAIL_OTP and SMS_OTP (passwordless sign-in) cannot be allowed " +
  "while MfaConfiguration is ON.";

/** A pool's MFA factors, all off for a pool stored before MFA existed. */
export function mfaFactors(s: Pick<PoolSettings, "MfaFactors">): MfaFactors {
  return s.MfaFactors ?? { SoftwareToken: false, Sms: false };
}

/**
 * Cognito's answer when MFA is ON or OPTIONAL with no factor on (CreateUserPool can only turn on SMS).
 * The exact text Cognito sends, as reported by its users (e.g. aws-cdk#12075).
 */
export const MFA_NEEDS_SMS =
  "SMS configuration and Auto verification for phone_number are required when MFA is required/optional";

export type TimeUnit = "seconds" | "minutes" | "hours" | "days";

export type ClientSettings = Omit<ClientSettingsInput, "TokenValidityUnits" | "ExplicitAuthFlows"> & {
  RefreshTokenValidity: number;
  AccessTokenValidity: number;
  IdTokenValidity: number;
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  ExplicitAuthFlows: ExplicitAuthFlow[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  PreventUserExistenceErrors: "LEGACY" | "ENABLED";
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  AuthSessionValidity: number;
};

// Cognito's default messages (what DescribeUserPool shows for a pool created without templates).
export const DEFAULT_CODE_MESSAGE = "Your verification code is {####}. ";
export const DEFAULT_CODE_SUBJECT = "Your verification code";
const DEFAULT_LINK_MESSAGE = "Please click the link below to verify your email address. {##Verify Email##} ";
const DEFAULT_LINK_SUBJECT = "Your verification link";
const DEFAULT_INVITE_MESSAGE = "Your username is {username} and temporary password is {####}. ";
const DEFAULT_INVITE_SUBJECT = "Your temporary password";

/**
 * Applies Cognito's defaults and cross-field rules to CreateUserPool/UpdateUserPool input. `factors`
 * are the pool's current MFA factors (UpdateUserPool has no member for them, so they carry over).
 */
export function normalizePoolSettings(input: PoolSettingsInput, region: string, factors?: MfaFactors): PoolSettings {
  refuseUnhonouredPoolSettings(input);
  checkTagCount(input.UserPoolTags ?? {});
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw new InvalidParameterException(
      "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
    );
  }
  const mfa = input.MfaConfiguration ?? "OFF";
  let mfaSettings: MfaFactors = factors ?? { SoftwareToken: false, Sms: false };
  const anyFactor = mfaSettings.SoftwareToken || mfaSettings.Sms || !!mfaSettings.Email;
  if (mfa !== "OFF" && !anyFactor) {
    // Create/UpdateUserPool turn on SMS MFA, the only factor they can name, and Cognito then wants
    // an SMS sender and phone numbers verified automatically.
    if (!input.SmsConfiguration?.SnsCallerArn || !input.AutoVerifiedAttributes?.includes("phone_number"))
      throw new InvalidParameterException(MFA_NEEDS_SMS);
    mfaSettings = { ...mfaSettings, Sms: true };
  }
  const signIn = checkSignInPolicy(input, mfa);
  const p = input.Policies?.PasswordPolicy ?? {};
  const t = input.VerificationMessageTemplate ?? {};
  const emailMessage = t.EmailMessage ?? input.EmailVerificationMessage ?? DEFAULT_CODE_MESSAGE;
  const emailSubject = t.EmailSubject ?? input.EmailVerificationSubject ?? DEFAULT_CODE_SUBJECT;
  const invite = input.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const sms = t.SmsMessage ?? input.SmsVerificationMessage;
  const {
    Policies: _p,
    VerificationMessageTemplate: _t,
    AdminCreateUserConfig: _a,
    UsernameConfiguration: _u,
    MfaConfiguration: _m,
    ...rest
  } = input;
  return {
    ...rest,
    ...(rest.LambdaConfig ? { LambdaConfig: normalizeLambdaConfig(rest.LambdaConfig) } : {}),
    Policies: {
      PasswordPolicy: {
        MinimumLength: p.MinimumLength ?? 8,
        RequireUppercase: p.RequireUppercase ?? true,
        RequireLowercase: p.RequireLowercase ?? true,
        RequireNumbers: p.RequireNumbers ?? true,
        RequireSymbols: p.RequireSymbols ?? true,
        ...(p.PasswordHistorySize !== undefined ? { PasswordHistorySize: p.PasswordHistorySize } : {}),
        TemporaryPasswordValidityDays: p.TemporaryPasswordValidityDays ?? 7,
      },
      ...(signIn ? { SignInPolicy: { AllowedFirstAuthFactors: signIn } } : {}),
    },
    DeletionProtection: input.DeletionProtection ?? "INACTIVE",
    AutoVerifiedAttributes: [...new Set(input.AutoVerifiedAttributes ?? [])],
    VerificationMessageTemplate: {
      ...(sms ? { SmsMessage: sms } : {}),
      EmailMessage: emailMessage,
      EmailSubject: emailSubject,
      EmailMessageByLink: t.EmailMessageByLink ?? DEFAULT_LINK_MESSAGE,
      EmailSubjectByLink: t.EmailSubjectByLink ?? DEFAULT_LINK_SUBJECT,
      DefaultEmailOption: t.DefaultEmailOption ?? "CONFIRM_WITH_CODE",
    },
    EmailVerificationMessage: emailMessage,
    EmailVerificationSubject: emailSubject,
    MfaConfiguration: mfa,
    MfaFactors: mfaSettings,
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
      ...(input.AdminCreateUserConfig?.UnusedAccountValidityDays !== undefined
        ? { UnusedAccountValidityDays: input.AdminCreateUserConfig.UnusedAccountValidityDays }
        : {}),
      InviteMessageTemplate: {
        EmailMessage: invite.EmailMessage ?? DEFAULT_INVITE_MESSAGE,
        EmailSubject: invite.EmailSubject ?? DEFAULT_INVITE_SUBJECT,
        ...(invite.SMSMessage ? { SMSMessage: invite.SMSMessage } : {}),
      },
    },
    // Case-insensitive usernames are Cognito's recommended setting (and the console default).
    UsernameConfiguration: { CaseSensitive: input.UsernameConfiguration?.CaseSensitive ?? false },
    UserPoolTier: input.UserPoolTier ?? "ESSENTIALS",
    Region: region,
  };
}

/** TagResource: "A user pool can have as many as 50 tags" (UserPoolTags are the same tags). */
export const MAX_POOL_TAGS = 50;

export function checkTagCount(tags: Record<string, string>): void {
  const n = Object.keys(tags).length;
  if (n > MAX_POOL_TAGS)
    throw new InvalidParameterException(`A user pool can have at most ${MAX_POOL_TAGS} tags; these would be ${n}.`);
}

const unsupported = (what: string, hint = "") =>
  new InvalidParameterException(`${what} is not supported by this server.${hint && ` ${hint}`}`);

/**
 * Settings this server cannot honour are refused by name, never stored and ignored; the value that
 * means "off" is accepted, since it is honoured by definition (ADR 0019; the full table of pool and
 * client members is in docs/userpool/differences.md). Members with no shape here are refused by the
 * schema itself (`unsupportedMember` in protocol/poolShapes.ts).
 */
function refuseUnhonouredPoolSettings(input: PoolSettingsInput): void {
  const addOns = input.UserPoolAddOns;
  // Threat protection is honoured (services/risk/, ADR 0031) on the Plus plan only, as Cognito sells it.
  if (addOns && addOns.AdvancedSecurityMode !== "OFF" && input.UserPoolTier !== "PLUS")
    throw new FeatureUnavailableInTierException(
      `UserPoolAddOns.AdvancedSecurityMode ${addOns.AdvancedSecurityMode} (threat protection) requires the Plus ` +
        "feature plan (UserPoolTier PLUS).",
    );
  if (addOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode)
    throw unsupported("UserPoolAddOns.AdvancedSecurityAdditionalFlows (threat protection for custom authentication)");
  if (input.Policies?.PasswordPolicy?.PasswordHistorySize)
    throw unsupported("Policies.PasswordPolicy.PasswordHistorySize above 0 (password history)", "Use 0.");
  if (input.EmailConfiguration?.ConfigurationSet !== undefined)
    throw unsupported("EmailConfiguration.ConfigurationSet (Amazon SES configuration sets)");
  checkSchemaAttributes(input.Schema ?? [], "Schema");
}

/**
 * Rules for Schema entries shared by CreateUserPool and AddCustomAttributes: custom attributes cannot be
 * required (Cognito's own refusal), and the kinds this server does not honour are refused by name.
 */
export function checkSchemaAttributes(attrs: NonNullable<PoolSettingsInput["Schema"]>, member: string): void {
  for (const a of attrs) {
    // Schema names custom attributes without the "custom:" prefix; Cognito refuses to make them required.
    if (!STANDARD_ATTRIBUTES.has(a.Name) && a.Required)
      throw new InvalidParameterException(`Required custom attributes are not supported currently. (${a.Name})`);
    if (a.DeveloperOnlyAttribute)
      throw unsupported(
        `${member} ${a.Name}: DeveloperOnlyAttribute true (developer-only attributes)`,
        "Leave the attribute out of the app clients' WriteAttributes instead, as Cognito recommends.",
      );
    if (a.AttributeDataType === "DateTime")
      throw unsupported(`${member} ${a.Name}: AttributeDataType DateTime`, "Use String.");
  }
}

/**
 * Policies.SignInPolicy.AllowedFirstAuthFactors, checked as Cognito documents it (API reference,
 * SignInPolicyType; developer guide, "Authentication flows"): SOFTWARE_TOKEN is no first factor,
 * PASSWORD stays allowed, factors beyond PASSWORD need the Essentials plan, EMAIL_OTP the pool's own
 * sender (EmailSendingAccount DEVELOPER, as e-mail MFA) and SMS_OTP an SMS configuration.
 */
function checkSignInPolicy(input: PoolSettingsInput, mfa: string): FirstAuthFactor[] | undefined {
  const given = input.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
  if (!given) return undefined;
  const factors = [...new Set(given)];
  if (factors.includes("SOFTWARE_TOKEN"))
    throw new InvalidParameterException(
      "SOFTWARE_TOKEN is not supported as a first auth factor (Policies.SignInPolicy.AllowedFirstAuthFactors).",
    );
  if (!factors.includes("PASSWORD"))
    throw new InvalidParameterException("Policies.SignInPolicy.AllowedFirstAuthFactors must include PASSWORD.");
  if (factors.length > 1 && input.UserPoolTier === "LITE")
    throw new FeatureUnavailableInTierException(
      "Policies.SignInPolicy.AllowedFirstAuthFactors other than PASSWORD requires the Essentials or Plus feature plan.",
    );
  if (factors.includes("EMAIL_OTP") && input.EmailConfiguration?.EmailSendingAccount !== "DEVELOPER")
    throw new InvalidParameterException(
      "Policies.SignInPolicy.AllowedFirstAuthFactors EMAIL_OTP requires EmailConfiguration.EmailSendingAccount " +
        "DEVELOPER (the pool's own sender).",
    );
  if (factors.includes("SMS_OTP") && !input.SmsConfiguration?.SnsCallerArn)
    throw new InvalidParameterException(
      "Policies.SignInPolicy.AllowedFirstAuthFactors SMS_OTP requires SmsConfiguration with an SnsCallerArn.",
    );
  if (mfa === "ON" && codeFactors(factors).length > 0) throw new InvalidParameterException(CODE_FACTORS_WITH_MFA_ON);
  return factors as FirstAuthFactor[];
}

function refuseUnhonouredClientSettings(input: ClientSettingsInput): void {
  if (input.AnalyticsConfiguration) throw unsupported("AnalyticsConfiguration (Amazon Pinpoint analytics)");
  if (input.EnablePropagateAdditionalUserContextData)
    throw unsupported("EnablePropagateAdditionalUserContextData true (threat protection context data)");
}

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A validity in seconds. */
export function validitySeconds(value: number, unit: TimeUnit): number {
  return value * UNIT_SECONDS[unit];
}

const LEGACY_FLOWS = new Set<ExplicitAuthFlow>(["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"]);

/** Applies Cognito's client defaults and validity ranges. */
export function normalizeClientSettings(input: ClientSettingsInput): ClientSettings {
  refuseUnhonouredClientSettings(input);
  const units = {
    // Without TokenValidityUnits Cognito reads access/ID validity in hours and refresh validity in days.
    AccessToken:
      input.TokenValidityUnits?.AccessToken ?? (input.AccessTokenValidity !== undefined ? "hours" : "minutes"),
    IdToken: input.TokenValidityUnits?.IdToken ?? (input.IdTokenValidity !== undefined ? "hours" : "minutes"),
    RefreshToken: input.TokenValidityUnits?.RefreshToken ?? "days",
  } satisfies ClientSettings["TokenValidityUnits"];
  const access = input.AccessTokenValidity ?? (units.AccessToken === "minutes" ? 60 : 1);
  const id = input.IdTokenValidity ?? (units.IdToken === "minutes" ? 60 : 1);
  const refresh = input.RefreshTokenValidity ?? (units.RefreshToken === "days" ? 30 : 0);
  const inRange = (s: number, min: number, max: number) => s >= min && s <= max;
  if (!inRange(validitySeconds(access, units.AccessToken), 300, 86400))
    throw new InvalidParameterException("Access token validity should be between 5 minutes and 1 day.");
  if (!inRange(validitySeconds(id, units.IdToken), 300, 86400))
    throw new InvalidParameterException("Id token validity should be between 5 minutes and 1 day.");
  if (!inRange(validitySeconds(refresh, units.RefreshToken), 3600, 315360000))
    throw new InvalidParameterException("Refresh token validity should be between 60 minutes and 10 years.");

  const flows = input.ExplicitAuthFlows ?? ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
  const legacy = flows.some((f) => LEGACY_FLOWS.has(f));
  if (legacy && flows.some((f) => !LEGACY_FLOWS.has(f))) {
    throw new InvalidParameterException(
      "ExplicitAuthFlows cannot mix legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH) " +
        "with ALLOW_ values.",
    );
  }
  if (input.DefaultRedirectURI && !(input.CallbackURLs ?? []).includes(input.DefaultRedirectURI)) {
    throw new InvalidParameterException("DefaultRedirectURI must be one of the CallbackURLs.");
  }
  const { TokenValidityUnits: _u, ExplicitAuthFlows: _f, ...rest } = input;
  return {
    ...rest,
    RefreshTokenValidity: refresh,
    AccessTokenValidity: access,
    IdTokenValidity: id,
    TokenValidityUnits: units,
    ExplicitAuthFlows: [...new Set(flows)],
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? "LEGACY",
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? 3,
  };
}

/** Standard OIDC attributes Cognito knows, with their data types. */
export const STANDARD_ATTRIBUTE_TYPES: Record<string, "String" | "Boolean" | "Number"> = {
  sub: "String",
  name: "String",
  given_name: "String",
  family_name: "String",
  middle_name: "String",
  nickname: "String",
  preferred_username: "String",
  profile: "String",
  picture: "String",
  website: "String",
  email: "String",
  email_verified: "Boolean",
  gender: "String",
  birthdate: "String",
  zoneinfo: "String",
  locale: "String",
  phone_number: "String",
  phone_number_verified: "Boolean",
  address: "String",
  updated_at: "Number",
  identities: "String",
};
export const STANDARD_ATTRIBUTES = new Set(Object.keys(STANDARD_ATTRIBUTE_TYPES));
