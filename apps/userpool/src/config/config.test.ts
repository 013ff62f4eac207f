import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startUserpool } from "../main.js";
import { fastRsaKeys } from "../../test/support/userpool.js";
import { ConfigError } from "./errors.js";
import { parseFileConfig, readFileConfig } from "./file.js";
import { DEFAULT_CONFIG_PATH, REPO_ROOT, resolveRuntimeConfig } from "./runtime.js";
import { DEV_GOOGLE_SECRET, findDevelopmentSettings, isLoopbackHost } from "./safety.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-config-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Production-grade fixtures: a random 32-byte key and a 40-character random secret. */
const PROD_KEY = "5qFbB9jbT466Tm3BoaN7Bn//me/nPH5UUyONQhI3nYE=";
const PROD_SECRET = "QsTOnhe2cbhGvdVtHxxFNuvhhivsPfrvA6vs3Gp/";

const pool = (extra: Record<string, unknown> = {}) => ({ Id: "us-east-1_Config001", PoolName: "p", ...extra });

describe("config file", () => {
  it("the committed development config is valid and uses the IDs from docs/conventions.md", () => {
    const cfg = readFileConfig(DEFAULT_CONFIG_PATH);
    const p = cfg.UserPools[0]!;
    expect(p.Id).toBe("us-east-1_AuthHub01");
    expect(p.UsernameAttributes).toEqual(["email"]);
    expect(p.VerificationMessageTemplate?.DefaultEmailOption).toBe("CONFIRM_WITH_LINK");
    const c = p.Clients[0]!;
    expect(c).toMatchObject({
      ClientId: "authhubwebclientlocaldev01",
      PreventUserExistenceErrors: "ENABLED",
      CallbackURLs: ["http://localhost:3000/"],
      LogoutURLs: ["http://localhost:3000/"],
    });
    expect(c.ExplicitAuthFlows).toEqual(expect.arrayContaining(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]));
    expect(c.GenerateSecret ?? false).toBe(false);
  });

  it.each([
    [{ UserPools: [pool({ Id: "bad" })] }, "UserPools[0].Id"],
    [
      { UserPools: [pool({ Policies: { PasswordPolicy: { MinimumLength: 3 } } })] },
      "UserPools[0].Policies.PasswordPolicy.MinimumLength",
    ],
    [
      { UserPools: [pool({ Clients: [{ ClientId: "UPPERCASE", ClientName: "c" }] })] },
      "UserPools[0].Clients[0].ClientId",
    ],
    [
      {
        UserPools: [
          pool({
            Clients: [{ ClientId: "abcdefghijklmnopqrstuvwxyz", ClientName: "c", ExplicitAuthFlows: ["ALLOW_MAGIC"] }],
          }),
        ],
      },
      "UserPools[0].Clients[0].ExplicitAuthFlows[0]",
    ],
    [{ UserPools: [pool({ PasswordPolicy: {} })] }, "UserPools[0].PasswordPolicy: unknown setting"],
    [
      { UserPools: [pool({ Policies: { PasswordPolicy: { MinLength: 8 } } })] },
      "UserPools[0].Policies.PasswordPolicy.MinLength: unknown setting",
    ],
    [{ UserPools: [pool(), pool()] }, "UserPools[1].Id: duplicate pool ID"],
    [
      { UserPools: [pool({ RefreshTokenReuse: "REVOKE" })] },
      'UserPools[0].RefreshTokenReuse: Invalid option: expected one of "REVOKE_FAMILY"|"REFUSE_TOKEN"',
    ],
    [{ Pools: [] }, "UserPools"],
  ])("names the field at fault (%#)", (raw, field) => {
    expect(() => parseFileConfig(raw, "test.json")).toThrow(ConfigError);
    expect(() => parseFileConfig(raw, "test.json")).toThrow(field);
  });

  it("reports unreadable files and invalid JSON with the path", () => {
    const d = tempDir();
    writeFileSync(join(d, "broken.json"), "{ nope");
    expect(() => readFileConfig(join(d, "broken.json"))).toThrow(/broken\.json is not valid JSON/);
    expect(() => readFileConfig(join(d, "missing.json"))).toThrow(/cannot read config file/);
  });

  it("semantic errors stop the start and name the pool", async () => {
    await expect(
      startUserpool({
        config: { UserPools: [pool({ UsernameAttributes: ["email"], AliasAttributes: ["email"] })] },
        generateRsaKeyPair: fastRsaKeys,
      }),
    ).rejects.toThrow(/UserPools\[0\] \(us-east-1_Config001\): Only one of the aliasAttributes or usernameAttributes/);
    await expect(
      startUserpool({
        config: {
          UserPools: [
            pool({
              Clients: [
                { ClientId: "abcdefghijklmnopqrstuvwxyz", ClientName: "c", ClientSecretFromEnv: "NOT_SET_ANYWHERE" },
              ],
            }),
          ],
        },
      }),
    ).rejects.toThrow(/ClientSecretFromEnv: environment variable NOT_SET_ANYWHERE is not set/);
  });
});

