/**
 * Production mode refuses unsafe set-ups at startUserpool (the embedded path) and at `npm start`
 * (main(), exit code 78); overrides are explicit and repeated at every start. SQLite always,
 * PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/errors.js";
import { DEFAULT_CONFIG_PATH, PACKAGE_DIR, REPO_ROOT } from "../src/config/runtime.js";
import { startUserpool, type StartUserpoolOptions } from "../src/main.js";
import { databaseOptions, testEngines, type TestDatabase } from "./support/engines.js";
import { fastRsaKeys, productionOptions, testConfig } from "./support/userpool.js";

const roots: string[] = [];
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-prod-"));
  roots.push(d);
  return d;
};

/** The key of the tests that start on the shared database (a start stores a check value sealed with it). */
const DB_KEY = Buffer.from("9d0a6bd0c3b1f2e47a58c6e1d2f3a4b5c6d7e8f90112233445566778899aabbc", "hex");

/** A valid production set-up; each test spoils one thing. */
const production = (): StartUserpoolOptions => ({ ...productionOptions(), config: testConfig(), env: {} });

describe.each(testEngines())("production start on $name", (engine) => {
  let db: TestDatabase;
  let target: StartUserpoolOptions;
  beforeAll(async () => {
    db = await engine.create();
    // On PostgreSQL the data directory still holds the key and the TLS files.
    target = db.target.engine === "postgres" ? { ...databaseOptions(db), dataDir: tempDir() } : databaseOptions(db);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("refuses the committed development config (the default file, a copy, or the same as an object)", async () => {
    const copy = join(tempDir(), "pool.json");
    writeFileSync(copy, readFileSync(DEFAULT_CONFIG_PATH));
    const stack = JSON.parse(readFileSync(join(REPO_ROOT, "config", "userpool.stack.json"), "utf8")) as {
      UserPools: { LambdaConfig?: unknown }[];
    };
    delete stack.UserPools[0]!.LambdaConfig;
    for (const [config, origin] of [
      [undefined, `config file ${DEFAULT_CONFIG_PATH}`],
      [copy, `config file ${copy}`],
      [stack, "the config option"],
    ] as const) {
      // No config option: the committed default file.
      const { config: _testPools, ...base } = production();
      const err = await startUserpool({
        ...base,
        ...target,
        ...(config === undefined ? {} : { config: config as NonNullable<StartUserpoolOptions["config"]> }),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`${origin} holds development settings, which production refuses:`);
      expect((err as Error).message).toMatch(
        /UserPools\[0\]\.Clients\[0\]\.CallbackURLs\[0\]: http:\/\/localhost:3000\/ is a loopback address/,
      );
      expect((err as Error).message).toMatch(/DevGoogle: the development Google provider/);
      expect((err as Error).message).toContain("USERPOOL_ALLOW_DEVELOPMENT_CONFIG=true");
    }
  });

  it("USERPOOL_ALLOW_DEVELOPMENT_CONFIG=true starts it anyway, and every start says so", async () => {
    for (let start = 0; start < 2; start++) {
      const logs: { level: number; msg: string }[] = [];
      const { config: _testPools, ...opts } = production();
      const up = await startUserpool({
        ...opts,
        ...target,
        dataKey: DB_KEY,
        env: { USERPOOL_ALLOW_DEVELOPMENT_CONFIG: "true" },
        logLevel: "warn",
        logDestination: { write: (s: string) => void logs.push(JSON.parse(s)) },
      });
      try {
        expect(up.config.mode).toBe("production");
        expect(up.overrides).toEqual([
          expect.stringMatching(
            new RegExp(
              [
                "^USERPOOL_ALLOW_DEVELOPMENT_CONFIG: production is running with development settings ",
                "from config file .*userpool\\.config\\.json: DevGoogle",
              ].join(""),
            ),
          ),
        ]);
        const warned = logs.filter((l) => l.msg.startsWith("UNSAFE OVERRIDE — USERPOOL_ALLOW_DEVELOPMENT_CONFIG"));
        expect(warned).toHaveLength(1);
        expect(warned[0]!.msg).toContain(
          "UserPools[0].Clients[0].CallbackURLs[0] (http://localhost:3000/ is a loopback address)",
        );
      } finally {
        await up.close();
      }
    }
  });

  it("refuses a weak admin secret and a placeholder data key given as options", async () => {
    await expect(
      startUserpool({ ...production(), ...target, adminCredentials: { AKIDPROD: "prod-secret" } }),
    ).rejects.toThrow(/secret of access key "AKIDPROD" is too weak for production/);
    await expect(startUserpool({ ...production(), ...target, adminCredentials: { local: "local" } })).rejects.toThrow(
      /must not use the development credentials local:local/,
    );
    await expect(startUserpool({ ...production(), ...target, dataKey: Buffer.alloc(32) })).rejects.toThrow(
      /the dataKey option is unfit for production: it is all zeros/,
    );
  });

  it("refuses a placeholder data key in USERPOOL_DATA_KEY_FILE", async () => {
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, `${"00".repeat(32)}\n`, { mode: 0o600 });
    const { dataKey: _key, ...opts } = production();
    const err = await startUserpool({ ...opts, ...target, env: { USERPOOL_DATA_KEY_FILE: keyFile } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      `USERPOOL_DATA_KEY_FILE ${keyFile} is unfit for production: it is all zeros; ` +
        "generate 32 random bytes, e.g. `openssl rand -base64 32`",
    );
  });

  it("NODE_ENV=production without production mode is refused, from the env option or from the process", async () => {
    await expect(startUserpool({ ...target, config: testConfig(), env: { NODE_ENV: "production" } })).rejects.toThrow(
      /NODE_ENV=production but USERPOOL_MODE is unset \(development\): set USERPOOL_MODE=production/,
    );
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await expect(startUserpool({ ...target, config: testConfig() })).rejects.toThrow(
        /NODE_ENV=production but USERPOOL_MODE is unset/,
      );
      await expect(startUserpool({ ...target, config: testConfig(), mode: "development" })).rejects.toThrow(
        /NODE_ENV=production but the mode option is development/,
      );
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it("development mode on a non-loopback address needs USERPOOL_ALLOW_REMOTE_DEVELOPMENT, then says so", async () => {
    await expect(startUserpool({ ...target, config: testConfig(), host: "0.0.0.0" })).rejects.toThrow(
      /USERPOOL_HOST=0\.0\.0\.0 is not a loopback address/,
    );
    const logs: { msg: string }[] = [];
    const up = await startUserpool({
      ...target,
      config: testConfig(),
      dataKey: DB_KEY,
      env: { USERPOOL_HOST: "0.0.0.0", USERPOOL_ALLOW_REMOTE_DEVELOPMENT: "true", TEST_CLIENT_SECRET: "x".repeat(10) },
      generateRsaKeyPair: fastRsaKeys,
      logLevel: "warn",
      logDestination: { write: (s: string) => void logs.push(JSON.parse(s)) },
    });
    try {
      expect(up.overrides).toHaveLength(1);
      expect(logs.map((l) => l.msg)).toContain(`UNSAFE OVERRIDE — ${up.overrides[0]}`);
    } finally {
      await up.close();
    }
  });
});

describe("npm start -w apps/userpool (main)", () => {
  it("exits 78 with the fix when NODE_ENV=production meets development mode", async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      USERPOOL_DATA_DIR: tempDir(),
    };
    const child = spawn(process.execPath, ["--import", "tsx", join(PACKAGE_DIR, "src", "main.ts")], {
      cwd: PACKAGE_DIR,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // A server that starts instead of refusing would never exit: stop it and fail rather than hang.
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve)).finally(() =>
      clearTimeout(timer),
    );
    expect(stderr).toContain(
      "userpool: configuration error: NODE_ENV=production but USERPOOL_MODE is unset (development): " +
        "set USERPOOL_MODE=production to run in production, or unset NODE_ENV to run the development server",
    );
    expect(code).toBe(78);
  });
});
