import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startUserpool } from "../main.js";
import { fastRsaKeys } from "../../test/support/userpool.js";
import { ConfigError } from "./errors.js";
import { parseFileConfig, readFileConfig } from "./file.js";
import { DEFAULT_CONFIG_PATH, resolveRuntimeConfig } from "./runtime.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-config-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const pool = (extra: Record<string, unknown> = {}) => ({ Id: "us-east-1_Config001", PoolName: "p", ...extra });

describe("config file", () => {
  it("the committed development config is valid and uses the IDs from docs/conventions.md", () => {
    const cfg = readFileConfig(DEFAULT_CONFIG_PATH);
    const p = cfg.UserPools[0]!;
    expect(p.Id).toBe("us-east-1_AuthHub01");
    expect(p.UsernameAttributes).toEqual(["email"]);
    expect(p.VerificationMessageTemplate?.DefaultEmailOption).toBe("CONFIRM_WITH_LINK");
    const c = p.Clients[0]!;
    expect(c).toMatchObject({ ClientId: "authhubwebclientlocaldev01", PreventUserExistenceErrors: "ENABLED", CallbackURLs: ["http://localhost:3000/"], LogoutURLs: ["http://localhost:3000/"] });
    expect(c.ExplicitAuthFlows).toEqual(expect.arrayContaining(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]));
    expect(c.GenerateSecret ?? false).toBe(false);
  });

  it.each([
    [{ UserPools: [pool({ Id: "bad" })] }, "UserPools[0].Id"],
    [{ UserPools: [pool({ Policies: { PasswordPolicy: { MinimumLength: 3 } } })] }, "UserPools[0].Policies.PasswordPolicy.MinimumLength"],
    [{ UserPools: [pool({ Clients: [{ ClientId: "UPPERCASE", ClientName: "c" }] })] }, "UserPools[0].Clients[0].ClientId"],
    [{ UserPools: [pool({ Clients: [{ ClientId: "abcdefghijklmnopqrstuvwxyz", ClientName: "c", ExplicitAuthFlows: ["ALLOW_MAGIC"] }] })] }, "UserPools[0].Clients[0].ExplicitAuthFlows[0]"],
    [{ UserPools: [pool({ PasswordPolicy: {} })] }, "UserPools[0].PasswordPolicy: unknown setting"],
    [{ UserPools: [pool({ Policies: { PasswordPolicy: { MinLength: 8 } } })] }, "UserPools[0].Policies.PasswordPolicy.MinLength: unknown setting"],
    [{ UserPools: [pool(), pool()] }, "UserPools[1].Id: duplicate pool ID"],
    [{ UserPools: [pool({ RefreshTokenReuse: "REVOKE" })] }, 'UserPools[0].RefreshTokenReuse: Invalid option: expected one of "REVOKE_FAMILY"|"REFUSE_TOKEN"'],
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
    await expect(startUserpool({ config: { UserPools: [pool({ UsernameAttributes: ["email"], AliasAttributes: ["email"] })] }, generateRsaKeyPair: fastRsaKeys })).rejects.toThrow(
      /UserPools\[0\] \(us-east-1_Config001\): Only one of the aliasAttributes or usernameAttributes/,
    );
    await expect(
      startUserpool({ config: { UserPools: [pool({ Clients: [{ ClientId: "abcdefghijklmnopqrstuvwxyz", ClientName: "c", ClientSecretFromEnv: "NOT_SET_ANYWHERE" }] })] } }),
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
    const withKey = { ...withIssuer, USERPOOL_DATA_KEY: Buffer.alloc(32, 1).toString("base64") };
    expect(() => resolveRuntimeConfig(withKey)).toThrow(/USERPOOL_ADMIN_CREDENTIALS is required/);
    expect(() => resolveRuntimeConfig({ ...withKey, USERPOOL_ADMIN_CREDENTIALS: "local:local" })).toThrow(/must not use the development credentials/);
    const withCreds = { ...withKey, USERPOOL_ADMIN_CREDENTIALS: "AKID:secret" };
    expect(() => resolveRuntimeConfig(withCreds)).toThrow(/SMTP_URL is required/);
    expect(() => resolveRuntimeConfig({ ...withCreds, SMTP_URL: "smtp://mail" })).toThrow(/USERPOOL_MAIL_FROM/);
    const ok = resolveRuntimeConfig({ ...withCreds, SMTP_URL: "smtp://mail", USERPOOL_MAIL_FROM: "a@b.c" });
    expect(ok.warnings).toEqual([]);
    expect(ok.config.adminCredentials.get("AKID")).toBe("secret");
  });

  it("development defaults each come with a warning", () => {
    const { config, warnings } = resolveRuntimeConfig({});
    expect(config).toMatchObject({ mode: "development", port: 9229, database: { engine: "sqlite" }, dataKey: { kind: "file", create: true } });
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
    expect(second.applied).toEqual({ created: [], updated: [], unchanged: ["us-east-1_Config001", "abcdefghijklmnopqrstuvwxyz"] });
    expect(second.services.pools.clientSecret(await second.services.pools.getClient(client.ClientId))).toBe(secret);
    expect((await second.services.pools.getPool("us-east-1_Config001")).updatedAt).toEqual(created);
    await second.close();

    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool({ PoolName: "renamed", Clients: [{ ...client, AccessTokenValidity: 2 }] })] }));
    const third = await startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys });
    expect(third.applied.updated).toEqual(["us-east-1_Config001", "abcdefghijklmnopqrstuvwxyz"]);
    expect((await third.services.pools.getPool("us-east-1_Config001")).name).toBe("renamed");
    expect((await third.services.pools.getClient(client.ClientId)).settings.AccessTokenValidity).toBe(2);
    await third.close();

    // Immutable settings cannot be changed by editing the file.
    writeFileSync(cfgPath, JSON.stringify({ UserPools: [pool({ UsernameAttributes: ["email"] })] }));
    await expect(startUserpool({ config: cfgPath, dataDir: dir, generateRsaKeyPair: fastRsaKeys })).rejects.toThrow(/UsernameAttributes cannot change/);
  });

  it("refuses a data key that does not match the database", async () => {
    const dir = tempDir();
    const cfg = { UserPools: [pool()] };
    const a = await startUserpool({ config: cfg, dataDir: dir, dataKey: Buffer.alloc(32, 1), generateRsaKeyPair: fastRsaKeys });
    await a.close();
    await expect(startUserpool({ config: cfg, dataDir: dir, dataKey: Buffer.alloc(32, 2), generateRsaKeyPair: fastRsaKeys })).rejects.toThrow(/data key does not match/);
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
