/**
 * How text messages leave the server (USERPOOL_SMS_* and the `sms` start option), and which pool
 * settings make a pool send them: production refuses to start when a pool would text and no
 * production sender is configured (docs/security/production.md).
 */
import type { PoolSettings } from "../services/poolSettings.js";
import type { UserpoolEnv } from "./env.js";
import { readVariable } from "./env.js";
import { ConfigError } from "./errors.js";
import { ADMIN_SECRET_RULE, adminSecretWeakness } from "./safety.js";

export type SmsSenderConfig =
  /** Development: texts are kept in the database and served at /_dev/sms. */
  | { kind: "outbox" }
  /** Production without a sender: every text fails with CodeDeliveryFailureException. */
  | { kind: "none" }
  | {
      kind: "sns";
      endpoint?: string;
      stsEndpoint?: string;
      region?: string;
      credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    }
  | { kind: "webhook"; url: string; secret: string; timeoutMs: number };

/** Start options that stand in for the USERPOOL_SMS_* variables (each passes its variable's check). */
export interface SmsOverrides {
  sender?: "sns" | "webhook";
  snsEndpoint?: string;
  stsEndpoint?: string;
  snsRegion?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  webhookTimeoutMs?: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Resolves the SMS sender; throws ConfigError naming the variable at fault. */
export function resolveSmsSender(
  vars: UserpoolEnv,
  o: SmsOverrides,
  ctx: {
    prod: boolean;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  },
  warnings: string[],
): SmsSenderConfig {
  const sender = o.sender !== undefined ? readVariable("USERPOOL_SMS_SENDER", o.sender) : vars.USERPOOL_SMS_SENDER;
  const endpoint =
    o.snsEndpoint !== undefined
      ? readVariable("USERPOOL_SMS_SNS_ENDPOINT", o.snsEndpoint)
      : vars.USERPOOL_SMS_SNS_ENDPOINT;
  const stsEndpoint =
    o.stsEndpoint !== undefined
      ? readVariable("USERPOOL_SMS_STS_ENDPOINT", o.stsEndpoint)
      : vars.USERPOOL_SMS_STS_ENDPOINT;
  const region = o.snsRegion ?? (vars.USERPOOL_SMS_SNS_REGION || undefined);
  const url =
    o.webhookUrl !== undefined ? readVariable("USERPOOL_SMS_WEBHOOK_URL", o.webhookUrl) : vars.USERPOOL_SMS_WEBHOOK_URL;
  const secret = o.webhookSecret ?? (vars.USERPOOL_SMS_WEBHOOK_SECRET || undefined);
  const timeoutMs =
    o.webhookTimeoutMs !== undefined
      ? readVariable("USERPOOL_SMS_WEBHOOK_TIMEOUT_MS", String(o.webhookTimeoutMs))
      : vars.USERPOOL_SMS_WEBHOOK_TIMEOUT_MS;

  // A setting of the sender not chosen would be silently ignored: refuse it instead.
  const stray = (names: [string, unknown][]) => {
    const set = names.filter(([, v]) => v !== undefined).map(([n]) => n);
    if (set.length)
      throw new ConfigError(
        `${set.join(", ")} ${set.length > 1 ? "are" : "is"} set ` +
          `but USERPOOL_SMS_SENDER is ${sender ? `"${sender}"` : "unset"}`,
      );
  };
  const snsSettings: [string, unknown][] = [
    ["USERPOOL_SMS_SNS_ENDPOINT", endpoint],
    ["USERPOOL_SMS_STS_ENDPOINT", stsEndpoint],
    ["USERPOOL_SMS_SNS_REGION", region],
  ];
  const webhookSettings: [string, unknown][] = [
    ["USERPOOL_SMS_WEBHOOK_URL", url],
    ["USERPOOL_SMS_WEBHOOK_SECRET", secret],
    ["USERPOOL_SMS_WEBHOOK_TIMEOUT_MS", timeoutMs],
  ];

  if (sender === "sns") {
    stray(webhookSettings);
    if (region !== undefined && !REGION.test(region))
      throw new ConfigError(`USERPOOL_SMS_SNS_REGION must be an AWS region such as us-east-1; got "${region}"`);
    return {
      kind: "sns",
      ...(endpoint ? { endpoint } : {}),
      ...(stsEndpoint ? { stsEndpoint } : {}),
      ...(region ? { region } : {}),
      ...(ctx.credentials ? { credentials: ctx.credentials } : {}),
    };
  }
  if (sender === "webhook") {
    stray(snsSettings);
    if (!url) throw new ConfigError('USERPOOL_SMS_WEBHOOK_URL is required when USERPOOL_SMS_SENDER is "webhook"');
    if (!secret) throw new ConfigError('USERPOOL_SMS_WEBHOOK_SECRET is required when USERPOOL_SMS_SENDER is "webhook"');
    if (ctx.prod && !url.startsWith("https://"))
      throw new ConfigError(
        "USERPOOL_SMS_WEBHOOK_URL must be an https:// URL in production (each text carries a code)",
      );
    const weak = ctx.prod ? adminSecretWeakness(secret) : undefined;
    if (weak)
      throw new ConfigError(
        `USERPOOL_SMS_WEBHOOK_SECRET is too weak for production (${weak}); use ${ADMIN_SECRET_RULE}`,
      );
    return { kind: "webhook", url, secret, timeoutMs: timeoutMs ?? 5000 };
  }
  stray([...snsSettings, ...webhookSettings]);
  if (ctx.prod) return { kind: "none" };
  warnings.push(
    "text messages are kept in the development SMS outbox (/_dev/sms), not sent; " +
      "production must set USERPOOL_SMS_SENDER for pools that send SMS",
  );
  return { kind: "outbox" };
}

/**
 * Why a pool sends text messages, or an empty list: an SMS configuration, phone numbers verified
 * or recovered by code, or SMS MFA (developer guide, "SMS message settings for Amazon Cognito user
 * pools"). AdminCreateUser's SMS invitations are asked for per request and fail at that request.
 * A pool with a CustomSMSSender sends none itself.
 */
export function smsUsesOf(settings: PoolSettings): string[] {
  // A custom SMS sender takes every text of the pool: the server's own sender is never asked (ADR 0018).
  if (settings.LambdaConfig?.CustomSMSSender) return [];
  const uses: string[] = [];
  if (settings.SmsConfiguration) uses.push("SmsConfiguration");
  if (settings.AutoVerifiedAttributes.includes("phone_number")) uses.push("AutoVerifiedAttributes phone_number");
  if (settings.AccountRecoverySetting?.RecoveryMechanisms?.some((m) => m.Name === "verified_phone_number"))
    uses.push("AccountRecoverySetting verified_phone_number");
  // MFA settings belong to the MFA module; read by name so the check follows whatever it stores.
  const mfa = settings as {
    MfaConfiguration?: string;
    SmsMfaConfiguration?: unknown;
    SmsAuthenticationMessage?: string;
  };
  if (
    mfa.MfaConfiguration !== undefined &&
    mfa.MfaConfiguration !== "OFF" &&
    (mfa.SmsMfaConfiguration || mfa.SmsAuthenticationMessage)
  )
    uses.push("SMS MFA");
  return uses;
}
