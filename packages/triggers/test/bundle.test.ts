import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, type BuildResult } from "../build.js";
import { createTestDatabase, ENGINES, fixture, type TestDatabase } from "./support/engines.js";

const run = promisify(execFile);
const path = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const runner = path("./bundle-runner.mjs");
const fixtureFile = (name: string) => path(`../fixtures/${name}`);

let built: BuildResult;
beforeAll(async () => {
  // The real build (npm run build), into the real dist/ that the infra and the local stack use.
  built = await build();
});

/** Runs the bundle in a plain Node child process with only the environment a Lambda would have. */
async function invokeBundle(env: Record<string, string>, ...fixtures: string[]) {
  const { stdout, stderr } = await run(process.execPath, [runner, built.outfile, ...fixtures.map(fixtureFile)], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    timeout: 20_000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the bundle printed no result\nstdout: ${stdout}\nstderr: ${stderr}`);
  return { results: JSON.parse(line.slice("RESULT ".length)) as Array<Record<string, any>>, stdout, stderr };
}

describe("the built bundle", () => {
  it("is one ESM file whose only imports outside it are Node built-ins and the declared externals", () => {
    const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint);
    expect(output?.exports).toContain("handler");
    const externals = new Set(output!.imports.filter((i) => i.external).map((i) => i.path.replace(/^node:/, "")));
    const allowed = new Set([...builtinModules, "better-sqlite3", "@aws-sdk/client-secrets-manager", "pg-native"]);
    expect([...externals].filter((p) => !allowed.has(p))).toEqual([]);
    // pg and the shared schema code are inside the bundle, not resolved at run time.
    expect(externals.has("pg")).toBe(false);
    expect(externals.has("kysely")).toBe(false);
    expect(Object.keys(built.metafile.inputs).some((p) => p.includes("appdb/src/db.ts"))).toBe(true);
  });
});

describe.each(ENGINES)("the built bundle in plain Node on %s", (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => (tdb = await createTestDatabase(engine)));
  afterAll(() => tdb.drop());

  it("handles the recorded V1 and V2 events (authentication and refresh), all for one user, one row", async () => {
    const { results, stdout } = await invokeBundle(
      tdb.env,
      "pre-token-generation-v1-authentication.json",
      "pre-token-generation-v2-authentication.json",
      "pre-token-generation-v1-refresh-tokens.json",
      "pre-token-generation-v2-refresh-tokens.json",
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    const [v1, v2, v1Refresh, v2Refresh] = results.map((r) => r.event);

    const db = await tdb.connect();
    const sub = fixture<{ request: { userAttributes: { sub: string; email: string } } }>(
      "pre-token-generation-v1-authentication.json",
    ).request.userAttributes;
    const rows = await db.selectFrom("users").selectAll().where("sub", "=", sub.sub).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe(sub.email);
    const id = String(rows[0]!.id);

    for (const e of [v1, v1Refresh]) {
      expect(e.response).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: { db_user_id: id } } });
    }
    for (const e of [v2, v2Refresh]) {
      expect(e.response).toEqual({
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToAddOrOverride: { db_user_id: id } },
          accessTokenGeneration: { claimsToAddOrOverride: { db_user_id: id } },
        },
      });
    }
    // The request half of the event comes back as Cognito sent it.
    expect(v2.request).toEqual(fixture<{ request: unknown }>("pre-token-generation-v2-authentication.json").request);
    // One database opened for the four concurrent cold invocations, during the module's init (before any event).
    const out = stdout.split("\n");
    expect(out.filter((l) => l.includes('"app database opened"'))).toHaveLength(1);
    expect(out.findIndex((l) => l.includes('"app database opened"'))).toBeLessThan(out.indexOf("IMPORTED"));
  });

  it("fails the invocation, with a message fit for the end user, when the database is not migrated", async () => {
    const bare = await createTestDatabase(engine, { migrate: false });
    try {
      const { results, stderr } = await invokeBundle(bare.env, "pre-token-generation-v1-authentication.json");
      expect(results).toEqual([
        {
          ok: false,
          name: "TriggerError",
          code: "UserSyncFailed",
          message: "could not sync the user with the app database",
        },
      ]);
      const logged = stderr
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged).toContainEqual(expect.objectContaining({ level: "error", msg: "user sync failed" }));
      if (bare.env.DATABASE_URL) expect(stderr).not.toContain(bare.env.DATABASE_URL);
    } finally {
      await bare.drop();
    }
  });
});

if (process.env.DATABASE_URL) {
  // The production path: DB_ENV=production + DB_SECRET_ARN, the RDS-generated secret fetched from
  // Secrets Manager (here a local stand-in reached through the SDK's AWS_ENDPOINT_URL_SECRETS_MANAGER).
  describe("the built bundle in plain Node with DB_SECRET_ARN", () => {
    let tdb: TestDatabase;
    let server: Server;
    const calls: Array<{ target: string | undefined; body: string }> = [];
    const password = `pw-${randomBytes(8).toString("hex")}`;
    beforeAll(async () => {
      tdb = await createTestDatabase("postgres");
      const url = new URL(process.env.DATABASE_URL!);
      const secret = {
        engine: "postgres",
        host: url.hostname,
        port: Number(url.port || 5432),
        username: decodeURIComponent(url.username),
        password,
        dbname: url.pathname.slice(1),
      };
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c));
        req.on("end", () => {
          calls.push({ target: req.headers["x-amz-target"] as string | undefined, body });
          res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
          res.end(
            JSON.stringify({
              ARN: JSON.parse(body).SecretId,
              Name: "authhub-db",
              SecretString: JSON.stringify(secret),
              VersionId: "v1",
            }),
          );
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await tdb.drop();
    });

    it("fetches the secret once per container and never prints the password", async () => {
      const schema = new URL(tdb.env.DATABASE_URL!).searchParams.get("options")!;
      const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:authhub-db-AbCdEf";
      const { results, stdout, stderr } = await invokeBundle(
        {
          DB_ENV: "production",
          DB_SECRET_ARN: arn,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          // The secret names no schema; libpq-style PGOPTIONS points this connection at the test's.
          PGOPTIONS: schema,
        },
        "pre-token-generation-v1-authentication.json",
        "pre-token-generation-v2-authentication.json",
      );
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      expect(results[0]!.event.response.claimsOverrideDetails.claimsToAddOrOverride.db_user_id).toMatch(/^\d+$/);
      expect(calls).toEqual([{ target: "secretsmanager.GetSecretValue", body: JSON.stringify({ SecretId: arn }) }]);
      expect(stdout + stderr).not.toContain(password);
    });
  });
}
