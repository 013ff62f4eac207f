/**
 * The production build (`npm run build`, scripts/build.ts) and its start (`npm run start:prod`,
 * node dist/main.js): built once, started as a child process on a free port with the committed
 * development config, driven with the SDK, stopped with SIGTERM. SQLite always, PostgreSQL with
 * USERPOOL_DATABASE_URL.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  AdminGetUserCommand,
  DescribeIdentityProviderCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "../src/config/runtime.js";
import { PRODUCTION_NODE_FLAGS } from "../src/nodeFlags.js";
import { testEngines, type TestEngine } from "./support/engines.js";
import { adminClient, anonClient, GOOD_PASSWORD } from "./support/userpool.js";

const BUNDLE = join(PACKAGE_DIR, "dist", "main.js");
/** The committed development pool and its web client (userpool.config.json). */
const DEV_POOL = "us-east-1_AuthHub01";
const DEV_CLIENT = "authhubwebclientlocaldev01";
/**
 * Loaded on first use only (src/triggers/transports/lambdaInvoke.ts, services/mail, federation, SAML, the SNS
 * sender, custom sender codes, passkeys, the hosted TOTP set-up page).
 */
const LAZY = [
  "@aws-sdk/client-lambda",
  "nodemailer",
  "openid-client",
  "@node-saml/node-saml",
  "@aws-sdk/client-sns",
  "@aws-sdk/client-sts",
  "@aws-crypto/client-node",
  "@simplewebauthn/server",
  "qr",
];
/** Idle resident memory of one server process (issue #25, docs/userpool/scaling.md). */
const IDLE_RSS_LIMIT_MB = 120;

const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-build-"));
  temps.push(d);
  return d;
};

beforeAll(() => {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: PACKAGE_DIR, stdio: "pipe" });
});
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe("npm run build -w apps/userpool", () => {
  it("imports the rarely used heavy packages only on first use, never at start", () => {
    const bundle = readFileSync(BUNDLE, "utf8");
    for (const name of LAZY) {
      const quoted = JSON.stringify(name);
      // A static import of an external package is hoisted to the top of the bundle and runs at start.
      expect(bundle, name).not.toContain(`from ${quoted}`);
      expect(bundle, name).not.toContain(`import ${quoted}`);
      expect(bundle, name).toContain(`import(${quoted})`);
    }
  });
});

describe("production Node flags (ADR 0049)", () => {
  it("npm run start:prod and the authhub-userpool command pass the same flags as src/nodeFlags.ts", () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts["start:prod"]).toBe(`node ${PRODUCTION_NODE_FLAGS.join(" ")} dist/main.js`);
    const shebang = readFileSync(join(PACKAGE_DIR, "src", "cli.ts"), "utf8").split("\n")[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${PRODUCTION_NODE_FLAGS.join(" ")}`);
  });
});

describe("node dist/main.js at rest", () => {
  it(`holds at most ${IDLE_RSS_LIMIT_MB} MB resident after start on SQLite, hosted UI on`, async () => {
    const server = startBundle({
      PATH: process.env.PATH ?? "",
      USERPOOL_PORT: "0",
      USERPOOL_HTTPS_PORT: "0",
      USERPOOL_LOG_LEVEL: "warn",
      USERPOOL_DATA_DIR: tempDir(),
    });
    try {
      const url = await server.listening;
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
      // Start-up's garbage (config parsing, migrations) is collected by then; 1 s of idling is what is measured.
      await new Promise((r) => setTimeout(r, 1_000));
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, "utf8"))?.[1]);
      expect(kb / 1024).toBeGreaterThan(10);
      expect(kb / 1024).toBeLessThanOrEqual(IDLE_RSS_LIMIT_MB);
      // The committed config's DevSAML, registered from this server's own development IdP (ADR 0055): the file
      // says https://localhost:9443, the hosted port here is a free one.
      const saml = await adminClient(url).send(
        new DescribeIdentityProviderCommand({ UserPoolId: DEV_POOL, ProviderName: "DevSAML" }),
      );
      expect(saml.IdentityProvider?.ProviderType).toBe("SAML");
      expect(saml.IdentityProvider?.ProviderDetails?.MetadataURL).toMatch(
        /^https:\/\/localhost:(?!9443\/)\d+\/_dev\/saml\/metadata$/,
      );
      expect(saml.IdentityProvider?.ProviderDetails?.IDPSignout).toBe("true");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });
});

describe.each(testEngines())("node dist/main.js on $name", (engine) => {
  let db: Awaited<ReturnType<TestEngine["create"]>>;
  beforeAll(async () => {
    db = await engine.create();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("starts on a free port, answers /health and SDK operations, and stops on SIGTERM", async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      USERPOOL_PORT: "0",
      USERPOOL_HTTPS_PORT: "off",
      USERPOOL_LOG_LEVEL: "warn",
      ...(db.target.engine === "postgres"
        ? { USERPOOL_DATABASE_URL: db.target.url, USERPOOL_DATA_DIR: tempDir() }
        : { USERPOOL_DATA_DIR: dirname(db.target.file) }),
    };
    const server = startBundle(env);
    try {
      const url = await server.listening;
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
      const email = "built.output@example.com";
      await anonClient(url).send(
        new SignUpCommand({
          ClientId: DEV_CLIENT,
          Username: email,
          Password: GOOD_PASSWORD,
          UserAttributes: [{ Name: "email", Value: email }],
        }),
      );
      const user = await adminClient(url).send(new AdminGetUserCommand({ UserPoolId: DEV_POOL, Username: email }));
      expect(user.UserStatus).toBe("UNCONFIRMED");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe("");
  });
});

function startBundle(env: Record<string, string>) {
  // As `npm run start:prod` starts it.
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, BUNDLE], {
    cwd: PACKAGE_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      const m = /userpool listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${stderr}\n${stdout}`)));
  });
  return { child, listening, exited, stderr: () => stderr };
}
