/**
 * The admin console in production mode (issue #26, ADR 0052), over real HTTP against the real server:
 * every route refuses without a session; sign-in with an admin credential or as a member of the admin
 * group through the pool's own password and MFA; CSRF; the audit log; no development views; and the
 * configuration refusals. SQLite always, PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { ConfigError } from "../src/config/errors.js";
import { databaseOptions, testEngines, type TestDatabase } from "./support/engines.js";
import { ConsoleClient, rawRequest } from "./support/console.js";
import { setUpTotp, totpCode } from "./support/mfa.js";
import {
  adminClient,
  CLIENT_ID,
  CLIENT_SECRET,
  type EngineUserpool,
  GOOD_PASSWORD,
  POOL_ID,
  productionOptions,
  SECRET_CLIENT_ID,
  startTestUserpool,
  startTestUserpoolOn,
  testConfig,
  uniqueEmail,
} from "./support/userpool.js";

const GROUP = "console-admins";
const CONSOLE = { enabled: true, adminUserPoolId: POOL_ID, adminGroup: GROUP, adminClientId: CLIENT_ID };

/** Every console API route but `session` and `sign-in*`, each of which must refuse without a session. */
const ROUTES: [string, string, unknown?][] = [
  ["POST", "/sign-out", {}],
  ["POST", "/op/ListUsers", { UserPoolId: POOL_ID }],
  ["POST", "/op/AdminDisableUser", { UserPoolId: POOL_ID, Username: "x" }],
  ["POST", "/op/NoSuchOperation", {}],
  ["GET", "/audit"],
  ["POST", "/tokens/inspect", { token: "a.b.c" }],
  ["GET", "/dev/mailbox"],
  ["GET", "/dev/sms"],
  ["GET", "/dev/requests"],
  ["GET", "/no-such-route"],
];

