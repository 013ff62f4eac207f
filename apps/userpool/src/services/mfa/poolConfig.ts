/**
 * A pool's MFA configuration: SetUserPoolMfaConfig's rules and GetUserPoolMfaConfig's answer
 * (API reference, SetUserPoolMfaConfig; developer guide, "Adding MFA to a user pool").
 */
import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { FeatureUnavailableInTierException, InvalidParameterException } from "../../errors/cognitoErrors.js";
import {
  CODE_FACTORS_WITH_MFA_ON,
  codeFactors,
  firstAuthFactors,
  type MfaFactors,
  mfaFactors,
  type PoolSettings,
} from "../poolSettings.js";

/** Cognito's answer to ON or OPTIONAL with every factor off (reported in aws-sdk-js#4186). */
export const MFA_ALL_OFF =
  "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";

type MfaConfigMember = "MfaConfiguration" | "SmsMfaConfiguration" | "EmailMfaConfiguration" | "WebAuthnConfiguration";

/** The request member each refusal of applyMfaConfig is about (read by refusedMember). */
const refusals = new WeakMap<Error, MfaConfigMember>();
function refuse<E extends Error>(member: MfaConfigMember, e: E): E {
  refusals.set(e, member);
  return e;
}

/** The member an applyMfaConfig refusal is about, so the config file can name its key. */
export function refusedMember(e: unknown): MfaConfigMember | undefined {
  return e instanceof Error ? refusals.get(e) : undefined;
}

/**
 * The settings after SetUserPoolMfaConfig. A factor member left out turns that factor off; a left-out
 * MfaConfiguration keeps the current one.
 */
export function applyMfaConfig(s: PoolSettings, req: Omit<SetUserPoolMfaConfigRequest, "UserPoolId">): PoolSettings {
  if (req.WebAuthnConfiguration)
    throw refuse(
      "WebAuthnConfiguration",
      new InvalidParameterException("WebAuthnConfiguration (passkeys) is not supported by this server."),
    );
  const mfa = req.MfaConfiguration ?? s.MfaConfiguration;
  const factors: MfaFactors = { SoftwareToken: req.SoftwareTokenMfaConfiguration?.Enabled === true, Sms: false };
  let next: PoolSettings = { ...s, MfaConfiguration: mfa };
  if (req.SmsMfaConfiguration) {
    const sms = req.SmsMfaConfiguration.SmsConfiguration ?? s.SmsConfiguration;
    if (!sms?.SnsCallerArn)
      throw refuse(
        "SmsMfaConfiguration",
        new InvalidParameterException("SmsConfiguration with an SnsCallerArn is required to turn on SMS MFA."),
      );
    factors.Sms = true;
    next = { ...next, SmsConfiguration: sms };
    const message = req.SmsMfaConfiguration.SmsAuthenticationMessage;
    if (message !== undefined) next = { ...next, SmsAuthenticationMessage: message };
  }
  if (req.EmailMfaConfiguration) {
    // E-mail MFA is an Essentials feature that Cognito allows only when the pool sends its own mail
    // (EmailSendingAccount DEVELOPER, Amazon SES). Here the pool's mail always goes through this
    // server's mailer (dev mailbox or SMTP), which stands in for SES; the rule is kept so a
    // configuration accepted here is accepted by Cognito too (ADR 0012).
    if (s.UserPoolTier === "LITE")
      throw refuse(
        "EmailMfaConfiguration",
        new FeatureUnavailableInTierException("Email MFA requires the Essentials or Plus feature plan."),
      );
    if (s.EmailConfiguration?.EmailSendingAccount !== "DEVELOPER")
      throw refuse(
        "EmailMfaConfiguration",
        new InvalidParameterException(
          "EmailMfaConfiguration requires EmailConfiguration.EmailSendingAccount DEVELOPER (the pool's own sender).",
        ),
      );
    const { Message, Subject } = req.EmailMfaConfiguration;
    factors.Email = { ...(Message !== undefined ? { Message } : {}), ...(Subject !== undefined ? { Subject } : {}) };
  }
  if (mfa === "ON" && codeFactors(firstAuthFactors(s)).length > 0)
    throw refuse("MfaConfiguration", new InvalidParameterException(CODE_FACTORS_WITH_MFA_ON));
  if (mfa !== "OFF" && !factors.SoftwareToken && !factors.Sms && !factors.Email)
    throw refuse("MfaConfiguration", new InvalidParameterException(MFA_ALL_OFF));
  return { ...next, MfaFactors: factors };
}

/** GetUserPoolMfaConfig's (and SetUserPoolMfaConfig's) answer. */
export function describeMfaConfig(s: PoolSettings): GetUserPoolMfaConfigResponse {
  const f = mfaFactors(s);
  return {
    MfaConfiguration: s.MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: f.SoftwareToken },
    ...(f.Sms
      ? {
          SmsMfaConfiguration: {
            ...(s.SmsAuthenticationMessage ? { SmsAuthenticationMessage: s.SmsAuthenticationMessage } : {}),
            ...(s.SmsConfiguration ? { SmsConfiguration: s.SmsConfiguration } : {}),
          },
        }
      : {}),
    ...(f.Email ? { EmailMfaConfiguration: f.Email } : {}),
  };
}