describe("runtime configuration", () => {
  it("production refuses development defaults, naming the variable", () => {
    const base = { USERPOOL_MODE: "production" };
    expect(() => resolveRuntimeConfig(base)).toThrow(/USERPOOL_ISSUER_BASE is required/);
    expect(() => resolveRuntimeConfig({ ...base, USERPOOL_ISSUER_BASE: "http://auth.example.com" })).toThrow(/https/);
    const withIssuer = { ...base, USERPOOL_ISSUER_BASE: "https://auth.example.com" };
    expect(() => resolveRuntimeConfig(withIssuer)).toThrow(/USERPOOL_DATA_KEY/);
    const withKey = { ...withIssuer, USERPOOL_DATA_KEY: PROD_KEY };
    expect(() => resolveRuntimeConfig(withKey)).toThrow(/USERPOOL_ADMIN_CREDENTIALS is required/);
    expect(() => resolveRuntimeConfig({ ...withKey, USERPOOL_ADMIN_CREDENTIALS: "local:local" })).toThrow(
      /must not use the development credentials/,
    );
    const withCreds = { ...withKey, USERPOOL_ADMIN_CREDENTIALS: `AKID:${PROD_SECRET}` };
    expect(() => resolveRuntimeConfig(withCreds)).toThrow(/SMTP_URL is required/);
    expect(() => resolveRuntimeConfig({ ...withCreds, SMTP_URL: "smtp://mail" })).toThrow(/USERPOOL_MAIL_FROM/);
    const ok = resolveRuntimeConfig({ ...withCreds, SMTP_URL: "smtp://mail", USERPOOL_MAIL_FROM: "a@b.c" });
    expect(ok.warnings).toEqual([]);
    expect(ok.config.adminCredentials.get("AKID")).toBe(PROD_SECRET);
  });

  it("development defaults each come with a warning", () => {
    const { config, warnings } = resolveRuntimeConfig({});
    expect(config).toMatchObject({
      mode: "development",
      port: 9229,
      database: { engine: "sqlite" },
      dataKey: { kind: "file", create: true },
    });
    expect(warnings.join("\n")).toMatch(/USERPOOL_ISSUER_BASE[\s\S]*USERPOOL_ADMIN_CREDENTIALS[\s\S]*SMTP_URL/);
  });

  it.each([
    [{ USERPOOL_MODE: "staging" }, "USERPOOL_MODE"],
    [{ USERPOOL_PORT: "http" }, "USERPOOL_PORT"],
    [{ USERPOOL_DATABASE_URL: "mysql://x" }, "USERPOOL_DATABASE_URL"],
    [{ USERPOOL_ADMIN_CREDENTIALS: "justakey" }, "USERPOOL_ADMIN_CREDENTIALS"],
    [{ USERPOOL_ISSUER_BASE: "not a url" }, "USERPOOL_ISSUER_BASE"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
  ])("rejects a bad variable (%#)", (env, name) => {
    expect(() => resolveRuntimeConfig(env)).toThrow(name);
  });
});

describe("production refusals", () => {
  /** Everything production needs, valid: each test spoils one thing. */
  const prodEnv = {
    USERPOOL_MODE: "production",
    USERPOOL_ISSUER_BASE: "https://auth.example.com",
    USERPOOL_DATA_KEY: PROD_KEY,
    USERPOOL_ADMIN_CREDENTIALS: `AKIDPROD:${PROD_SECRET}`,
    SMTP_URL: "smtp://mail",
    USERPOOL_MAIL_FROM: "a@b.c",
  };

  it("the valid production set-up starts without warnings or overrides", () => {
    const { warnings, overrides } = resolveRuntimeConfig(prodEnv);
    expect(warnings).toEqual([]);
    expect(overrides).toEqual([]);
  });

  it("serves /metrics only behind USERPOOL_METRICS_TOKEN, and refuses a guessable token", () => {
    expect(resolveRuntimeConfig(prodEnv).config.metrics).toBe("off");
    const token = "t".repeat(32);
    expect(resolveRuntimeConfig({ ...prodEnv, USERPOOL_METRICS_TOKEN: token }).config.metrics).toEqual({ token });
    expect(resolveRuntimeConfig({}).config.metrics).toEqual({ token: undefined });
    for (const bad of ["short", `${"t".repeat(31)} `, "t".repeat(257)])
      expect(() => resolveRuntimeConfig({ ...prodEnv, USERPOOL_METRICS_TOKEN: bad })).toThrow(
        /USERPOOL_METRICS_TOKEN must be 32 to 256 printable characters/,
      );
    expect(() => resolveRuntimeConfig({ USERPOOL_OTEL_EXPORTER_URL: "collector:4318" })).toThrow(
      /USERPOOL_OTEL_EXPORTER_URL must be/,
    );
  });

  it.each([
    [
      "short",
      "AKIDPROD:short-secret",
      /\(it has 12 characters\); use at least 32 random characters with at least 8 distinct ones/,
    ],
    ["31 characters", `AKIDPROD:${PROD_SECRET.slice(0, 31)}`, /it has 31 characters/],
    ["two characters repeated", `AKIDPROD:${"ab".repeat(20)}`, /it uses only 2 distinct characters/],
    ["a word repeated", `AKIDPROD:${"password".repeat(4)}`, /it uses only 7 distinct characters/],
    ["one weak pair among strong ones", `AKIDPROD:${PROD_SECRET},AKIDOLD:changeme`, /access key "AKIDOLD" is too weak/],
  ])("refuses an admin secret that is %s, stating the rule and not the secret", (_what, creds, message) => {
    const run = () => resolveRuntimeConfig({ ...prodEnv, USERPOOL_ADMIN_CREDENTIALS: creds });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/USERPOOL_ADMIN_CREDENTIALS: the secret of access key "\w+" is too weak for production/);
    expect(run).toThrow(message);
    const secret = creds.split(",").at(-1)!.split(":")[1]!;
    expect(() => run()).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });

  it("refuses a weak admin secret given as an option (embedded) too", () => {
    expect(() => resolveRuntimeConfig(prodEnv, { adminCredentials: { ADMIN: "local-admin-secret" } })).toThrow(
      /access key "ADMIN" is too weak/,
    );
  });

  it.each([
    ["all zeros (hex)", "0".repeat(64), /USERPOOL_DATA_KEY is unfit for production: it is all zeros/],
    ["one repeated byte (base64)", Buffer.alloc(32, 7).toString("base64"), /it is one byte repeated/],
    [
      "a short repeated pattern",
      Buffer.from("0102030405060708".repeat(4), "hex").toString("base64"),
      /it has only 8 distinct byte values/,
    ],
    ["16 bytes", PROD_KEY.slice(0, 24), /USERPOOL_DATA_KEY must hold 32 bytes/],
  ])("refuses a data key that is %s", (_what, key, message) => {
    const run = () => resolveRuntimeConfig({ ...prodEnv, USERPOOL_DATA_KEY: key });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });

  it("refuses a placeholder data key given as an option, and a malformed key is a ConfigError in any mode", () => {
    expect(() => resolveRuntimeConfig(prodEnv, { dataKey: Buffer.alloc(32) })).toThrow(
      /the dataKey option is unfit for production: it is all zeros/,
    );
    expect(() => resolveRuntimeConfig({ USERPOOL_DATA_KEY: "not-a-key" })).toThrow(ConfigError);
    // Development accepts any well-formed key (tests use fixed ones).
    expect(resolveRuntimeConfig({}, { dataKey: Buffer.alloc(32, 1) }).config.dataKey).toMatchObject({ kind: "value" });
  });

  it.each([
    [
      { NODE_ENV: "production" },
      {},
      new RegExp(
        "NODE_ENV=production but USERPOOL_MODE is unset \\(development\\): " +
          "set USERPOOL_MODE=production to run in production, or unset NODE_ENV",
      ),
    ],
    [
      { NODE_ENV: "production", USERPOOL_MODE: "development" },
      {},
      /NODE_ENV=production but USERPOOL_MODE is development/,
    ],
    [
      {},
      { nodeEnv: "production", mode: "development" as const },
      /NODE_ENV=production but the mode option is development/,
    ],
  ])("NODE_ENV=production with development mode is refused with the fix (%#)", (env, o, message) => {
    expect(() => resolveRuntimeConfig(env, o)).toThrow(ConfigError);
    expect(() => resolveRuntimeConfig(env, o)).toThrow(message);
  });

  it("NODE_ENV=production with production mode, and other NODE_ENV values, start", () => {
    expect(resolveRuntimeConfig({ ...prodEnv, NODE_ENV: "production" }).config.mode).toBe("production");
    expect(resolveRuntimeConfig({ NODE_ENV: "test" }).config.mode).toBe("development");
    expect(resolveRuntimeConfig({ NODE_ENV: "development" }).config.mode).toBe("development");
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "", "userpool.example.com"])(
    "development mode refuses USERPOOL_HOST=%j without the explicit flag",
    (host) => {
      expect(() => resolveRuntimeConfig({ USERPOOL_HOST: host })).toThrow(ConfigError);
      expect(() => resolveRuntimeConfig({ USERPOOL_HOST: host })).toThrow(
        /is not a loopback address[\s\S]*USERPOOL_ALLOW_REMOTE_DEVELOPMENT=true/,
      );
      expect(() => resolveRuntimeConfig({}, { host })).toThrow(/USERPOOL_HOST/);
    },
  );

  it(
    "USERPOOL_ALLOW_REMOTE_DEVELOPMENT=true lets it listen, as an override to repeat; " +
      "production may listen anywhere",
    () => {
      const { config, overrides } = resolveRuntimeConfig({
        USERPOOL_HOST: "0.0.0.0",
        USERPOOL_ALLOW_REMOTE_DEVELOPMENT: "true",
      });
      expect(config.host).toBe("0.0.0.0");
      expect(overrides).toEqual([
        expect.stringMatching(/^USERPOOL_ALLOW_REMOTE_DEVELOPMENT: development mode listens on 0\.0\.0\.0/),
      ]);
      expect(resolveRuntimeConfig({}, { host: "0.0.0.0", allowRemoteDevelopment: true }).overrides).toHaveLength(1);
      expect(resolveRuntimeConfig({ ...prodEnv, USERPOOL_HOST: "0.0.0.0" }).overrides).toEqual([]);
    },
  );

  it.each(["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST", "app.localhost", "::ffff:127.0.0.1"])(
    "%s is loopback",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(resolveRuntimeConfig({ USERPOOL_HOST: host }).overrides).toEqual([]);
    },
  );

  it.each(["0.0.0.0", "::", "128.0.0.1", "localhost.attacker.example", "10.0.0.1", "::ffff:10.0.0.1"])(
    "%s is not loopback",
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it.each([
    [{ USERPOOL_ALLOW_REMOTE_DEVELOPMENT: "yes" }, /USERPOOL_ALLOW_REMOTE_DEVELOPMENT must be "true" or "false"/],
    [
      { ...prodEnv, USERPOOL_ALLOW_REMOTE_DEVELOPMENT: "true" },
      /USERPOOL_ALLOW_REMOTE_DEVELOPMENT applies to development mode only/,
    ],
    [
      { USERPOOL_ALLOW_DEVELOPMENT_CONFIG: "true" },
      /USERPOOL_ALLOW_DEVELOPMENT_CONFIG applies to production mode only/,
    ],
    [{ USERPOOL_ADMIN_ALLOWED_ORIGINS: "*" }, /USERPOOL_ADMIN_ALLOWED_ORIGINS must list origins/],
    [
      { USERPOOL_ADMIN_ALLOWED_ORIGINS: "https://console.example/admin" },
      /"https:\/\/console\.example\/admin" is not an origin/,
    ],
    [{ USERPOOL_ADMIN_ALLOWED_ORIGINS: "console.example" }, /is not an origin/],
  ])("refuses an override or origin list it cannot honour (%#)", (env, message) => {
    expect(() => resolveRuntimeConfig(env)).toThrow(message);
  });

  it("reads admin origins as browsers send them", () => {
    expect(
      resolveRuntimeConfig({ USERPOOL_ADMIN_ALLOWED_ORIGINS: "https://Console.example:443/, http://localhost:4000" })
        .config.adminAllowedOrigins,
    ).toEqual(["https://console.example", "http://localhost:4000"]);
    expect(resolveRuntimeConfig({}).config.adminAllowedOrigins).toEqual([]);
  });
});