describe.each(testEngines())("admin console, production mode, on $name", (engine) => {
  let up: EngineUserpool;
  let dataDir: string;
  const secret = productionOptions().adminCredentials!.AKIDPROD!;
  const member = uniqueEmail("console-admin");
  const outsider = uniqueEmail("console-outsider");
  const mfaMember = uniqueEmail("console-mfa");
  let totpSecret: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "console-prod-"));
    up = await startTestUserpoolOn(engine, {
      ...productionOptions(),
      adminCredentials: { AKIDPROD: secret },
      dataDir,
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
      console: CONSOLE,
    });
    const admin = adminClient(up.url, { accessKeyId: "AKIDPROD", secretAccessKey: secret });
    up = { ...up, admin };
    await admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: GROUP }));
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: POOL_ID,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    for (const name of [member, outsider, mfaMember]) {
      await admin.send(new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: name, MessageAction: "SUPPRESS" }));
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: POOL_ID,
          Username: name,
          Password: GOOD_PASSWORD,
          Permanent: true,
        }),
      );
    }
    for (const name of [member, mfaMember])
      await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: name, GroupName: GROUP }));
    const auth = await admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: mfaMember, PASSWORD: GOOD_PASSWORD },
      }),
    );
    totpSecret = await setUpTotp(admin, auth.AuthenticationResult!.AccessToken!, systemClock, { prefer: true });
  });
  afterAll(async () => {
    await up?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses every console route without a session (401 no_session); session says signed out", async () => {
    const c = new ConsoleClient(up.url);
    const s = await c.get("/session");
    expect(s.status).toBe(200);
    expect(s.json).toEqual({ mode: "production", signedIn: false });
    for (const [method, path, body] of ROUTES) {
      const r = await c.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.json, `${method} ${path}`).toEqual({ error: "no_session", message: expect.any(String) });
    }
    // A forged cookie is no session either.
    const forged = new ConsoleClient(up.url);
    forged.cookie = `authhub_console=${"A".repeat(43)}`;
    expect((await forged.get("/audit")).status).toBe(401);
  });

  it("refuses wrong passwords, unknown users, other pools and non-members alike: 401 sign_in_failed", async () => {
    const c = new ConsoleClient(up.url);
    const attempts = [
      { userPoolId: POOL_ID, username: member, password: "Wrong-Password-1!" },
      { userPoolId: POOL_ID, username: uniqueEmail("nobody"), password: GOOD_PASSWORD },
      { userPoolId: "us-east-1_OtherPoo1", username: member, password: GOOD_PASSWORD },
      { userPoolId: POOL_ID, username: outsider, password: GOOD_PASSWORD },
      { accessKeyId: "AKIDPROD", secretAccessKey: `${secret}x` },
      { accessKeyId: "AKIDNONE", secretAccessKey: secret },
    ];
    for (const body of attempts) {
      const r = await c.post("/sign-in", body);
      expect(r.status, JSON.stringify(body)).toBe(401);
      expect(r.json, JSON.stringify(body)).toEqual({ error: "sign_in_failed", message: "Sign-in failed." });
      expect(r.headers["set-cookie"]).toBeUndefined();
    }
    expect((await c.post("/sign-in", { userPoolId: POOL_ID })).status).toBe(400);
  });

  it("signs an admin group member in (Secure cookie); operations need CSRF, are audited; no dev views", async () => {
    const c = new ConsoleClient(up.url);
    const r = await c.post("/sign-in", { userPoolId: POOL_ID, username: member, password: GOOD_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      signedIn: true,
      who: expect.stringContaining(POOL_ID),
      csrfToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(c.lastSetCookie).toMatch(/HttpOnly; SameSite=Strict; Max-Age=28800; Secure$/);
    expect((await c.get("/session")).json).toMatchObject({ mode: "production", signedIn: true, who: r.json.who });

    expect((await c.post("/op/ListUsers", { UserPoolId: POOL_ID }, { csrf: false })).status).toBe(403);
    expect(
      (await c.post("/op/ListUsers", { UserPoolId: POOL_ID }, { headers: { "x-csrf-token": "nope" } })).json.error,
    ).toBe("csrf");
    // Production: an http:// Origin is not the console's own (it is served over https behind its proxy).
    const insecure = await c.post("/op/ListUsers", { UserPoolId: POOL_ID }, { headers: { origin: up.url } });
    expect(insecure.status).toBe(403);
    const list = await c.op("ListUsers", { UserPoolId: POOL_ID });
    expect(list.status).toBe(200);
    expect(list.json.Users.length).toBeGreaterThanOrEqual(3);
    const disabled = await c.op("AdminDisableUser", { UserPoolId: POOL_ID, Username: outsider });
    expect(disabled.status).toBe(200);
    expect((await c.op("InitiateAuth", {})).status).toBe(404);

    for (const path of ["/dev/mailbox", "/dev/sms", "/dev/requests"]) {
      const d = await c.get(path);
      expect(d.status, path).toBe(404);
      expect(d.json, path).toEqual({ error: "not_found", message: expect.any(String) });
    }

    const entries = (await c.get("/audit?limit=50")).json.entries as Record<string, string>[];
    expect(entries[0]).toMatchObject({
      operation: "AdminDisableUser",
      who: r.json.who,
      target: outsider,
      outcome: "ok",
    });
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: "SignIn", who: r.json.who, userPoolId: POOL_ID, outcome: "ok" }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: "SignIn", who: outsider, outcome: "NotAdminGroupMember" }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: "SignIn", who: member, outcome: "NotAuthorizedException" }),
    );

    const out = await c.post("/sign-out");
    expect(out.status).toBe(204);
    expect((await c.get("/audit")).status).toBe(401);
  });

  it("asks a member with an authenticator app for its code; the step is single-use", async () => {
    const c = new ConsoleClient(up.url);
    const first = await c.post("/sign-in", { userPoolId: POOL_ID, username: mfaMember, password: GOOD_PASSWORD });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ signedIn: false, challenge: "SOFTWARE_TOKEN_MFA", step: expect.any(String) });
    expect(c.cookie).toBeUndefined();
    const wrong = await c.post("/sign-in/respond", { step: first.json.step, code: "000000" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe("sign_in_failed");
    // The step was used up by the wrong answer.
    const code = totpCode(totpSecret, systemClock, 30_000);
    expect((await c.post("/sign-in/respond", { step: first.json.step, code })).status).toBe(401);

    const second = await c.post("/sign-in", { userPoolId: POOL_ID, username: mfaMember, password: GOOD_PASSWORD });
    // A malformed answer is refused before the step is used up: the right code still works after it.
    expect((await c.post("/sign-in/respond", { step: second.json.step })).status).toBe(400);
    const ok = await c.post("/sign-in/respond", { step: second.json.step, code });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ signedIn: true, who: expect.stringContaining(POOL_ID) });
    expect((await c.op("ListUsers", { UserPoolId: POOL_ID, Limit: 1 })).status).toBe(200);
    expect((await c.post("/sign-in/respond", { step: second.json.step, code })).status).toBe(401);
  });

  it("signs an admin credential in; sign-in refuses another Origin", async () => {
    const c = new ConsoleClient(up.url);
    const evil = await c.post(
      "/sign-in",
      { accessKeyId: "AKIDPROD", secretAccessKey: secret },
      {
        headers: { origin: "https://evil.example" },
      },
    );
    expect(evil.status).toBe(403);
    expect(evil.json.error).toBe("csrf");
    const r = await c.post("/sign-in", { accessKeyId: "AKIDPROD", secretAccessKey: secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ signedIn: true, who: "admin credential AKIDPROD" });
    const created = await c.op("CreateGroup", { UserPoolId: POOL_ID, GroupName: "made-by-console" });
    expect(created.status).toBe(200);
    const entries = (await c.get("/audit?limit=3")).json.entries as Record<string, string>[];
    expect(entries[0]).toMatchObject({
      operation: "CreateGroup",
      who: "admin credential AKIDPROD",
      target: "made-by-console",
    });
  });

  it("keeps no secret in its tables: no password, admin secret, session cookie or MFA step", async () => {
    const c = new ConsoleClient(up.url);
    const first = await c.post("/sign-in", { userPoolId: POOL_ID, username: mfaMember, password: GOOD_PASSWORD });
    await c.post("/sign-in", { accessKeyId: "AKIDPROD", secretAccessKey: secret });
    const sessionId = c.cookie!.split("=")[1]!;
    const dump = JSON.stringify([
      (await sql`select * from console_audit`.execute(up.store.db)).rows,
      (await sql`select * from console_sessions`.execute(up.store.db)).rows,
    ]);
    for (const s of [GOOD_PASSWORD, "Wrong-Password-1!", secret, sessionId, first.json.step, c.csrf!])
      expect(dump).not.toContain(s);
  });

  it("serves no console pages without consoleDir: /_console/ is a JSON 404", async () => {
    const r = await rawRequest(up.url, "GET", "/_console/");
    expect(r.status).toBe(404);
    // Naming the setting that serves them, never a path of the server.
    expect(r.json).toEqual({ error: "not_found", message: expect.stringContaining("USERPOOL_CONSOLE_DIR") });
  });
});

