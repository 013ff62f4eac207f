/**
 * A pool's MFA configuration: SetUserPoolMfaConfig's rules and GetUserPoolMfaConfig's answer
 * (API reference, SetUserPoolMfaConfig; developer guide, "Adding MFA to a user pool").
 */
import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
  WebAuthnConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { FeatureUnavailableInTierException, InvalidParameterException } from "../../errors/cognitoErrors.js";
import {
  CODE_FACTORS_WITH_MFA_ON,
  codeFactors,
  firstAuthFactors,
  type MfaFactors,
  mfaFactors,
  type PoolSettings,
  type WebAuthnSettings,
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
  const mfa = req.MfaConfiguration ?? s.MfaConfiguration;
  const factors: MfaFactors = { SoftwareToken: req.SoftwareTokenMfaConfiguration?.Enabled === true, Sms: false };
  // Passkeys are a first factor, not an MFA factor: a request without WebAuthnConfiguration keeps them (ADR 0026).
  const webAuthn = req.WebAuthnConfiguration ? checkWebAuthn(s, req.WebAuthnConfiguration) : mfaFactors(s).WebAuthn;
  if (webAuthn) factors.WebAuthn = webAuthn;
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

/** A WebAuthnConfiguration checked (API reference, WebAuthnConfigurationType; ADR 0026). */
function checkWebAuthn(s: PoolSettings, w: WebAuthnConfigurationType): WebAuthnSettings {
  if (s.UserPoolTier === "LITE")
    throw refuse(
      "WebAuthnConfiguration",
      new FeatureUnavailableInTierException("Passkeys require the Essentials or Plus feature plan."),
    );
  if (w.FactorConfiguration === "MULTI_FACTOR_WITH_USER_VERIFICATION")
    throw refuse(
      "WebAuthnConfiguration",
      new InvalidParameterException(
        "WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION (passkeys as MFA) is not " +
          "supported by this server. Use SINGLE_FACTOR.",
      ),
    );
  if (w.RelyingPartyId !== undefined && !isRelyingPartyId(w.RelyingPartyId))
    throw refuse(
      "WebAuthnConfiguration",
      new InvalidParameterException(
        `WebAuthnConfiguration.RelyingPartyId ${JSON.stringify(w.RelyingPartyId)} must be a domain name in lower ` +
          "case (such as auth.example.com or localhost), without a scheme, port or path, and not an IP address.",
      ),
    );
  const uv = w.UserVerification ?? "preferred";
  return { ...(w.RelyingPartyId !== undefined ? { RelyingPartyId: w.RelyingPartyId } : {}), UserVerification: uv };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/u;

/**
 * A WebAuthn RP ID is a valid domain (WebAuthn Level 3, §5.1.2 "RP ID"): no scheme, port, path or IP
 * address; at most 127 characters as Cognito limits it.
 */
export function isRelyingPartyId(id: string): boolean {
  if (id.length < 1 || id.length > 127) return false;
  const labels = id.split(".");
  if (!labels.every((l) => LABEL.test(l))) return false;
  // An all-digit last label is an IPv4 address, never a domain.
  return !/^\d+$/u.test(labels.at(-1) ?? "");
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
    ...(f.WebAuthn ? { WebAuthnConfiguration: { ...f.WebAuthn, FactorConfiguration: "SINGLE_FACTOR" } } : {}),
  };
}
