/**
 * Input shapes of the pool and app-client settings, shared by Create/UpdateUserPool(Client) and the
 * declarative config file, so both are validated by one definition.
 */
import { z } from "zod";
import { ArnLike, AttributeName, ClientSecret, ProviderName, RedirectUrl, Scope } from "./fields.js";

const printable = "\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}";

/**
 * A Cognito member this server has no behaviour for: declared so that a request naming it is refused
 * with a message that names it, instead of the member being dropped unseen ("never accept and ignore";
 * docs/userpool/differences.md lists them).
 */
export function unsupportedMember(member: string, what: string) {
  return z
    .custom<undefined>((v) => v === undefined, { message: `${member} (${what}) is not supported by this server.` })
    .optional();
}

export const VerifiedAttribute = z.enum(["email", "phone_number"]);
export const AliasAttribute = z.enum(["email", "phone_number", "preferred_username"]);
export const UsernameAttribute = z.enum(["email", "phone_number"]);

export const PasswordPolicyInput = z.object({
  MinimumLength: z.number().int().min(6).max(99).optional(),
  RequireUppercase: z.boolean().optional(),
  RequireLowercase: z.boolean().optional(),
  RequireNumbers: z.boolean().optional(),
  RequireSymbols: z.boolean().optional(),
  PasswordHistorySize: z.number().int().min(0).max(24).optional(),
  TemporaryPasswordValidityDays: z.number().int().min(0).max(365).optional(),
});

// Cognito's message patterns: a code message must contain {####}, a link message {##…##}.
export const EmailMessage = z
  .string()
  .min(6)
  .max(20000)
  .regex(new RegExp(`^[${printable}\\s*]*\\{####\\}[${printable}\\s*]*$`, "u"));
const EmailMessageByLink = z
  .string()
  .min(6)
  .max(20000)
  .regex(new RegExp(`^[${printable}\\s*]*\\{##[${printable}\\s*]*##\\}[${printable}\\s*]*$`, "u"));
export const EmailSubject = z
  .string()
  .min(1)
  .max(140)
  .regex(new RegExp(`^[${printable}\\s]+$`, "u"));
