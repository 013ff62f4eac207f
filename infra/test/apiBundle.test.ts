import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_DIR, packageApi, type PackagedApi } from "../scripts/package-api.js";
import { createFreshDatabase, type FreshDatabase } from "./support/pg.js";
import { buildWorkspace } from "./support/synth.js";
import { onlyResource, resolveCfn, sharedTemplate, type Json } from "./support/template.js";

/**
 * The Elastic Beanstalk source bundle, assembled from the real `npm run build -w apps/api` output into a
 * directory outside the repo (so nothing resolves from the monorepo's node_modules), and its predeploy hook
 * run the way EB runs it: as an executable, in the bundle directory, reading the environment properties
 * from get-config. The properties are the stack's own EB environment from the template.
 */

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AuthhubDatabasePostgresSecret-AbCdEf";
/** Trust auth ignores it, but it must never show up in the hook's output. */
const DB_PASSWORD = "pw-from-the-rds-secret-9f8e7d";

const work = mkdtempSync(join(tmpdir(), "authhub-eb-bundle-"));
const bundleDir = join(work, "staging");
let packaged: PackagedApi;
let db: FreshDatabase;
let secretsManager: {
  server: Server;
  url: string;
  requests: { target: string | undefined; body: Record<string, unknown> }[];
};

beforeAll(async () => {
  buildWorkspace("apps/api");
  packaged = await packageApi(bundleDir);
  db = await createFreshDatabase();
  secretsManager = await startFakeSecretsManager(
    JSON.stringify({
      username: db.user,
      password: DB_PASSWORD,
      engine: "postgres",
      host: db.host,
      port: db.port,
      dbname: db.name,
    }),
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    secretsManager?.server ? secretsManager.server.close(() => resolve()) : resolve(),
  );
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

/** Secrets Manager's JSON 1.1 protocol, GetSecretValue only, for the one ARN the stack hands out. */
async function startFakeSecretsManager(secretString: string): Promise<typeof secretsManager> {
  const requests: (typeof secretsManager)["requests"] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const target = req.headers["x-amz-target"] as string | undefined;
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      requests.push({ target, body });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target !== "secretsmanager.GetSecretValue" || body.SecretId !== SECRET_ARN) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: "ResourceNotFoundException",
            message: "Secrets Manager can't find the specified secret.",
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: "AuthhubDatabasePostgresSecret",
          SecretString: secretString,
          VersionId: "v1",
          VersionStages: ["AWSCURRENT"],
          CreatedDate: 1_700_000_000,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The stack's EB environment properties with stand-in physical values. */
function deployedProperties(): Record<string, string> {
  const t = sharedTemplate();
  const webDistribution = Object.entries(t.findResources("AWS::CloudFront::Distribution")).find(([, r]) =>
    JSON.stringify(r).includes("S3OriginConfig"),
  )![0];
  const physical = {
    "AWS::Region": "eu-west-1",
    [onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment")[0]]: SECRET_ARN,
    [onlyResource(t, "AWS::Cognito::UserPool")[0]]: "eu-west-1_AbCdEf123",
    [onlyResource(t, "AWS::Cognito::UserPoolClient")[0]]: "4example5client6id7abcdefg",
    [`${webDistribution}.DomainName`]: "d111111abcdef8.cloudfront.net",
  };
  const [, env] = onlyResource(t, "AWS::ElasticBeanstalk::Environment");
  const settings = env.Properties?.OptionSettings as { Namespace: string; OptionName: string; Value: Json }[];
  return Object.fromEntries(
    settings
      .filter((o) => o.Namespace === "aws:elasticbeanstalk:application:environment")
      .map((o) => [o.OptionName, resolveCfn(o.Value, physical)]),
  );
}

/** A stand-in for /opt/elasticbeanstalk/bin/get-config that prints `properties` for `get-config environment`. */
function fakeGetConfig(name: string, properties: Record<string, string>): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  writeFileSync(join(dir, "environment.json"), JSON.stringify(properties));
  const script = join(dir, "get-config");
  writeFileSync(
    script,
    "#!/bin/sh\n" +
      '[ "$1" = environment ] || { echo "unexpected get-config $*" >&2; exit 2; }\n' +
      `cat "${join(dir, "environment.json")}"\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** Runs the hook as EB does: executed directly (shebang), cwd = the staging directory. */
function runHook(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const hook = join(bundleDir, ".platform", "hooks", "predeploy", "01_migrate.mjs");
  return new Promise((resolve, reject) => {
    const child = spawn(hook, [], { cwd: bundleDir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function appliedMigrations(): Promise<string[]> {
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, database: db.name });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public.app_migrations') AS t");
    if (!exists.rows[0].t) return [];
    return (await client.query<{ name: string }>("SELECT name FROM app_migrations ORDER BY name")).rows.map(
      (r) => r.name,
    );
  } finally {
    await client.end();
  }
}

describe("the Elastic Beanstalk bundle", () => {
  it("holds the Procfile, the executable predeploy hook, the built API and a runtime-only package.json", () => {
    expect(readFileSync(join(bundleDir, "Procfile"), "utf8")).toBe("web: node dist/main.mjs\n");
    expect(statSync(join(bundleDir, ".platform", "hooks", "predeploy", "01_migrate.mjs")).mode & 0o111).not.toBe(0);
    expect(
      readFileSync(join(bundleDir, "dist", "main.mjs")).equals(readFileSync(join(API_DIR, "dist", "main.mjs"))),
    ).toBe(true);
    const manifest = JSON.parse(readFileSync(join(bundleDir, "package.json"), "utf8")) as {
      type: string;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(manifest.type).toBe("module");
    expect(manifest.devDependencies).toBeUndefined();
    // Exactly the packages the bundle still imports (none today: the API build inlines everything but the SQLite
    // driver).
    expect(manifest.dependencies).toEqual(packaged.dependencies);
    expect(packaged.skipped.every((name) => ["better-sqlite3", "pg-native"].includes(name))).toBe(true);
  });

  it("migrates through the deployed configuration: DB_SECRET_ARN fetched from Secrets Manager", async () => {
    const properties: Record<string, string> = {
      ...deployedProperties(),
      DB_SSL: "false" /* the local server has no TLS; deployed value is "true" */,
    };
    expect(properties.DB_SECRET_ARN).toBe(SECRET_ARN);
    const result = await runHook({
      EB_GET_CONFIG: fakeGetConfig("secret", properties),
      // What the instance profile and the SDK's endpoint resolution provide on EC2.
      AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
      AWS_SECRET_ACCESS_KEY: "local-test-secret",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
    });
    // On Node 20 the SDK warns on stderr that its next releases need Node 22 (CI runs 24 and 22, where it
    // does not); EB runs Node 24. Anything else there would be a failure.
    expect(
      result.stderr
        .replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/, "")
        .trim(),
    ).toBe("");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`source=DB_SECRET_ARN (${SECRET_ARN})`);
    expect(result.stdout).toMatch(/migrations applied/);
    expect(secretsManager.requests).toEqual([
      { target: "secretsmanager.GetSecretValue", body: expect.objectContaining({ SecretId: SECRET_ARN }) },
    ]);
    expect(await appliedMigrations()).toEqual(["0001_users"]);
    expect(`${result.stdout}${result.stderr}`).not.toContain(DB_PASSWORD);
  });

  it("migrates through the RDS_* variables too, and is idempotent", async () => {
    const { DB_SECRET_ARN: _arn, ...rest } = deployedProperties();
    const properties = {
      ...rest,
      DB_SSL: "false",
      RDS_HOSTNAME: db.host,
      RDS_PORT: String(db.port),
      RDS_USERNAME: db.user,
      RDS_PASSWORD: DB_PASSWORD,
      RDS_DB_NAME: db.name,
    };
    const result = await runHook({ EB_GET_CONFIG: fakeGetConfig("rds", properties) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`source=RDS_* (${db.host})`);
    expect(result.stdout).toMatch(/schema already up to date/);
    expect(await appliedMigrations()).toEqual(["0001_users"]);
    expect(`${result.stdout}${result.stderr}`).not.toContain(DB_PASSWORD);
  });

  it("aborts the deployment (non-zero exit, clear message) when the environment names no database", async () => {
    const { DB_SECRET_ARN: _arn, ...withoutDb } = deployedProperties();
    const result = await runHook({ EB_GET_CONFIG: fakeGetConfig("nodb", withoutDb) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("DB_ENV=production needs DATABASE_URL, RDS_HOSTNAME");
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it("aborts when get-config cannot be run", async () => {
    const result = await runHook({ EB_GET_CONFIG: join(work, "no-such-get-config") });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot read the environment properties");
  });
});
