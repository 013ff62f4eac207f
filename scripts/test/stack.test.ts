/** startStack without a browser: every service up on free ports, data kept across starts, clear refusals. */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer, type Server } from "node:net";
import { createAppDb } from "@authhub/appdb";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminClient } from "../lib/demoAccounts.js";
import { PortInUseError, startStack, USERPOOL_SCHEMA, type RunningStack } from "../stack.js";
import { logSink, testDatabases, type TestDatabases } from "./support.js";

const FREE = { userpool: 0, userpoolHttps: 0, api: 0, web: 0 };

/** A raw GET whose path the client does not normalise (fetch would resolve `..` itself). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

/** GET over HTTPS trusting only `ca` (the development CA), as a developer who trusted it would. */
function rawHttpsGet(port: number, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: "localhost", port, path, method: "GET", ca }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

async function userStatus(stack: RunningStack, username: string) {
  const client = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
  try {
    const out = await client.send(new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: username }));
    return {
      status: out.UserStatus,
      emailVerified: out.UserAttributes?.find((a) => a.Name === "email_verified")?.Value,
    };
  } finally {
    client.destroy();
  }
}

describe("startStack", () => {
  let dbs: TestDatabases;
  beforeAll(async () => {
    dbs = await testDatabases("stack");
  });
  afterAll(async () => {
    await dbs?.cleanup();
  });

  it("starts the userpool, API and web app, each answering as it promises", async () => {
    const log = logSink();
    const stdout = vi.spyOn(process.stdout, "write");
    const stack = await startStack({ ports: FREE, ...dbs.options, logOutput: log, env: {} });
    try {
      // The in-process user-sync function logs through the userpool's logger, formatted like every other line
      // (its import at start opens the app database), never as a raw JSON line among them. The start warms the
      // functions in the background (ADR 0054), so the line may come after startStack resolves.
      await vi.waitFor(
        () => expect(log.lines.join("")).toMatch(/ userpool +INFO +app database opened .*source=trigger/),
        {
          timeout: 20_000,
          interval: 50,
        },
      );
      expect(stdout.mock.calls.map(([chunk]) => String(chunk)).join("")).not.toContain('"msg":"app database opened"');
      stdout.mockRestore();
      expect(new Set(Object.values(stack.ports)).size).toBe(4);

      // Web: the built app, client-side routes fall back to index.html, nothing outside the build is served.
      const index = await fetch(stack.urls.web);
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await index.text();
      expect(html).toContain('<div id="root">');
      expect(await (await fetch(new URL("/login", stack.urls.web))).text()).toBe(html);
      expect((await fetch(new URL("/assets/missing.js", stack.urls.web))).status).toBe(404);
      expect((await fetch(stack.urls.web, { method: "POST" })).status).toBe(405);
      for (const path of ["/../../package.json", "/..%2f..%2fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
        const res = await rawGet(stack.ports.web, path);
        expect(res.status, path).toBe(404);
        expect(res.body, path).not.toContain('"workspaces"');
      }
      // The bundle was built for this stack's ports, not the defaults.
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      const bundle = await (await fetch(new URL(script!, stack.urls.web))).text();
      // (Plain booleans: a failing toContain would print the whole bundle.)
      expect(
        bundle.includes(`"${stack.urls.api}"`) || bundle.includes(`\`${stack.urls.api}\``),
        "API URL baked in",
      ).toBe(true);
      expect(bundle.includes(stack.urls.userpool), "userpool endpoint baked in").toBe(true);
      // A production build: React's development-only warnings are not in it.
      expect(bundle.includes("react-stack-top-frame"), "React production build").toBe(false);

      // API: public root, protected /users, CORS for the web origin only.
      expect(((await (await fetch(stack.urls.api)).json()) as { message: string }).message).toBe(
        "Hello from the Authhub API",
      );
      const users = await fetch(`${stack.urls.api}/users`);
      expect(users.status).toBe(401);
      const preflight = await fetch(`${stack.urls.api}/users`, {
        method: "OPTIONS",
        headers: {
          Origin: stack.urls.web.replace(/\/$/, ""),
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "authorization",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBe(stack.urls.web.replace(/\/$/, ""));

      // Userpool: the issuer's keys, the dev mailbox, the demo accounts ready to sign in.
      const jwks = (await (await fetch(`${stack.urls.issuer}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect((await fetch(stack.urls.mailbox)).status).toBe(200);
      // The hosted UI listens on HTTPS with the development CA the stack reports.
      expect(stack.devCaPath).toBe(`${dbs.dataDir}/userpool/tls/ca.pem`);
      const google = await rawHttpsGet(
        stack.ports.userpoolHttps,
        "/_dev/google/.well-known/openid-configuration",
        readFileSync(stack.devCaPath!, "utf8"),
      );
      expect(google.status).toBe(200);
      expect((JSON.parse(google.body) as { issuer: string }).issuer).toBe(`${stack.urls.userpoolHttps}/_dev/google`);
      // The development SAML IdP is registered at start from its own metadata (development mode only), with
      // single logout and the attribute mapping, and the web client offers it (VITE_IDENTITY_PROVIDERS).
      const samlMetadata = await rawHttpsGet(
        stack.ports.userpoolHttps,
        "/_dev/saml/metadata",
        readFileSync(stack.devCaPath!, "utf8"),
      );
      expect(samlMetadata.body).toContain(`entityID="${stack.urls.userpoolHttps}/_dev/saml"`);
      const admin = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
      try {
        const { IdentityProvider: devSaml } = await admin.send(
          new DescribeIdentityProviderCommand({ UserPoolId: stack.poolId, ProviderName: "DevSAML" }),
        );
        expect(devSaml).toMatchObject({
          ProviderType: "SAML",
          ProviderDetails: {
            MetadataURL: `${stack.urls.userpoolHttps}/_dev/saml/metadata`,
            IDPSignout: "true",
            SSORedirectBindingURI: `${stack.urls.userpoolHttps}/_dev/saml/sso`,
            SLORedirectBindingURI: `${stack.urls.userpoolHttps}/_dev/saml/slo`,
          },
          AttributeMapping: { email: "email", given_name: "given_name", family_name: "family_name" },
        });
        const { UserPoolClient: web } = await admin.send(
          new DescribeUserPoolClientCommand({ UserPoolId: stack.poolId, ClientId: stack.clientId }),
        );
        expect(web?.SupportedIdentityProviders).toContain("DevSAML");
      } finally {
        admin.destroy();
      }
      // …and the web app built for this stack has its button (VITE_IDENTITY_PROVIDERS, baked into the bundle).
      expect(bundle.includes("Google,Facebook,SignInWithApple,LoginWithAmazon,DevSAML")).toBe(true);
      // The issuer's discovery document sends OAuth clients to that listener.
      const discovery = (await (await fetch(`${stack.urls.issuer}/.well-known/openid-configuration`)).json()) as {
        authorization_endpoint: string;
      };
      expect(discovery.authorization_endpoint).toBe(`${stack.urls.userpoolHttps}/oauth2/authorize`);
      for (const email of stack.demoAccounts.emails)
        expect(await userStatus(stack, email)).toEqual({ status: "CONFIRMED", emailVerified: "true" });

      // App database: migrated and seeded with the tutorial's four users.
      const rows = await stack.api.db.selectFrom("users").select("email").orderBy("id").execute();
      expect(rows.map((r) => r.email)).toEqual([
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
        "dave@example.com",
      ]);

      // Each service logs through the formatter, tagged with its name.
      expect(log.lines.some((l) => / userpool +INFO +userpool listening/.test(l))).toBe(true);
      expect(log.lines.some((l) => / api +INFO +api listening/.test(l))).toBe(true);
    } finally {
      await stack.close();
    }
    // Closed means closed: every port can be bound again.
    for (const port of Object.values(stack.ports)) {
      await expect(rawGet(port, "/")).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it("a second start on the same data keeps the pool's users and the app's rows", async () => {
    const first = await startStack({ ports: FREE, ...dbs.options, logOutput: logSink(), env: {} });
    const marker = `kept-${Date.now()}@example.com`;
    try {
      const client = adminClient({ endpoint: first.urls.userpool, ...first.admin });
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: first.poolId,
          Username: marker,
          MessageAction: "SUPPRESS",
          UserAttributes: [{ Name: "email", Value: marker }],
        }),
      );
      client.destroy();
      await first.api.db
        .insertInto("users")
        .values({ sub: `sub-${marker}`, email: marker })
        .execute();
    } finally {
      await first.close();
    }

    const progress: string[] = [];
    const second = await startStack({
      ports: FREE,
      ...dbs.options,
      logOutput: logSink(),
      env: {},
      onProgress: (m) => progress.push(m),
    });
    try {
      // The committed pool allows e-mail codes, so AdminCreateUser without a TemporaryPassword made a passwordless,
      // confirmed user (API reference, AdminCreateUser TemporaryPassword); the second start still has it.
      expect((await userStatus(second, marker)).status).toBe("CONFIRMED");
      const emails = (await second.api.db.selectFrom("users").select("email").execute()).map((r) => r.email);
      expect(emails).toContain(marker);
      expect(emails).toContain("alice@example.com");
      // Not seeded again: seeding would have deleted the marker row.
      expect(progress).toContain(`app database migrated (${emails.length} users kept)`);
      for (const email of second.demoAccounts.emails)
        expect((await userStatus(second, email)).status).toBe("CONFIRMED");
    } finally {
      await second.close();
    }
  });

  it("refuses a taken port before starting anything, naming it", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const taken = (blocker.address() as { port: number }).port;
    const log = logSink();
    try {
      const err = await startStack({ ports: { ...FREE, api: taken }, ...dbs.options, logOutput: log, env: {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as Error).message).toContain(`port ${taken} (API) is already in use`);
      expect((err as Error).message).toContain("npm start -- --api-port");
      expect(log.lines).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it("refuses a PostgreSQL setup it cannot run", async () => {
    const url = "postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dx";
    await expect(
      startStack({
        ports: FREE,
        dataDir: dbs.dataDir,
        databaseUrl: url,
        userpoolDatabaseUrl: url,
        logOutput: logSink(),
      }),
    ).rejects.toThrow(/same URL with its own `options`/);
    await expect(
      startStack({ ports: FREE, dataDir: dbs.dataDir, databaseUrl: url, logOutput: logSink() }),
    ).rejects.toThrow(/set both DATABASE_URL and USERPOOL_DATABASE_URL/);
    await expect(
      startStack({
        ports: FREE,
        dataDir: dbs.dataDir,
        databaseUrl: "mysql://x",
        userpoolDatabaseUrl: url,
        logOutput: logSink(),
      }),
    ).rejects.toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  // One database named twice (as the README's test command does): the pool's users table must not meet the app's.
  if (process.env.DATABASE_URL) {
    it("one PostgreSQL database for both: the pool gets its own schema", async () => {
      const base = process.env.DATABASE_URL!;
      const name = `authhub_stack_${Date.now().toString(36)}`;
      const admin = await createAppDb({ engine: "postgres", connectionString: base });
      await sql`create database ${sql.id(name)}`.execute(admin);
      const url = new URL(base);
      url.pathname = `/${name}`;
      url.search = "";
      try {
        const stack = await startStack({
          ports: FREE,
          dataDir: dbs.dataDir,
          databaseUrl: url.href,
          userpoolDatabaseUrl: url.href,
          logOutput: logSink(),
          env: {},
        });
        try {
          expect(stack.databases.userpool).toContain(`search_path%3D${USERPOOL_SCHEMA}`);
          expect((await stack.api.db.selectFrom("users").select("email").execute()).length).toBe(4);
          for (const email of stack.demoAccounts.emails)
            expect((await userStatus(stack, email)).status).toBe("CONFIRMED");
        } finally {
          await stack.close();
        }
        const db = await createAppDb({ engine: "postgres", connectionString: url.href });
        const tables = await sql<{
          schema: string;
          table: string;
        }>`select table_schema as schema, table_name as "table" from information_schema.tables
          where table_name = 'users' order by 1`.execute(db);
        await db.destroy();
        expect(tables.rows).toEqual([
          { schema: USERPOOL_SCHEMA, table: "users" },
          { schema: "public", table: "users" },
        ]);
      } finally {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
        await admin.destroy();
      }
    });
  }
});