export const SmsMessage = z
  .string()
  .min(6)
  .max(140)
  .regex(/^[\s\S]*\{####\}[\s\S]*$/u);

// Custom email / SMS sender: V1_0 is the only LambdaVersion (API reference, CustomEmailLambdaVersionConfigType).
const CustomSenderInput = z.object({ LambdaVersion: z.literal("V1_0"), LambdaArn: ArnLike });

export const LambdaConfigInput = z.object({
  PreSignUp: ArnLike.optional(),
  CustomMessage: ArnLike.optional(),
  PostConfirmation: ArnLike.optional(),
  PreAuthentication: ArnLike.optional(),
  PostAuthentication: ArnLike.optional(),
  DefineAuthChallenge: ArnLike.optional(),
  CreateAuthChallenge: ArnLike.optional(),
  VerifyAuthChallengeResponse: ArnLike.optional(),
  PreTokenGeneration: ArnLike.optional(),
  UserMigration: ArnLike.optional(),
  PreTokenGenerationConfig: z
    .object({ LambdaVersion: z.enum(["V1_0", "V2_0", "V3_0"]), LambdaArn: ArnLike })
    .optional(),
  CustomEmailSender: CustomSenderInput.optional(),
  CustomSMSSender: CustomSenderInput.optional(),
  KMSKeyID: ArnLike.optional(),
  InboundFederation: unsupportedMember("LambdaConfig.InboundFederation", "inbound federation trigger"),
});

/** UserPoolTagsType: keys of 1 to 128 characters, values of up to 256. */
export const TagKey = z.string().min(1).max(128);
export const TagValue = z.string().max(256);

export const SchemaAttributeInput = z.object({
  Name: z
    .string()
    .min(1)
    .max(20)
    .regex(new RegExp(`^[${printable}]+$`, "u")),
  AttributeDataType: z.enum(["String", "Number", "DateTime", "Boolean"]).optional(),
  DeveloperOnlyAttribute: z.boolean().optional(),
  Mutable: z.boolean().optional(),
  Required: z.boolean().optional(),
  NumberAttributeConstraints: z
    .object({ MinValue: z.string().max(32).optional(), MaxValue: z.string().max(32).optional() })
    .optional(),
  StringAttributeConstraints: z
    .object({ MinLength: z.string().max(8).optional(), MaxLength: z.string().max(8).optional() })
    .optional(),
});

/** Every CreateUserPool member except PoolName. */
export const PoolSettingsInput = z.object({
  Policies: z
    .object({
      PasswordPolicy: PasswordPolicyInput.optional(),
      SignInPolicy: z
        .object({
          AllowedFirstAuthFactors: z
            .array(z.enum(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "SOFTWARE_TOKEN", "WEB_AUTHN"]))
            .min(1)
            .max(5)
            .optional(),
        })
        .optional(),
    })
    .optional(),
  DeletionProtection: z.enum(["ACTIVE", "INACTIVE"]).optional(),
  LambdaConfig: LambdaConfigInput.optional(),
  AutoVerifiedAttributes: z.array(VerifiedAttribute).max(2).optional(),
  AliasAttributes: z.array(AliasAttribute).max(3).optional(),
  UsernameAttributes: z.array(UsernameAttribute).max(2).optional(),
  SmsVerificationMessage: SmsMessage.optional(),
  EmailVerificationMessage: EmailMessage.optional(),
  EmailVerificationSubject: EmailSubject.optional(),
  VerificationMessageTemplate: z
    .object({
      SmsMessage: SmsMessage.optional(),
      EmailMessage: EmailMessage.optional(),
      EmailSubject: EmailSubject.optional(),
      EmailMessageByLink: EmailMessageByLink.optional(),
      EmailSubjectByLink: EmailSubject.optional(),
      DefaultEmailOption: z.enum(["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"]).optional(),
    })
    .optional(),
  SmsAuthenticationMessage: SmsMessage.optional(),
  MfaConfiguration: z.enum(["OFF", "ON", "OPTIONAL"]).optional(),
  UserAttributeUpdateSettings: z
    .object({ AttributesRequireVerificationBeforeUpdate: z.array(VerifiedAttribute).max(2).optional() })
    .optional(),
  DeviceConfiguration: z
    .object({
      ChallengeRequiredOnNewDevice: z.boolean().optional(),
      DeviceOnlyRememberedOnUserPrompt: z.boolean().optional(),
    })
    .optional(),
  EmailConfiguration: z
    .object({
      SourceArn: ArnLike.optional(),
      ReplyToEmailAddress: z.string().max(320).optional(),
      EmailSendingAccount: z.enum(["COGNITO_DEFAULT", "DEVELOPER"]).optional(),
      From: z.string().max(320).optional(),
      ConfigurationSet: z.string().min(1).max(64).optional(),
    })
    .optional(),
  SmsConfiguration: z
    .object({
      SnsCallerArn: ArnLike.optional(),
      ExternalId: z.string().max(256).optional(),
      SnsRegion: z.string().max(32).optional(),
    })
    .optional(),
  UserPoolTags: z.record(TagKey, TagValue).optional(),
  AdminCreateUserConfig: z
    .object({
      AllowAdminCreateUserOnly: z.boolean().optional(),
      UnusedAccountValidityDays: z.number().int().min(0).max(365).optional(),
      InviteMessageTemplate: z
        .object({
          SMSMessage: z.string().min(6).max(140).optional(),
          EmailMessage: z.string().min(6).max(20000).optional(),
          EmailSubject: EmailSubject.optional(),
        })
        .optional(),
    })
    .optional(),
  Schema: z.array(SchemaAttributeInput).min(1).max(50).optional(),
  UserPoolAddOns: z
    .object({
      AdvancedSecurityMode: z.enum(["OFF", "AUDIT", "ENFORCED"]),
      AdvancedSecurityAdditionalFlows: z
        .object({ CustomAuthMode: z.enum(["AUDIT", "ENFORCED"]).optional() })
        .optional(),
    })
    .optional(),
  UsernameConfiguration: z.object({ CaseSensitive: z.boolean() }).optional(),
  AccountRecoverySetting: z
    .object({
      RecoveryMechanisms: z
        .array(
          z.object({
            Priority: z.number().int().min(1).max(2),
            Name: z.enum(["verified_email", "verified_phone_number", "admin_only"]),
          }),
        )
        .min(1)
        .max(2)
        .optional(),
    })
    .optional(),
  UserPoolTier: z.enum(["LITE", "ESSENTIALS", "PLUS"]).optional(),
  DcrConfiguration: unsupportedMember("DcrConfiguration", "dynamic client registration"),
  KeyConfiguration: unsupportedMember("KeyConfiguration", "customer-managed signing keys"),
  IssuerConfiguration: unsupportedMember("IssuerConfiguration", "a custom token issuer"),
  AcrConfiguration: unsupportedMember("AcrConfiguration", "authentication context classes"),
  /**
   * Authhub extension (not a Cognito member; see docs/userpool/sign-in-and-tokens.md): when true, ChangePassword,
   * ConfirmForgotPassword, AdminSetUserPassword and AdminResetUserPassword end the user's other
   * sessions. Cognito leaves them alone, and so does the default (false).
   */
  RevokeSessionsOnPasswordChange: z.boolean().optional(),
});
export type PoolSettingsInput = z.infer<typeof PoolSettingsInput>;

const TimeUnit = z.enum(["seconds", "minutes", "hours", "days"]);
export const ExplicitAuthFlow = z.enum([
  "ADMIN_NO_SRP_AUTH",
  "CUSTOM_AUTH_FLOW_ONLY",
  "USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_AUTH",
  "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
  "ALLOW_TOKEN_EXCHANGE_DELEGATION",
]);
export type ExplicitAuthFlow = z.infer<typeof ExplicitAuthFlow>;

/** Every CreateUserPoolClient member except UserPoolId, ClientName, GenerateSecret and ClientSecret. */
export const ClientSettingsInput = z.object({
  RefreshTokenValidity: z.number().int().min(0).max(315360000).optional(),
  AccessTokenValidity: z.number().int().min(1).max(86400).optional(),
  IdTokenValidity: z.number().int().min(1).max(86400).optional(),
  TokenValidityUnits: z
    .object({ AccessToken: TimeUnit.optional(), IdToken: TimeUnit.optional(), RefreshToken: TimeUnit.optional() })
    .optional(),
  ReadAttributes: z.array(AttributeName.max(2048)).max(100).optional(),
  WriteAttributes: z.array(AttributeName.max(2048)).max(100).optional(),
  ExplicitAuthFlows: z.array(ExplicitAuthFlow).max(11).optional(),
  SupportedIdentityProviders: z.array(ProviderName).max(50).optional(),
  CallbackURLs: z.array(RedirectUrl).max(100).optional(),
  LogoutURLs: z.array(RedirectUrl).max(100).optional(),
  DefaultRedirectURI: RedirectUrl.optional(),
  AllowedOAuthFlows: z
    .array(z.enum(["code", "implicit", "client_credentials"]))
    .min(1)
    .max(3)
    .optional(),
  AllowedOAuthScopes: z.array(Scope).max(50).optional(),
  AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
  AnalyticsConfiguration: z
    .object({
      ApplicationId: z.string().optional(),
      ApplicationArn: ArnLike.optional(),
      RoleArn: ArnLike.optional(),
      ExternalId: z.string().optional(),
      UserDataShared: z.boolean().optional(),
    })
    .optional(),
  PreventUserExistenceErrors: z.enum(["LEGACY", "ENABLED"]).optional(),
  EnableTokenRevocation: z.boolean().optional(),
  EnablePropagateAdditionalUserContextData: z.boolean().optional(),
  AuthSessionValidity: z.number().int().min(3).max(15).optional(),
  RefreshTokenRotation: z
    .object({
      Feature: z.enum(["ENABLED", "DISABLED"]),
      RetryGracePeriodSeconds: z.number().int().min(0).max(60).optional(),
    })
    .optional(),
});
export type ClientSettingsInput = z.infer<typeof ClientSettingsInput>;

export { ClientSecret };

/**
 * SetUserPoolMfaConfig's factor members, shared by that operation and the config file so both are
 * validated by one definition (their cross-field rules are services/mfa/poolConfig.ts).
 */
export const MfaFactorMembers = {
  SoftwareTokenMfaConfiguration: z.object({ Enabled: z.boolean().optional() }).optional(),
  SmsMfaConfiguration: z
    .object({
      SmsAuthenticationMessage: SmsMessage.optional(),
      SmsConfiguration: PoolSettingsInput.shape.SmsConfiguration,
    })
    .optional(),
  EmailMfaConfiguration: z.object({ Message: EmailMessage.optional(), Subject: EmailSubject.optional() }).optional(),
};
