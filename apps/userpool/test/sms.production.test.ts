/**
 * Production and text messages: a pool that sends SMS (SmsConfiguration, phone numbers verified or
 * recovered by code) refuses the start without a production sender; a sender set starts it, and
 * the development outbox is not served. USERPOOL_SMS_* values are checked by name.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/errors.js";
import { resolveRuntimeConfig } from "../src/config/runtime.js";
import { startUserpool, type StartUserpoolOptions } from "../src/main.js";
import { databaseOptions, testEngines } from "./support/engines.js";
import { productionOptions, testConfig } from "./support/userpool.js";

const production = (): StartUserpoolOptions => ({
  ...productionOptions(),
  env: { USERPOOL_HTTPS_PORT: "off", TEST_CLIENT_SECRET: "testclientsecret0123456789abcdefghijklmnopqrstuvwxyz" },
});

/** The test pool with one SMS setting added. */
function withSms(extra: Record<string, unknown>) {
  const cfg = testConfig();
  Object.assign(cfg.UserPools[0]!, extra);
  return cfg;
}

describe.each(testEngines())("production and SMS on $name", (engine) => {
  it.each([
    ["SmsConfiguration", { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "x" } }],
    ["AutoVerifiedAttributes phone_number", { AutoVerifiedAttributes: ["email", "phone_number"] }],
    [
      "AccountRecoverySetting verified_phone_number",
      { AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }] } },
    ],
  ])("refuses to start when a pool uses %s and no SMS sender is set", async (what, extra) => {
    const db = await engine.create();
    try {
      const err = await startUserpool({ ...production(), ...databaseOptions(db), config: withSms(extra) }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain("production has no SMS sender");
      expect((err as Error).message).toContain(`us-east-1_TestPool1 (test-pool): ${what}`);
      expect((err as Error).message).toContain("USERPOOL_SMS_SENDER");
    } finally {
      await db.cleanup();
    }
  });

  it("starts with a webhook sender (secret not logged), serves no outbox; a pool without SMS needs none", async () => {
    const db = await engine.create();
    const secret = randomBytes(30).toString("base64");
    const dataKey = randomBytes(32);
    const logs: string[] = [];
    try {
      const up = await startUserpool({
        ...production(),
        ...databaseOptions(db),
        dataKey,
        config: withSms({ AutoVerifiedAttributes: ["email", "phone_number"] }),
        sms: { sender: "webhook", webhookUrl: "https://sms.example.com/hook", webhookSecret: secret },
        logLevel: "info",
        logDestination: { write: (s: string) => void logs.push(s) },
      });
      try {
        expect(up.services.sms.senderName).toBe("webhook");
        expect(up.services.devSmsOutbox).toBeUndefined();
        expect((await fetch(`${up.url}/_dev/sms`)).status).toBe(404);
      } finally {
        await up.close();
      }
      expect(logs.join("\n")).not.toContain(secret);
      // The same database, its pool's SMS setting removed by the config file: no sender needed.
      const plain = await startUserpool({ ...production(), ...databaseOptions(db), dataKey, config: testConfig() });
      expect(plain.services.sms.senderName).toBe("none");
      await plain.close();
    } finally {
      await db.cleanup();
    }
  });
});

