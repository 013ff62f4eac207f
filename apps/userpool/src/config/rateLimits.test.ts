import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fastRsaKeys } from "../../test/support/userpool.js";
import { startUserpool } from "../main.js";
import { ADDRESS_LIMITS_PER_MINUTE, CATEGORY_RPS } from "../services/requestRates/categories.js";
import { ConfigError } from "./errors.js";
import { parseFileConfig } from "./file.js";
import { checkProxyAddresses, resolveRateLimits } from "./rateLimits.js";
import { resolveRuntimeConfig } from "./runtime.js";

const PRODUCTION_ENV = {
  USERPOOL_MODE: "production",
  USERPOOL_ISSUER_BASE: "https://auth.example.com",
  // Random, as production requires of both (config/safety.ts).
  USERPOOL_DATA_KEY: randomBytes(32).toString("hex"),
  USERPOOL_ADMIN_CREDENTIALS: `AKIDPROD:${randomBytes(30).toString("base64")}`,
  SMTP_URL: "smtp://127.0.0.1:1",
  USERPOOL_MAIL_FROM: "Authhub <no-reply@example.com>",
};

describe("request-rate limit settings", () => {
  it("production defaults to Cognito's category quotas and the per-address limits; the header is not trusted", () => {
    const { config } = resolveRuntimeConfig(PRODUCTION_ENV);
    expect(config.rateLimits).toEqual({
      categories: CATEGORY_RPS,
      addresses: ADDRESS_LIMITS_PER_MINUTE,
      trustedProxyHops: 0,
      trustedProxyHopsSet: false,
    });
    expect(config.rateLimits.categories).toMatchObject({
      UserAuthentication: 120,
      UserCreation: 50,
      UserAccountRecovery: 30,
      UserRead: 120,
      UserUpdate: 25,
    });
  });

  it("development defaults to none, and USERPOOL_RATE_LIMITS=on turns on exactly the production limits", () => {
    expect(resolveRuntimeConfig({}).config.rateLimits).toEqual({
      categories: {},
      addresses: {},
      trustedProxyHops: 0,
      trustedProxyHopsSet: false,
    });
    const on = resolveRuntimeConfig({ USERPOOL_RATE_LIMITS: "on" }).config.rateLimits;
    expect(on).toEqual(resolveRuntimeConfig(PRODUCTION_ENV).config.rateLimits);
    expect(
      resolveRuntimeConfig({ ...PRODUCTION_ENV, USERPOOL_RATE_LIMITS: "off" }).config.rateLimits.categories,
    ).toEqual({});
    // The embedding option is the same switch.
    expect(resolveRuntimeConfig({}, { rateLimits: { mode: "on" } }).config.rateLimits).toEqual(on);
  });

  it("overrides: a number replaces the default, off drops it; a named limit holds even with the defaults off", () => {
    const s = resolveRateLimits(
      {
        USERPOOL_RATE_LIMITS: "on",
        USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=5, UserAuthentication=off",
        USERPOOL_RATE_LIMIT_ADDRESSES: "SignUp=3,TokenEndpoint=off",
        USERPOOL_TRUSTED_PROXY_HOPS: "2",
      },
      {},
      false,
    );
    expect(s.categories.UserCreation).toBe(5);
    expect(s.categories).not.toHaveProperty("UserAuthentication");
    expect(s.categories.UserRead).toBe(120);
    expect(s.addresses).toMatchObject({ SignUp: 3, InitiateAuth: 120 });
    expect(s.addresses).not.toHaveProperty("TokenEndpoint");
    expect(s).toMatchObject({ trustedProxyHops: 2, trustedProxyHopsSet: true });
    expect(resolveRateLimits({ USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=5" }, {}, false)).toMatchObject({
      categories: { UserCreation: 5 },
      addresses: {},
    });
    // Options win over variables.
    expect(
      resolveRateLimits(
        { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=5" },
        { categories: { UserCreation: 7 } },
        false,
      ).categories,
    ).toEqual({ UserCreation: 7 });
  });

  it.each([
    [{ USERPOOL_RATE_LIMITS: "yes" }, "USERPOOL_RATE_LIMITS"],
    [{ USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreaton=5" }, 'USERPOOL_RATE_LIMIT_CATEGORIES: unknown name "UserCreaton"'],
    [
      { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=0" },
      "USERPOOL_RATE_LIMIT_CATEGORIES UserCreation must be an integer",
    ],
    [
      { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=ten" },
      "USERPOOL_RATE_LIMIT_CATEGORIES UserCreation must be an integer",
    ],
    [
      { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=1.5" },
      "USERPOOL_RATE_LIMIT_CATEGORIES UserCreation must be an integer",
    ],
    [
      { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation" },
      "USERPOOL_RATE_LIMIT_CATEGORIES UserCreation must be an integer",
    ],
    [
      { USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=5,UserCreation=6" },
      "USERPOOL_RATE_LIMIT_CATEGORIES: UserCreation is given twice",
    ],
    [{ USERPOOL_RATE_LIMIT_ADDRESSES: "Login=5" }, 'USERPOOL_RATE_LIMIT_ADDRESSES: unknown name "Login"'],
    [{ USERPOOL_RATE_LIMIT_ADDRESSES: "SignUp=99999999" }, "USERPOOL_RATE_LIMIT_ADDRESSES SignUp must be an integer"],
    [{ USERPOOL_TRUSTED_PROXY_HOPS: "-1" }, "USERPOOL_TRUSTED_PROXY_HOPS"],
    [{ USERPOOL_TRUSTED_PROXY_HOPS: "one" }, "USERPOOL_TRUSTED_PROXY_HOPS"],
    [{ USERPOOL_TRUSTED_PROXY_HOPS: "11" }, "USERPOOL_TRUSTED_PROXY_HOPS"],
  ])("a bad variable stops the start, naming it (%#)", (env, named) => {
    expect(() => resolveRuntimeConfig(env)).toThrow(ConfigError);
    expect(() => resolveRuntimeConfig(env)).toThrow(named);
  });

  it.each([
    [{ mode: "always" as never }, "rateLimits.mode"],
    [{ categories: { Bogus: 1 } as never }, 'rateLimits.categories: unknown name "Bogus"'],
    [{ categories: { UserCreation: 0 } }, "rateLimits.categories.UserCreation must be an integer"],
    [{ addresses: { SignUp: "none" as never } }, "rateLimits.addresses.SignUp must be an integer"],
    [{ trustedProxyHops: 1.5 }, "rateLimits.trustedProxyHops"],
  ])("a bad startUserpool option is refused, naming it (%#)", (rateLimits, named) => {
    expect(() => resolveRuntimeConfig({}, { rateLimits })).toThrow(named);
  });

  it.each([
    [{ Bogus: 5 }, "UserPools[0].RequestRateLimits"],
    [{ UserCreation: 0 }, "UserPools[0].RequestRateLimits.UserCreation"],
    [{ UserCreation: "none" }, "UserPools[0].RequestRateLimits.UserCreation"],
  ])("a pool's RequestRateLimits in the config file is validated, naming the field (%#)", (limits, field) => {
    const raw = { UserPools: [{ Id: "us-east-1_Config001", PoolName: "p", RequestRateLimits: limits }] };
    expect(() => parseFileConfig(raw, "test.json")).toThrow(ConfigError);
    expect(() => parseFileConfig(raw, "test.json")).toThrow(field);
    expect(
      parseFileConfig(
        {
          UserPools: [
            {
              Id: "us-east-1_Config001",
              PoolName: "p",
              RequestRateLimits: { UserCreation: 5, UserAuthentication: "off" },
            },
          ],
        },
        "ok.json",
      ).UserPools[0]!.RequestRateLimits,
    ).toEqual({
      UserCreation: 5,
      UserAuthentication: "off",
    });
  });

  it("behind a TLS proxy, production refuses per-address limits until USERPOOL_TRUSTED_PROXY_HOPS is set", async () => {
    const prod = resolveRateLimits({}, {}, true);
    expect(() => checkProxyAddresses(prod, { prod: true, behindTlsProxy: true })).toThrow(
      /USERPOOL_TRUSTED_PROXY_HOPS/,
    );
    expect(() =>
      checkProxyAddresses(resolveRateLimits({ USERPOOL_TRUSTED_PROXY_HOPS: "0" }, {}, true), {
        prod: true,
        behindTlsProxy: true,
      }),
    ).not.toThrow();
    expect(() =>
      checkProxyAddresses(resolveRateLimits({ USERPOOL_RATE_LIMITS: "off" }, {}, true), {
        prod: true,
        behindTlsProxy: true,
      }),
    ).not.toThrow();
    expect(() => checkProxyAddresses(prod, { prod: true, behindTlsProxy: false })).not.toThrow();
    expect(() => checkProxyAddresses(prod, { prod: false, behindTlsProxy: true })).not.toThrow();
    await expect(
      startUserpool({
        env: { ...PRODUCTION_ENV, USERPOOL_HOSTED_BASE: "https://auth.example.com", USERPOOL_TLS_PROXY: "true" },
        config: { UserPools: [] },
        generateRsaKeyPair: fastRsaKeys,
      }),
    ).rejects.toThrow(/USERPOOL_TLS_PROXY=true with per-address rate limits needs USERPOOL_TRUSTED_PROXY_HOPS/);
  });
});