describe("development settings in the config file", () => {
  it.each([DEFAULT_CONFIG_PATH, join(REPO_ROOT, "config", "userpool.stack.json")])(
    "finds every development setting of the committed %s",
    (path) => {
      const found = findDevelopmentSettings(readFileConfig(path), {});
      const paths = found.map((f) => f.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          "DevGoogle",
          "DevGoogle.Clients[0].ClientSecret",
          "UserPools[0].Clients[0].CallbackURLs[0]",
          "UserPools[0].Clients[0].LogoutURLs[0]",
          "UserPools[0].IdentityProviders[0].ProviderDetails.oidc_issuer",
          "UserPools[0].IdentityProviders[0].ProviderDetails.client_secret",
        ]),
      );
      expect(found.find((f) => f.path.endsWith("oidc_issuer"))!.why).toMatch(/is the development Google/);
      expect(found.find((f) => f.path.endsWith("CallbackURLs[0]"))!.why).toMatch(
        /http:\/\/localhost:3000\/ is a loopback address/,
      );
      expect(found.find((f) => f.path.endsWith("client_secret"))!.why).toBe("the committed development Google secret");
    },
  );

  it("finds the stack's development SAML IdP (DevSAML's MetadataURL), so production refuses it", () => {
    const cfg = readFileConfig(join(REPO_ROOT, "config", "userpool.stack.json"));
    const at = cfg.UserPools[0]!.IdentityProviders.findIndex((p) => p.ProviderName === "DevSAML");
    expect(at).toBeGreaterThanOrEqual(0);
    const found = findDevelopmentSettings(cfg, {});
    expect(found.find((f) => f.path === `UserPools[0].IdentityProviders[${at}].ProviderDetails.MetadataURL`)).toEqual({
      path: `UserPools[0].IdentityProviders[${at}].ProviderDetails.MetadataURL`,
      why: "https://localhost:9443/_dev/saml/metadata is the development SAML IdP",
    });
    // By path, not by host: the development IdP behind a public name is still the development IdP.
    cfg.UserPools[0]!.IdentityProviders[at]!.ProviderDetails.MetadataURL =
      "https://auth.example.com/_dev/saml/metadata";
    expect(findDevelopmentSettings(cfg, {}).map((f) => f.why)).toContain(
      "https://auth.example.com/_dev/saml/metadata is the development SAML IdP",
    );
  });

  const client = (extra: Record<string, unknown>) => ({
    ClientId: "abcdefghijklmnopqrstuvwxyz",
    ClientName: "web",
    ...extra,
  });

  it("finds loopback URLs in any form, and the development secret behind ClientSecretFromEnv", () => {
    const cfg = parseFileConfig({
      UserPools: [
        pool({
          Clients: [
            client({
              CallbackURLs: ["https://app.example.com/", "http://127.0.0.1:8080/cb"],
              LogoutURLs: ["http://[::1]:3000/"],
              DefaultRedirectURI: "https://app.example.com/",
            }),
          ],
          IdentityProviders: [
            {
              ProviderName: "Corp",
              ProviderType: "OIDC",
              ProviderDetails: {
                client_id: "c",
                authorize_scopes: "openid",
                oidc_issuer: "https://login.example.com",
                attributes_request_method: "GET",
              },
              ClientSecretFromEnv: "CORP_SECRET",
            },
            {
              ProviderName: "Google",
              ProviderType: "Google",
              ProviderDetails: {
                client_id: "g",
                authorize_scopes: "openid",
                oidc_issuer: "https://auth.example.com/_dev/google",
              },
            },
          ],
        }),
      ],
    });
    expect(findDevelopmentSettings(cfg, { CORP_SECRET: DEV_GOOGLE_SECRET })).toEqual([
      { path: "UserPools[0].Clients[0].CallbackURLs[1]", why: "http://127.0.0.1:8080/cb is a loopback address" },
      { path: "UserPools[0].Clients[0].LogoutURLs[0]", why: "http://[::1]:3000/ is a loopback address" },
      {
        path: "UserPools[0].IdentityProviders[0].ClientSecretFromEnv",
        why: "CORP_SECRET holds the development Google secret",
      },
      {
        path: "UserPools[0].IdentityProviders[1].ProviderDetails.oidc_issuer",
        why: "https://auth.example.com/_dev/google is the development Google",
      },
    ]);
  });

  it("a production config has none", () => {
    const cfg = parseFileConfig({
      UserPools: [
        pool({
          Clients: [client({ CallbackURLs: ["https://app.example.com/"], LogoutURLs: ["https://app.example.com/"] })],
          IdentityProviders: [
            {
              ProviderName: "Google",
              ProviderType: "Google",
              ProviderDetails: { client_id: "g", authorize_scopes: "openid" },
              ClientSecretFromEnv: "GOOGLE_SECRET",
            },
          ],
        }),
      ],
    });
    expect(findDevelopmentSettings(cfg, { GOOGLE_SECRET: "a-real-google-secret" })).toEqual([]);
  });
});