describe("USERPOOL_SMS_* configuration", () => {
  const prod = {
    USERPOOL_MODE: "production",
    USERPOOL_ISSUER_BASE: "https://auth.example.com",
    USERPOOL_DATA_KEY: randomBytes(32).toString("hex"),
    USERPOOL_ADMIN_CREDENTIALS: `AKID:${randomBytes(30).toString("base64")}`,
    SMTP_URL: "smtp://mail",
    USERPOOL_MAIL_FROM: "a@b.c",
  };
  const strong = randomBytes(30).toString("base64");

  it.each([
    [{ USERPOOL_SMS_SENDER: "sms" }, /USERPOOL_SMS_SENDER must be "sns" or "webhook"/],
    [{ USERPOOL_SMS_SENDER: "webhook" }, /USERPOOL_SMS_WEBHOOK_URL is required/],
    [
      { USERPOOL_SMS_SENDER: "webhook", USERPOOL_SMS_WEBHOOK_URL: "https://h/x" },
      /USERPOOL_SMS_WEBHOOK_SECRET is required/,
    ],
    [
      { USERPOOL_SMS_SENDER: "webhook", USERPOOL_SMS_WEBHOOK_URL: "http://h/x", USERPOOL_SMS_WEBHOOK_SECRET: strong },
      /USERPOOL_SMS_WEBHOOK_URL must be an https:\/\/ URL in production/,
    ],
    [
      { USERPOOL_SMS_SENDER: "webhook", USERPOOL_SMS_WEBHOOK_URL: "https://h/x", USERPOOL_SMS_WEBHOOK_SECRET: "short" },
      /USERPOOL_SMS_WEBHOOK_SECRET is too weak for production/,
    ],
    [
      {
        USERPOOL_SMS_SENDER: "webhook",
        USERPOOL_SMS_WEBHOOK_URL: "https://h/x",
        USERPOOL_SMS_WEBHOOK_SECRET: strong,
        USERPOOL_SMS_WEBHOOK_TIMEOUT_MS: "5",
      },
      /USERPOOL_SMS_WEBHOOK_TIMEOUT_MS must be an integer 100..30000/,
    ],
    [{ USERPOOL_SMS_SENDER: "sns", USERPOOL_SMS_SNS_REGION: "mars" }, /USERPOOL_SMS_SNS_REGION must be an AWS region/],
    [
      { USERPOOL_SMS_SENDER: "sns", USERPOOL_SMS_WEBHOOK_URL: "https://h/x" },
      /USERPOOL_SMS_WEBHOOK_URL is set but USERPOOL_SMS_SENDER is "sns"/,
    ],
    [
      { USERPOOL_SMS_SNS_ENDPOINT: "https://sns.local" },
      /USERPOOL_SMS_SNS_ENDPOINT is set but USERPOOL_SMS_SENDER is unset/,
    ],
    [
      { USERPOOL_SMS_SENDER: "webhook", USERPOOL_SMS_STS_ENDPOINT: "https://sts.local" },
      /USERPOOL_SMS_STS_ENDPOINT is set but USERPOOL_SMS_SENDER is "webhook"/,
    ],
    [{ USERPOOL_SMS_SENDER: "sns", USERPOOL_SMS_STS_ENDPOINT: "sts.local" }, /USERPOOL_SMS_STS_ENDPOINT/],
  ])("refuses %j", (env, msg) => {
    expect(() => resolveRuntimeConfig({ ...prod, ...env })).toThrow(msg);
  });

  it("resolves each sender; development without one keeps texts in the outbox, with a warning", () => {
    expect(
      resolveRuntimeConfig({
        ...prod,
        USERPOOL_SMS_SENDER: "sns",
        USERPOOL_SMS_SNS_REGION: "eu-west-1",
        USERPOOL_SMS_STS_ENDPOINT: "https://sts.vpce.example.com/",
        AWS_ACCESS_KEY_ID: "AKID",
        AWS_SECRET_ACCESS_KEY: "s",
      }).config.sms,
    ).toEqual({
      kind: "sns",
      region: "eu-west-1",
      stsEndpoint: "https://sts.vpce.example.com",
      credentials: { accessKeyId: "AKID", secretAccessKey: "s" },
    });
    expect(
      resolveRuntimeConfig({
        ...prod,
        USERPOOL_SMS_SENDER: "webhook",
        USERPOOL_SMS_WEBHOOK_URL: "https://sms.example.com/hook/",
        USERPOOL_SMS_WEBHOOK_SECRET: strong,
        USERPOOL_SMS_WEBHOOK_TIMEOUT_MS: "2500",
      }).config.sms,
    ).toEqual({ kind: "webhook", url: "https://sms.example.com/hook", secret: strong, timeoutMs: 2500 });
    expect(resolveRuntimeConfig(prod).config.sms).toEqual({ kind: "none" });
    const dev = resolveRuntimeConfig({});
    expect(dev.config.sms).toEqual({ kind: "outbox" });
    expect(dev.warnings.join("\n")).toMatch(/development SMS outbox \(\/_dev\/sms\)/);
  });
});