describe.each(testEngines())("admin console configuration in production, on $name", (engine) => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await engine.create();
    dataDir = mkdtempSync(join(tmpdir(), "console-prod-cfg-"));
  });
  afterAll(async () => {
    await db?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  // One data key for every start on this database (a start stores a check value sealed with it).
  const dataKey = productionOptions().dataKey!;
  const start = (o: Parameters<typeof startTestUserpool>[0]) =>
    startTestUserpool({
      ...productionOptions(),
      ...databaseOptions(db),
      dataKey,
      dataDir,
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
      ...o,
    });

  it("is off unless enabled: every /_console path answers 404", async () => {
    const up = await start({});
    try {
      for (const path of ["/_console/api/session", "/_console/", "/_console/api/audit"]) {
        const r = await rawRequest(up.url, "GET", path);
        expect(r.status, path).toBe(404);
        expect(r.json.error, path).toBe("not_found");
      }
      const signIn = await new ConsoleClient(up.url).post("/sign-in", { accessKeyId: "a", secretAccessKey: "b" });
      expect(signIn.status).toBe(404);
    } finally {
      await up.close();
    }
  });

  it("refuses an incomplete or impossible admin group or a bad audit retention, naming the setting", async () => {
    const cases: [Parameters<typeof startTestUserpool>[0], RegExp][] = [
      [
        { console: { enabled: true, adminGroup: GROUP } },
        /USERPOOL_CONSOLE_ADMIN_GROUP is set but USERPOOL_CONSOLE_ADMIN_POOL, USERPOOL_CONSOLE_ADMIN_CLIENT are not/,
      ],
      [
        { console: { ...CONSOLE, adminUserPoolId: "us-east-1_NoSuchPoo" } },
        /USERPOOL_CONSOLE_ADMIN_POOL names pool us-east-1_NoSuchPoo, which does not exist/,
      ],
      [
        { console: { ...CONSOLE, adminClientId: SECRET_CLIENT_ID } },
        /USERPOOL_CONSOLE_ADMIN_CLIENT: client \w+ has a secret/,
      ],
      [
        { console: { ...CONSOLE, adminClientId: "nosuchclient00000000000001" } },
        /is not a client of us-east-1_TestPool1/,
      ],
      [{ env: { USERPOOL_CONSOLE: "yes" } }, /USERPOOL_CONSOLE must be "on" or "off"; got "yes"/],
      [{ consoleDir: "relative/dist" }, /USERPOOL_CONSOLE_DIR must be an absolute path/],
      // The audit log's retention (ADR 0056): refused, never accepted and ignored.
      [
        { env: { USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "0" } },
        /USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS must be an integer 1\.\.3650 \(days\); got "0"/,
      ],
      [
        { console: { enabled: true, auditRetentionDays: 3651 } },
        /console\.auditRetentionDays must be an integer 1\.\.3650 \(days\); got "3651"/,
      ],
      [{ config: { ...testConfig(), Console: { AuditRetentionDays: 36.5 } } }, /Console\.AuditRetentionDays: /],
    ];
    for (const [o, message] of cases) {
      const err = await start(o).catch((e: unknown) => e);
      expect(err, String(message)).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it("counts sign-ins against the per-address InitiateAuth limit, as other sign-ins", async () => {
    const up = await start({ console: { enabled: true }, rateLimits: { mode: "on", addresses: { InitiateAuth: 2 } } });
    try {
      const c = new ConsoleClient(up.url);
      const wrong = { accessKeyId: "AKIDPROD", secretAccessKey: "wrong" };
      expect((await c.post("/sign-in", wrong)).status).toBe(401);
      expect((await c.post("/sign-in", wrong)).status).toBe(401);
      const third = await c.post("/sign-in", wrong);
      expect(third.status).toBe(429);
      expect(third.json.error).toBe("too_many_requests");
    } finally {
      await up.close();
    }
  });

  it("reads the settings from USERPOOL_CONSOLE_* variables", async () => {
    const up = await start({
      env: {
        TEST_CLIENT_SECRET: CLIENT_SECRET,
        USERPOOL_CONSOLE: "on",
        USERPOOL_CONSOLE_ADMIN_POOL: POOL_ID,
        USERPOOL_CONSOLE_ADMIN_GROUP: GROUP,
        USERPOOL_CONSOLE_ADMIN_CLIENT: CLIENT_ID,
      },
    });
    try {
      const s = await new ConsoleClient(up.url).get("/session");
      expect(s.json).toEqual({ mode: "production", signedIn: false });
    } finally {
      await up.close();
    }
  });
});
