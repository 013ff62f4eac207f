import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tableUnder, variableNames } from "../../../../scripts/lib/markdownTable.js";
import { readUserpoolEnv, readVariable, userpoolEnvSchema } from "./env.js";
import { ConfigError } from "./errors.js";
import { REPO_ROOT, resolveRuntimeConfig } from "./runtime.js";

const SCHEMA = Object.keys(userpoolEnvSchema.shape).sort();
const names = (rows: string[][]) => [...new Set(rows.flatMap((r) => variableNames(r[0]!)))].sort();
const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

/** The page holding the userpool's Configuration section (docs/userpool.md, or its own page once split out). */
function configurationPage(): string {
  const page = ["docs/userpool/configuration.md", "docs/userpool.md"].find((p) => existsSync(join(REPO_ROOT, p)));
  return read(page!);
}

describe("the userpool's environment schema (config/env.ts)", () => {
  it("describes every variable", () => {
    for (const [name, schema] of Object.entries(userpoolEnvSchema.shape)) {
      expect(schema.description, name).toMatch(/\w{3}/);
    }
  });

  it("docs/userpool.md's Environment table lists exactly its variables", () => {
    expect(names(tableUnder(configurationPage(), "Environment"))).toEqual(SCHEMA);
  });

  it("README.md's Environment variables table lists exactly its variables as read by the userpool", () => {
    const rows = tableUnder(read("README.md"), "Environment variables").filter((r) => /\buserpool\b/.test(r[1]!));
    expect(names(rows)).toEqual(SCHEMA);
  });

  it("parses each variable into its type; unset is undefined", () => {
    const vars = readUserpoolEnv({
      USERPOOL_PORT: "8080",
      USERPOOL_HTTPS_PORT: "off",
      USERPOOL_ALLOW_REMOTE_DEVELOPMENT: "1",
      USERPOOL_ISSUER_BASE: "https://auth.example.com//",
      USERPOOL_ADMIN_CREDENTIALS: "a:b, c:d",
      USERPOOL_RATE_LIMIT_CATEGORIES: "UserCreation=5,UserList=off",
      USERPOOL_DATABASE_URL: "",
    });
    expect(vars).toMatchObject({
      USERPOOL_PORT: 8080,
      USERPOOL_HTTPS_PORT: "off",
      USERPOOL_ALLOW_REMOTE_DEVELOPMENT: true,
      USERPOOL_ISSUER_BASE: "https://auth.example.com",
      USERPOOL_ADMIN_CREDENTIALS: new Map([
        ["a", "b"],
        ["c", "d"],
      ]),
      USERPOOL_RATE_LIMIT_CATEGORIES: { UserCreation: 5, UserList: "off" },
      USERPOOL_DATABASE_URL: undefined,
      USERPOOL_MODE: undefined,
    });
  });

  it("refuses a bad value with ConfigError naming the variable", () => {
    expect(() => readVariable("USERPOOL_TRUSTED_PROXY_HOPS", "many")).toThrow(
      new ConfigError('USERPOOL_TRUSTED_PROXY_HOPS must be an integer 0..10; got "many"'),
    );
    expect(() => readUserpoolEnv({ USERPOOL_MODE: "prod" }).USERPOOL_MODE).toThrow(
      new ConfigError('USERPOOL_MODE must be "development" or "production"; got "prod"'),
    );
  });

  it("reads a variable only when asked, so an option that replaces it replaces its check", () => {
    const env = { USERPOOL_PORT: "eighty" };
    expect(() => resolveRuntimeConfig(env)).toThrow(/USERPOOL_PORT must be an integer 0\.\.65535; got "eighty"/);
    expect(resolveRuntimeConfig(env, { port: 8080 }).config.port).toBe(8080);
  });
});
