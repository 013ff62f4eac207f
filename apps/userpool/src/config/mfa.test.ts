import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startUserpool } from "../main.js";
import { describeMfaConfig } from "../services/mfa/poolConfig.js";
import { fastRsaKeys } from "../../test/support/userpool.js";
import { ConfigError } from "./errors.js";
import { parseFileConfig, readFileConfig } from "./file.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-config-mfa-"));
  dirs.push(d);
  return d;
};

const ID = "us-east-1_ConfigMfa";
const pool = (extra: Record<string, unknown> = {}) => ({ Id: ID, PoolName: "p", ...extra });
const ownSender = { EmailConfiguration: { EmailSendingAccount: "DEVELOPER" } };
const sns = { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sms" } };
const EXAMPLE = fileURLToPath(new URL("../../examples/mfa.config.json", import.meta.url));

describe("config file: MFA factors", () => {
  it.each([
    [{ SoftwareTokenMfaConfiguration: { Enabled: "yes" } }, "UserPools[0].SoftwareTokenMfaConfiguration.Enabled"],
    [
      { SoftwareTokenMfaConfiguration: { Enabled: true, On: true } },
      "SoftwareTokenMfaConfiguration.On: unknown setting",
    ],
    [{ EmailMfaConfiguration: { Message: "no placeholder" } }, "UserPools[0].EmailMfaConfiguration.Message"],
    [{ SmsMfaConfiguration: { SmsAuthenticationMessage: "x" } }, "SmsMfaConfiguration.SmsAuthenticationMessage"],
    [{ SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 7 } } }, "SmsMfaConfiguration.SmsConfiguration"],
  ])("a malformed member is refused by the schema, named (%#)", (extra, field) => {
    const raw = { UserPools: [pool(extra)] };
    expect(() => parseFileConfig(raw, "test.json")).toThrow(ConfigError);
    expect(() => parseFileConfig(raw, "test.json")).toThrow(field);
  });

  // SetUserPoolMfaConfig's own rules (services/mfa/poolConfig.ts), reported with the key at fault.
  it.each([
    [
      { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: false } },
      ".MfaConfiguration: Invalid MFA configuration given, can't disable all MFAs",
    ],
    [
      { MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: {} },
      ".SmsMfaConfiguration: SmsConfiguration with an SnsCallerArn",
    ],
    [
      { MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} },
      ".EmailMfaConfiguration: EmailMfaConfiguration requires EmailConfiguration.EmailSendingAccount DEVELOPER",
    ],
    [
      { ...ownSender, UserPoolTier: "LITE", EmailMfaConfiguration: {} },
      ".EmailMfaConfiguration: Email MFA requires the Essentials or Plus feature plan",
    ],
    [
      {
        ...sns,
        SmsAuthenticationMessage: "Code {####}",
        SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code {####}" },
      },
      ".SmsMfaConfiguration.SmsAuthenticationMessage: differs from the pool's SmsAuthenticationMessage",
    ],
    [
      { ...sns, SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/other" } } },
      ".SmsMfaConfiguration.SmsConfiguration: differs from the pool's SmsConfiguration",
    ],
  ])("a setting SetUserPoolMfaConfig refuses stops the start, naming the key (%#)", async (extra, message) => {
    const start = startUserpool({ config: { UserPools: [pool(extra)] }, generateRsaKeyPair: fastRsaKeys });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(`UserPools[0] (${ID})${message}`);
  });

  it("turns factors on as SetUserPoolMfaConfig does, idempotently; the file wins at the next start", async () => {
    const dir = tempDir();
    const cfgPath = join(dir, "cfg.json");
    const all = {
      ...ownSender,
      ...sns,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Your sign-in code is {####}." },
      SmsMfaConfiguration: { SmsAuthenticationMessage: "Sign-in code {####}" },
    };
    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool(all)] }));
    const start = () => startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    const mfaOf = async (up: Awaited<ReturnType<typeof start>>) =>
      describeMfaConfig((await up.services.pools.getPool(ID)).settings);

    const first = await start();
    expect(first.applied.created).toEqual([ID]);
    expect(await mfaOf(first)).toEqual({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Your sign-in code is {####}." },
      SmsMfaConfiguration: { SmsAuthenticationMessage: "Sign-in code {####}", SmsConfiguration: sns.SmsConfiguration },
    });
    // An administrator turns TOTP off through the API.
    const p = await first.services.pools.getPool(ID);
    await first.services.pools.replaceSettings(p, {
      ...p.settings,
      MfaFactors: { ...p.settings.MfaFactors!, SoftwareToken: false },
    });
    await first.close();

    const second = await start();
    expect(second.applied.updated).toEqual([ID]);
    expect((await mfaOf(second)).SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
    await second.close();

    const third = await start();
    expect(third.applied).toEqual({ created: [], updated: [], unchanged: [ID] });
    await third.close();

    // A factor the file no longer names is off, as in SetUserPoolMfaConfig.
    const { SmsMfaConfiguration: _s, EmailMfaConfiguration: _e, ...totpOnly } = all;
    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool({ ...totpOnly, MfaConfiguration: "ON" })] }));
    const fourth = await start();
    expect(fourth.applied.updated).toEqual([ID]);
    expect(await mfaOf(fourth)).toEqual({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
    await fourth.close();
  });

  it("without factor members, MfaConfiguration keeps CreateUserPool's meaning (ON turns on SMS MFA)", async () => {
    const up = await startUserpool({
      config: { UserPools: [pool({ ...sns, AutoVerifiedAttributes: ["phone_number"], MfaConfiguration: "ON" })] },
      generateRsaKeyPair: fastRsaKeys,
    });
    try {
      expect(describeMfaConfig((await up.services.pools.getPool(ID)).settings)).toEqual({
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: false },
        SmsMfaConfiguration: { SmsConfiguration: sns.SmsConfiguration },
      });
    } finally {
      await up.close();
    }
  });

  it("the committed example (examples/mfa.config.json) is valid and turns on all three factors", async () => {
    const cfg = readFileConfig(EXAMPLE);
    const up = await startUserpool({ config: EXAMPLE, generateRsaKeyPair: fastRsaKeys });
    try {
      const mfa = describeMfaConfig((await up.services.pools.getPool(cfg.UserPools[0]!.Id)).settings);
      expect(mfa.MfaConfiguration).toBe("OPTIONAL");
      expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
      expect(mfa.EmailMfaConfiguration?.Message).toContain("{####}");
      expect(mfa.SmsMfaConfiguration?.SmsConfiguration?.SnsCallerArn).toMatch(/^arn:aws:iam::/);
    } finally {
      await up.close();
    }
  });
});
