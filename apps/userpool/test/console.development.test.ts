/**
 * The admin console in development mode (issue #26, ADR 0052), over real HTTP against the real server:
 * the loopback session, CSRF and Origin, the operation proxy and its audit log, the development views,
 * the token inspector and the static pages. SQLite always, PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { rmSync } from "node:fs";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { ConsoleClient, consoleDirFixture, rawRequest } from "./support/console.js";
import { TEST_SMS_CONFIGURATION } from "./support/fakes.js";
import { adminAt } from "./support/lifecycle.js";
import {
  CLIENT_ID,
  type EngineUserpool,
  GOOD_PASSWORD,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
} from "./support/userpool.js";

const SECRET_PASSWORD = "Very-Secret-Pass-42!";

describe.each(testEngines())("admin console, development mode, on $name", (engine) => {
  let up: EngineUserpool;
  let fixture: ReturnType<typeof consoleDirFixture>;
  let c: ConsoleClient;
  const clock = new ManualClock();
  const username = uniqueEmail("console-dev");

  beforeAll(async () => {
    fixture = consoleDirFixture();
    // One trusted proxy hop: a request can then come "from" a non-loopback address through X-Forwarded-For.
    up = await startTestUserpoolOn(engine, { consoleDir: fixture.dir, clock, rateLimits: { trustedProxyHops: 1 } });
    up = { ...up, admin: adminAt(up.url, clock) };
    await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: username, MessageAction: "SUPPRESS" }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: username,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    c = new ConsoleClient(up.url);
  });
  afterAll(async () => {
    await up?.stop();
    if (fixture) rmSync(fixture.root, { recursive: true, force: true });
  });

  it("opens a loopback client a session without a sign-in; cookie HttpOnly, SameSite=Strict", async () => {
    const r = await c.get("/session");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ mode: "development", signedIn: true, who: "local developer" });
    expect(r.json.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(Date.parse(r.json.expiresAt)).toBeGreaterThan(clock.now().getTime());
    expect(c.lastSetCookie).toMatch(/^authhub_console=[A-Za-z0-9_-]{43}; Path=\/_console; HttpOnly; SameSite=Strict/);
    // The same session again, not a new one.
    const before = c.cookie;
    const again = await c.get("/session");
    expect(again.json).toMatchObject({ signedIn: true, csrfToken: r.json.csrfToken });
    expect(c.cookie).toBe(before);
  });

  it("refuses a non-loopback client: by Host (DNS rebinding) and by address (behind the trusted proxy)", async () => {
    for (const headers of [{ host: "console.example.com" }, { "x-forwarded-for": "203.0.113.9" }]) {
      const remote = new ConsoleClient(up.url, headers);
      const s = await remote.get("/session");
      expect(s.status).toBe(200);
      expect(s.json).toEqual({ mode: "development", signedIn: false });
      expect(s.headers["set-cookie"]).toBeUndefined();
      const signIn = await remote.post("/sign-in", { username: "x", password: "y", userPoolId: POOL_ID });
      expect(signIn.status).toBe(403);
      expect(signIn.json).toEqual({ error: "loopback_only", message: expect.any(String) });
      expect((await remote.op("ListUsers", { UserPoolId: POOL_ID })).json.error).toBe("loopback_only");
      // A loopback session's cookie carried to a non-loopback request is refused too.
      remote.cookie = c.cookie;
      remote.csrf = c.csrf;
      const carried = await remote.op("ListUsers", { UserPoolId: POOL_ID });
      expect(carried.status).toBe(403);
      expect(carried.json.error).toBe("loopback_only");
    }
  });

  it("checks CSRF: a missing or wrong X-CSRF-Token, or another Origin, is a 403", async () => {
    const body = { UserPoolId: POOL_ID };
    const missing = await c.post("/op/ListUsers", body, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.json.error).toBe("csrf");
    const wrong = await c.post("/op/ListUsers", body, { headers: { "x-csrf-token": `${c.csrf}x` } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toBe("csrf");
    const evil = await c.post("/op/ListUsers", body, { headers: { origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.json.error).toBe("csrf");
    const own = await c.post("/op/ListUsers", body, { headers: { origin: up.url } });
    expect(own.status).toBe(200);
    // A form post (no JSON content type) never reaches the operation.
    const form = await c.post("/op/ListUsers", body, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });

  it("runs ListUsers and AdminDisableUser in-process; Cognito errors keep Cognito's shape", async () => {
    const list = await c.op("ListUsers", { UserPoolId: POOL_ID, Filter: `email = "${username}"` });
    expect(list.status).toBe(200);
    expect(list.headers["content-type"]).toMatch(/^application\/json/);
    expect(list.json.Users.map((u: { Username: string }) => u.Username)).toHaveLength(1);
    expect(list.json.Users[0].Attributes).toContainEqual({ Name: "email", Value: username });

    const disable = await c.op("AdminDisableUser", { UserPoolId: POOL_ID, Username: username });
    expect(disable.status).toBe(200);
    expect(disable.json).toEqual({});
    const got = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: username }));
    expect(got.Enabled).toBe(false);
    await c.op("AdminEnableUser", { UserPoolId: POOL_ID, Username: username });

    const missing = await c.op("AdminDisableUser", { UserPoolId: POOL_ID, Username: "nobody@example.com" });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ __type: "UserNotFoundException", message: expect.any(String) });
    // Validated by the operation's own input schema.
    const bad = await c.op("ListUsers", { UserPoolId: "not a pool", Limit: 1000 });
    expect(bad.status).toBe(400);
    expect(bad.json.__type).toBe("InvalidParameterException");
  });

  it("answers 404 unknown_operation for operations off the allowlist (a public one, an unknown one)", async () => {
    for (const name of ["InitiateAuth", "SignUp", "AdminInitiateAuth", "NoSuchOperation", "constructor"]) {
      const r = await c.op(name, {});
      expect(r.status, name).toBe(404);
      expect(r.json, name).toEqual({ error: "unknown_operation", message: expect.any(String) });
    }
  });

  it("writes an audit entry per mutating call, with outcome and target, and never a password", async () => {
    const set = await c.op("AdminSetUserPassword", {
      UserPoolId: POOL_ID,
      Username: username,
      Password: SECRET_PASSWORD,
      Permanent: true,
    });
    expect(set.status).toBe(200);
    const reads = (await c.get("/audit?limit=200")).json.entries as { operation: string }[];
    expect(reads.some((e) => e.operation === "ListUsers")).toBe(false);
    const r = await c.get("/audit?limit=5");
    expect(r.status).toBe(200);
    const [newest] = r.json.entries;
    expect(newest).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      who: "local developer",
      operation: "AdminSetUserPassword",
      userPoolId: POOL_ID,
      target: username,
      outcome: "ok",
    });
    const all = (await c.get("/audit?limit=200")).json.entries as Record<string, string>[];
    expect(all).toContainEqual(
      expect.objectContaining({
        operation: "AdminDisableUser",
        target: "nobody@example.com",
        outcome: "UserNotFoundException",
      }),
    );
    expect(all).toContainEqual(
      expect.objectContaining({ operation: "AdminDisableUser", target: username, outcome: "ok" }),
    );
    // Paging: `next` leads to older entries only.
    const page = await c.get("/audit?limit=2");
    expect(page.json.entries).toHaveLength(2);
    const older = await c.get(`/audit?limit=2&before=${page.json.next}`);
    expect(Number(older.json.entries[0].id)).toBeLessThan(Number(page.json.entries[1].id));
    // Neither the answers nor the table hold the password.
    const rows = await sql`select * from console_audit`.execute(up.store.db);
    expect(JSON.stringify(rows.rows)).not.toContain(SECRET_PASSWORD);
    expect(JSON.stringify(all)).not.toContain(SECRET_PASSWORD);
    expect((await c.get("/audit?limit=0")).status).toBe(400);
    expect((await c.get("/audit?before=abc")).status).toBe(400);
  });

  it("filters the audit log by exact actor and operation, pages within the filter, refuses bad filters", async () => {
    // Other actors' entries, as a production console with several admins writes them.
    const alice = `alice-${clock.now().getTime()}@example.com`;
    const bob = `bob-${clock.now().getTime()}@example.com`;
    const at = clock.now().getTime();
    for (const [i, who] of [alice, bob, alice, alice, bob, alice].entries())
      await up.store.consoleAudit.append({
        at: at + i,
        who,
        operation: i % 2 ? "AdminDeleteUser" : "AdminDisableUser",
        userPoolId: POOL_ID,
        target: `user${i}`,
        outcome: "ok",
      });
    const get = async (query: Record<string, string>) => {
      const r = await c.get(`/audit?${new URLSearchParams(query)}`);
      expect(r.status, JSON.stringify(query)).toBe(200);
      return r.json as { entries: Record<string, string>[]; next?: string };
    };
    const aliceAll = await get({ who: alice });
    expect(aliceAll.entries.map((e) => e.target)).toEqual(["user5", "user3", "user2", "user0"]);
    expect(aliceAll.next).toBeUndefined();
    const deletes = await get({ operation: "AdminDeleteUser", who: alice });
    expect(deletes.entries.map((e) => [e.who, e.operation, e.target])).toEqual([
      [alice, "AdminDeleteUser", "user5"],
      [alice, "AdminDeleteUser", "user3"],
    ]);
    // The operation alone: every actor's, and no other operation.
    const anyone = await get({ operation: "AdminDeleteUser", limit: "200" });
    expect(anyone.entries.every((e) => e.operation === "AdminDeleteUser")).toBe(true);
    expect(anyone.entries.map((e) => e.who)).toEqual(expect.arrayContaining([alice, bob]));
    // Pages of one within the filter; `next` goes back with the same filter and reaches the end.
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page: { entries: Record<string, string>[]; next?: string } = await get({
        who: alice,
        operation: "AdminDisableUser",
        limit: "1",
        ...(next ? { before: next } : {}),
      });
      seen.push(...page.entries.map((e) => e.target!));
      next = page.next;
    } while (next);
    expect(seen).toEqual(["user2", "user0"]);
    // Exact: a prefix, or another case, is another actor.
    expect((await get({ who: alice.slice(0, 5) })).entries).toEqual([]);
    expect((await get({ who: alice.toUpperCase() })).entries).toEqual([]);

    for (const query of ["who=", "operation=", `who=${"x".repeat(513)}`, `operation=${"x".repeat(129)}`]) {
      const r = await c.get(`/audit?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json, query).toEqual({ error: "invalid_request", message: expect.stringMatching(/^(who|operation) /) });
    }
    for (const query of ["who=a&who=b", "operation=a&operation=a", "who=a%00b"])
      expect((await c.get(`/audit?${query}`)).status, query).toBe(400);
  });

  it("dev views: the mailbox with its codes, the SMS outbox, the request log without query strings", async () => {
    const email = uniqueEmail("console-mail");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    const mail = await c.get("/dev/mailbox?limit=10");
    expect(mail.status).toBe(200);
    const m = (mail.json.messages as { to: string; codes: string[]; text: string; subject: string }[]).find(
      (x) => x.to === email,
    );
    expect(m).toBeDefined();
    expect(m!.subject).toBe("Your code");
    expect(m!.codes).toHaveLength(1);
    expect(m!.text).toContain(m!.codes[0]);

    const pool = await up.admin.send(
      new CreateUserPoolCommand({ PoolName: "console-sms", SmsConfiguration: TEST_SMS_CONFIGURATION }),
    );
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.UserPool!.Id!,
        Username: "texted",
        UserAttributes: [{ Name: "phone_number", Value: "+15550100123" }],
        DesiredDeliveryMediums: ["SMS"],
      }),
    );
    const sms = await c.get("/dev/sms");
    expect(sms.status).toBe(200);
    expect(sms.json.messages[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      to: "+15550100123",
      text: expect.stringContaining("texted"),
    });

    await up.admin.send(new ListUsersCommand({ UserPoolId: POOL_ID, Limit: 1 }));
    await rawRequest(up.url, "GET", "/_dev/messages?to=someone%40example.com");
    const log = await c.get("/dev/requests?limit=50");
    expect(log.status).toBe(200);
    const requests = log.json.requests as {
      method: string;
      path: string;
      operation?: string;
      status: number;
      ms: number;
    }[];
    expect(requests).toContainEqual(
      expect.objectContaining({
        method: "POST",
        path: "/",
        operation: "ListUsers",
        status: 200,
        ms: expect.any(Number),
      }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ method: "GET", path: "/_dev/messages", status: 200 }));
    // The console's own calls by their full path, not the path inside its router.
    expect(requests).toContainEqual(
      expect.objectContaining({ method: "GET", path: "/_console/api/dev/sms", status: 200 }),
    );
    expect(requests.map((r) => r.path)).not.toContain("/dev/sms");
    expect(JSON.stringify(requests)).not.toContain("someone");
    // Newest first.
    expect(requests[0]!.path).toBe("/_dev/messages");
  });

  it("inspects tokens: valid for a real access token, invalid when altered, expired once past exp", async () => {
    const auth = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: SECRET_PASSWORD },
      }),
    );
    const token = auth.AuthenticationResult!.AccessToken!;
    const ok = await c.post("/tokens/inspect", { token });
    expect(ok.status).toBe(200);
    expect(ok.json.header).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    expect(ok.json.claims).toMatchObject({ token_use: "access", client_id: CLIENT_ID });
    expect(ok.json.signature).toEqual({ valid: true, kid: ok.json.header.kid, userPoolId: POOL_ID });
    expect(ok.json.expired).toBe(false);
    expect(Date.parse(ok.json.expiresAt)).toBe(ok.json.claims.exp * 1000);

    // Another subject in the payload, the signature kept: no longer the pool's signature.
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url")}.${s}`;
    const altered = await c.post("/tokens/inspect", { token: forged });
    expect(altered.status).toBe(200);
    expect(altered.json.signature).toMatchObject({ valid: false, reason: expect.stringContaining("signature") });
    expect(altered.json.claims.sub).toBe("someone-else");

    const notJwt = await c.post("/tokens/inspect", { token: "not-a-token" });
    expect(notJwt.status).toBe(400);
    expect(notJwt.json.error).toBe("invalid_token");

    clock.advance(2 * 3_600_000);
    // The session idled out meanwhile; loopback gets a new one.
    expect((await c.get("/session")).json.signedIn).toBe(true);
    const late = await c.post("/tokens/inspect", { token });
    expect(late.json.expired).toBe(true);
    expect(late.json.signature.valid).toBe(true);
  });

  it("the JSON API's root page in a browser links to the console when its pages are served", async () => {
    const res = await fetch(`${up.url}/`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<a href="${up.services.urls.base()}/_console/">Admin console</a>`);
  });

  it("serves index.html, client-side routes, immutable assets; nothing outside the directory", async () => {
    const index = await rawRequest(up.url, "GET", "/_console/");
    expect(index.status).toBe(200);
    expect(index.text).toBe(fixture.index);
    expect(index.headers["content-type"]).toMatch(/^text\/html/);
    expect(index.headers["cache-control"]).toBe("no-cache");
    expect(index.headers["x-frame-options"]).toBe("DENY");
    const deep = await rawRequest(up.url, "GET", "/_console/pools/us-east-1_TestPool1/users");
    expect(deep.text).toBe(fixture.index);
    const asset = await rawRequest(up.url, "GET", "/_console/assets/app-1234.js");
    expect(asset.status).toBe(200);
    expect(asset.text).toBe(fixture.asset);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await rawRequest(up.url, "GET", "/_console/assets/missing.js")).status).toBe(404);
    const bare = await rawRequest(up.url, "GET", "/_console");
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe("/_console/");
    for (const path of [
      "/_console/../secret.txt",
      "/_console/..%2fsecret.txt",
      "/_console/%2e%2e/secret.txt",
      "/_console/assets/..%2f..%2fsecret.txt",
      "/_console/assets/%2e%2e%5c..%5csecret.txt",
      "/_console/%00",
    ]) {
      const r = await rawRequest(up.url, "GET", path);
      expect(r.text, path).not.toContain(fixture.secret);
      expect([200, 404], path).toContain(r.status);
    }
    // An unknown API path is a JSON 404, never index.html.
    const api = await c.get("/no-such-route");
    expect(api.status).toBe(404);
    expect(api.json.error).toBe("not_found");
  });

  it("signs out: 204 (a bare POST, no body), the session is gone, and the sign-out is audited", async () => {
    const out = await c.call("POST", "/sign-out");
    expect(out.status).toBe(204);
    const old = c.csrf;
    expect(c.cookie).toBeUndefined();
    const s = await c.get("/session");
    expect(s.json.csrfToken).not.toBe(old);
    const entries = (await c.get("/audit?limit=5")).json.entries as Record<string, string>[];
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: "SignOut", who: "local developer", outcome: "ok" }),
    );
  });
});
