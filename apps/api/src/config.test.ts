import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tableUnder, variableNames } from "../../../scripts/lib/markdownTable.js";
import { apiEnvSchema, ConfigError, findRepoRoot, loadConfig, loadDbConfig, loadLogLevel } from "./config.js";

const prod = { DB_ENV: "production", DATABASE_URL: "postgres://db/app" };

describe("loadConfig", () => {
  it("defaults to the local stack in development and says so", async () => {
    const c = await loadConfig({});
    expect(c).toMatchObject({
      dbEnv: "development",
      port: 5000,
      auth: {
        issuer: "http://localhost:9229/us-east-1_AuthHub01",
        jwksUri: "http://localhost:9229/us-east-1_AuthHub01/.well-known/jwks.json",
        clientIds: ["authhubwebclientlocaldev01"],
        tokenUse: "id",
      },
      corsOrigins: ["http://localhost:3000"],
      logLevel: "info",
    });
    expect(c.db).toMatchObject({ engine: "sqlite" });
    expect(c.warnings).toHaveLength(2);
  });

  it("puts the development SQLite file under the repo root's .data/", async () => {
    const c = await loadConfig({});
    expect(c.db).toEqual({ engine: "sqlite", file: join(findRepoRoot(process.cwd()), ".data", "app.sqlite") });
    expect(findRepoRoot(process.cwd())).not.toContain("apps");
  });

  it("derives real Cognito's issuer from the pool ID and region", async () => {
    const c = await loadConfig({
      ...prod,
      COGNITO_USER_POOL_ID: "eu-west-1_AbC123",
      COGNITO_REGION: "eu-west-1",
      COGNITO_CLIENT_IDS: "abc, def",
    });
    expect(c.auth).toMatchObject({
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
      clientIds: ["abc", "def"],
    });
    expect(c.warnings).toEqual([]);
    // The region is also in the pool ID.
    expect(
      (await loadConfig({ ...prod, COGNITO_USER_POOL_ID: "eu-west-1_AbC123", COGNITO_CLIENT_IDS: "abc" })).auth.issuer,
    ).toContain("eu-west-1");
  });

  it("takes the local userpool's issuer, without a trailing slash", async () => {
    const c = await loadConfig({
      COGNITO_ISSUER: "http://localhost:9229/us-east-1_X/",
      COGNITO_CLIENT_IDS: "abc",
      COGNITO_TOKEN_USE: "access",
      CORS_ORIGINS: "https://a.example.com,http://localhost:3000",
      PORT: "0",
      LOG_LEVEL: "silent",
    });
    expect(c).toMatchObject({
      port: 0,
      logLevel: "silent",
      corsOrigins: ["https://a.example.com", "http://localhost:3000"],
      auth: { issuer: "http://localhost:9229/us-east-1_X", tokenUse: "access" },
    });
  });

  it.each([
    [{ PORT: "http" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ COGNITO_TOKEN_USE: "refresh" }, /COGNITO_TOKEN_USE/],
    [{ COGNITO_ISSUER: "not a url" }, /COGNITO_ISSUER/],
    [{ COGNITO_ISSUER: "ftp://x/y" }, /COGNITO_ISSUER/],
    [{ COGNITO_ISSUER: "http://x/y?z=1" }, /COGNITO_ISSUER/],
    [{ COGNITO_ISSUER: "http://x/y", COGNITO_USER_POOL_ID: "us-east-1_A" }, /COGNITO_ISSUER.*COGNITO_USER_POOL_ID/],
    [{ COGNITO_USER_POOL_ID: "nope" }, /COGNITO_USER_POOL_ID/],
    [{ COGNITO_USER_POOL_ID: "us-east-1_A", COGNITO_REGION: "eu-west-1" }, /COGNITO_REGION/],
    [{ COGNITO_CLIENT_IDS: "ok,not ok" }, /COGNITO_CLIENT_IDS/],
    [{ CORS_ORIGINS: "*" }, /CORS_ORIGINS/],
    [{ CORS_ORIGINS: "https://a.example.com/" }, /CORS_ORIGINS/],
    [{ CORS_ORIGINS: "https://a.example.com/app" }, /CORS_ORIGINS/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ DB_ENV: "staging" }, /DB_ENV/],
  ])("names the variable in %j", async (env, message) => {
    const err = await loadConfig(env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
  });

  it("takes the keys from COGNITO_JWKS_URI outside production only (a Cognito-form userpool)", async () => {
    const jwks = "http://127.0.0.1:9229/us-east-1_AuthHub01/.well-known/jwks.json";
    const c = await loadConfig({
      DB_ENV: "testing",
      COGNITO_USER_POOL_ID: "us-east-1_AuthHub01",
      COGNITO_JWKS_URI: jwks,
    });
    expect(c.auth.issuer).toBe("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AuthHub01");
    expect(c.auth.jwksUri).toBe(jwks);
    expect(c.warnings.join("\n")).toContain(`COGNITO_JWKS_URI: keys for ${c.auth.issuer} are fetched from ${jwks}`);
    const plain = await loadConfig({ DB_ENV: "testing", COGNITO_USER_POOL_ID: "us-east-1_AuthHub01" });
    expect(plain.auth.jwksUri).toBe(`${plain.auth.issuer}/.well-known/jwks.json`);
    await expect(
      loadConfig({ ...prod, COGNITO_USER_POOL_ID: "us-east-1_A", COGNITO_CLIENT_IDS: "a", COGNITO_JWKS_URI: jwks }),
    ).rejects.toThrow(/COGNITO_JWKS_URI is refused when DB_ENV=production/);
    await expect(loadConfig({ DB_ENV: "testing", COGNITO_JWKS_URI: "file:///etc/passwd" })).rejects.toThrow(
      /COGNITO_JWKS_URI must be an http\(s\) URL/,
    );
  });

  it("requires explicit Cognito settings in production, over https", async () => {
    await expect(loadConfig(prod)).rejects.toThrow(/COGNITO_USER_POOL_ID .*COGNITO_ISSUER/);
    await expect(loadConfig({ ...prod, COGNITO_USER_POOL_ID: "us-east-1_A" })).rejects.toThrow(/COGNITO_CLIENT_IDS/);
    await expect(
      loadConfig({ ...prod, COGNITO_ISSUER: "http://idp.example.com/pool", COGNITO_CLIENT_IDS: "a" }),
    ).rejects.toThrow(/https/);
    await expect(
      loadConfig({ DB_ENV: "production", COGNITO_USER_POOL_ID: "us-east-1_A", COGNITO_CLIENT_IDS: "a" }),
    ).rejects.toThrow(/DATABASE_URL/);
  });

  it("reads the tutorial's RDS variables through appdb", async () => {
    const c = await loadDbConfig({
      DB_ENV: "production",
      RDS_HOSTNAME: "h",
      RDS_USERNAME: "u",
      RDS_PASSWORD: "p",
      RDS_DB_NAME: "d",
    });
    expect(c).toEqual({
      dbEnv: "production",
      db: { engine: "postgres", host: "h", port: 5432, user: "u", password: "p", database: "d" },
    });
  });
});