describe("applying the file at start", () => {
  it("is idempotent across restarts, keeps data, and follows edits to the file", async () => {
    const dir = tempDir();
    const cfgPath = join(dir, "cfg.json");
    const client = { ClientId: "abcdefghijklmnopqrstuvwxyz", ClientName: "web", GenerateSecret: true };
    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool({ Clients: [client] })] }));
    const first = await startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    expect(first.applied.created).toEqual(["us-east-1_Config001", "abcdefghijklmnopqrstuvwxyz"]);
    const secret = first.services.pools.clientSecret(await first.services.pools.getClient(client.ClientId));
    const created = (await first.services.pools.getPool("us-east-1_Config001")).updatedAt;
    await first.close();

    const second = await startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    expect(second.applied).toEqual({
      created: [],
      updated: [],
      unchanged: ["us-east-1_Config001", "abcdefghijklmnopqrstuvwxyz"],
    });
    expect(second.services.pools.clientSecret(await second.services.pools.getClient(client.ClientId))).toBe(secret);
    expect((await second.services.pools.getPool("us-east-1_Config001")).updatedAt).toEqual(created);
    await second.close();

    writeFileSync(
      cfgPath,
      JSON.stringify({ UserPools: [pool({ PoolName: "renamed", Clients: [{ ...client, AccessTokenValidity: 2 }] })] }),
    );
    const third = await startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    expect(third.applied.updated).toEqual(["us-east-1_Config001", "abcdefghijklmnopqrstuvwxyz"]);
    expect((await third.services.pools.getPool("us-east-1_Config001")).name).toBe("renamed");
    expect((await third.services.pools.getClient(client.ClientId)).settings.AccessTokenValidity).toBe(2);
    await third.close();

    // Immutable settings cannot be changed by editing the file.
    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool({ UsernameAttributes: ["email"] })] }));
    await expect(startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys })).rejects.toThrow(
      /UsernameAttributes cannot change/,
    );
  });

  it("refuses a data key that does not match the database", async () => {
    const dir = tempDir();
    const cfg = { UserPools: [pool()] };
    const a = await startUserpool({
      config: cfg,
      dataDir: dir,
      dataKey: Buffer.alloc(32, 1),
      generateRsaKeyPair: fastRsaKeys,
    });
    await a.close();
    await expect(
      startUserpool({ config: cfg, dataDir: dir, dataKey: Buffer.alloc(32, 2), generateRsaKeyPair: fastRsaKeys }),
    ).rejects.toThrow(/data key does not match/);
  });

  it("generates the development data key file once, readable only by its owner", async () => {
    const dir = tempDir();
    const a = await startUserpool({ config: { UserPools: [pool()] }, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    await a.close();
    const key = readFileSync(join(dir, "data-key"), "utf8");
    expect(Buffer.from(key.trim(), "base64")).toHaveLength(32);
    const b = await startUserpool({ config: { UserPools: [pool()] }, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    await b.close();
    expect(readFileSync(join(dir, "data-key"), "utf8")).toBe(key);
    const { statSync } = await import("node:fs");
    expect(statSync(join(dir, "data-key")).mode & 0o777).toBe(0o600);
  });
});