describe("the environment schema", () => {
  const schema = Object.keys(apiEnvSchema.shape).sort();
  const names = (rows: string[][]) => [...new Set(rows.flatMap((r) => variableNames(r[0]!)))].sort();
  const read = (path: string) => readFileSync(join(findRepoRoot(process.cwd()), path), "utf8");

  it("describes every variable", () => {
    for (const [name, variable] of Object.entries(apiEnvSchema.shape))
      expect(variable.description, name).toMatch(/\w{3}/);
  });

  it("apps/api/README.md's Environment table lists exactly its variables", () => {
    expect(names(tableUnder(read("apps/api/README.md"), "Environment"))).toEqual(schema);
  });

  it("README.md's Environment variables table lists exactly its variables as read by the api", () => {
    const rows = tableUnder(read("README.md"), "Environment variables").filter((r) => /\bapi\b/.test(r[1]!));
    expect(names(rows)).toEqual(schema);
  });

  it("the migrate and seed commands read LOG_LEVEL through it", () => {
    expect(loadLogLevel({})).toBe("info");
    expect(loadLogLevel({ LOG_LEVEL: "silent" })).toBe("silent");
    expect(() => loadLogLevel({ LOG_LEVEL: "loud" })).toThrow(ConfigError);
  });
});

describe("findRepoRoot", () => {
  it("finds the package.json with workspaces, else falls back to the start", () => {
    const root = mkdtempSync(join(tmpdir(), "root-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ workspaces: ["apps/*"] }));
    mkdirSync(join(root, "apps", "api"), { recursive: true });
    writeFileSync(join(root, "apps", "api", "package.json"), JSON.stringify({ name: "api" }));
    expect(findRepoRoot(join(root, "apps", "api"))).toBe(root);
    const lonely = mkdtempSync(join(tmpdir(), "lonely-"));
    expect(findRepoRoot(lonely)).toBe(lonely);
  });
});
