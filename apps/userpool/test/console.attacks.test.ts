/**
 * The admin console's HTTP surface under attack (ADR 0052, 0053): a corpus of hostile requests, sent in development
 * and in production mode over real HTTP, each with the exact answer it must get. The project's rule: every refusal
 * in the console's shape `{ error, message }` (Cognito's `{ __type, message }` for op/*), never a 500 or a stack
 * trace, nothing changed and nothing audited by a request that was refused before it ran, no secret in a log or
 * an answer. Each entry says which class of attack it covers. SQLite always, PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { GetGroupCommand } from "@aws-sdk/client-cognito-identity-provider";
import { SignJWT } from "jose";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { type ConsoleAnswer, ConsoleClient, consoleDirFixture, rawRequest } from "./support/console.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import {
  adminClient,
  CLIENT_SECRET,
  type EngineUserpool,
  POOL_ID,
  productionOptions,
  startTestUserpoolOn,
} from "./support/userpool.js";

type Mode = "development" | "production";
const API = "/_console/api";
const BODY_LIMIT = 2 * 1024 * 1024;

/** A console refusal: the status, the stable code, a message, never cached. */
function expectConsoleError(r: ConsoleAnswer, status: number, error: string, what = ""): void {
  expect(r.status, `${what} ${r.text.slice(0, 300)}`).toBe(status);
  expect(r.json, what).toEqual({ error, message: expect.any(String) });
  expect(r.headers["cache-control"], what).toBe("no-store");
  expect(r.headers["x-content-type-options"], what).toBe("nosniff");
}

/** A Cognito refusal from op/*: 400, `{ __type, message }`, the type also in x-amzn-ErrorType. */
function expectCognitoError(r: ConsoleAnswer, type: string, what = ""): void {
  expect(r.status, `${what} ${r.text.slice(0, 300)}`).toBe(400);
  expect(r.json, what).toEqual({ __type: type, message: expect.any(String) });
  expect(r.headers["x-amzn-errortype"], what).toBe(type);
}

/** No answer of any attack shows a stack trace or an engine's error. */
function expectNoLeak(r: ConsoleAnswer, what = ""): void {
  expect(r.status, what).not.toBe(500);
  expect(r.text, what).not.toMatch(/\n\s+at |node_modules|SQLITE|syntax error|violates|TypeError|RangeError/);
}

describe.each(testEngines())("admin console attack corpus on $name", (engine) => {
  describe.each<Mode>(["development", "production"])("in %s mode", (mode) => {
    let up: EngineUserpool;
    let fixture: ReturnType<typeof consoleDirFixture>;
    let dataDir: string;
    const clock = new ManualClock();
    const logs: string[] = [];
    const secret = productionOptions().adminCredentials!.AKIDPROD!;
    /** Every session id and CSRF token handed out: none may show up in a log. */
    const issued: string[] = [];

    beforeAll(async () => {
      fixture = consoleDirFixture();
      dataDir = mkdtempSync(join(tmpdir(), "console-attacks-"));
      const common = {
        consoleDir: fixture.dir,
        clock,
        logLevel: "debug" as const,
        logDestination: { write: (s: string) => void logs.push(s) },
      };
      up =
        mode === "development"
          ? await startTestUserpoolOn(engine, { ...common, rateLimits: { trustedProxyHops: 1 } })
          : await startTestUserpoolOn(engine, {
              ...productionOptions(),
              ...common,
              adminCredentials: { AKIDPROD: secret },
              dataDir,
              env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
              console: { enabled: true },
            });
      up = {
        ...up,
        admin:
          mode === "development"
            ? adminAt(up.url, clock)
            : adminClient(up.url, { accessKeyId: "AKIDPROD", secretAccessKey: secret }),
      };
    });
    afterAll(async () => {
      await up?.stop();
      if (fixture) rmSync(fixture.root, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    /** A signed-in console client: development's loopback session, production's admin credential. */
    async function signedIn(extra: Record<string, string> = {}): Promise<ConsoleClient> {
      const c = new ConsoleClient(up.url, extra);
      const r =
        mode === "development"
          ? await c.get("/session")
          : await c.post("/sign-in", { accessKeyId: "AKIDPROD", secretAccessKey: secret });
      expect(r.json).toMatchObject({ signedIn: true });
      issued.push(c.cookie!.split("=")[1]!, c.csrf!);
      return c;
    }

    /** A request with the client's cookie and CSRF token and a body sent exactly as given. */
    function send(
      c: ConsoleClient | undefined,
      method: string,
      path: string,
      o: { body?: string; type?: string | undefined; headers?: Record<string, string>; csrf?: boolean } = {},
    ): Promise<ConsoleAnswer> {
      const headers: Record<string, string> = {};
      if (c?.cookie) headers.cookie = c.cookie;
      if (c?.csrf && o.csrf !== false) headers["x-csrf-token"] = c.csrf;
      if (o.type !== undefined) headers["content-type"] = o.type;
      if (o.body !== undefined) headers["content-length"] = String(Buffer.byteLength(o.body));
      Object.assign(headers, o.headers);
      return rawRequest(up.url, method, path, { headers, ...(o.body !== undefined ? { body: o.body } : {}) });
    }

    const auditCount = async () =>
      Number(
        (await sql<{ n: number | string }>`select count(*) as n from console_audit`.execute(up.store.db)).rows[0]!.n,
      );
    const groupExists = (name: string) =>
      up.admin.send(new GetGroupCommand({ UserPoolId: POOL_ID, GroupName: name })).then(
        () => true,
        () => false,
      );

    it("refuses hostile bodies before they reach the operation: 400/413/415, nothing created or audited", async () => {
      const c = await signedIn();
      const group = (name: string) => JSON.stringify({ UserPoolId: POOL_ID, GroupName: name });
      const nest = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      const deep = `{"UserPoolId":"${POOL_ID}","GroupName":"deep","Description":${nest}}`;
      const corpus: { covers: string; body?: string; type?: string; status: number; error: string }[] = [
        { covers: "malformed JSON", body: '{"UserPoolId":', status: 400, error: "invalid_json" },
        { covers: "JSON with a trailing comma", body: `{"GroupName":"x",}`, status: 400, error: "invalid_json" },
        { covers: "not an object: array", body: "[]", status: 400, error: "invalid_request" },
        { covers: "not an object: array of objects", body: `[${group("arr")}]`, status: 400, error: "invalid_request" },
        { covers: "not an object: string", body: '"CreateGroup"', status: 400, error: "invalid_json" },
        { covers: "not an object: null", body: "null", status: 400, error: "invalid_json" },
        { covers: "not an object: number", body: "42", status: 400, error: "invalid_json" },
        { covers: "not an object: boolean", body: "true", status: 400, error: "invalid_json" },
        { covers: "whitespace only", body: "   ", status: 400, error: "invalid_json" },
        {
          covers: "over the body limit (memory exhaustion)",
          body: `{"UserPoolId":"${POOL_ID}","GroupName":"huge","Description":"${"a".repeat(BODY_LIMIT)}"}`,
          status: 413,
          error: "too_large",
        },
        {
          covers: "CSRF by simple request: form encoding",
          body: `UserPoolId=${POOL_ID}&GroupName=form`,
          type: "application/x-www-form-urlencoded",
          status: 415,
          error: "unsupported_media_type",
        },
        {
          covers: "CSRF by simple request: text/plain carrying JSON",
          body: group("plain"),
          type: "text/plain",
          status: 415,
          error: "unsupported_media_type",
        },
        {
          covers: "CSRF by simple request: multipart",
          body: "--x\r\n\r\n--x--",
          type: "multipart/form-data; boundary=x",
          status: 415,
          error: "unsupported_media_type",
        },
        { covers: "no Content-Type", body: group("untyped"), status: 415, error: "unsupported_media_type" },
        {
          covers: "a JSON-like media type",
          body: group("patch"),
          type: "application/json-patch+json",
          status: 415,
          error: "unsupported_media_type",
        },
        {
          covers: "charset trick: UTF-16",
          body: group("utf16"),
          type: "application/json; charset=utf-16",
          status: 415,
          error: "unsupported_media_type",
        },
        {
          covers: "charset trick: Latin-1",
          body: group("latin1"),
          type: "application/json; charset=iso-8859-1",
          status: 415,
          error: "unsupported_media_type",
        },
        {
          covers: "charset trick: unknown charset",
          body: group("nocharset"),
          type: "application/json; charset=x-evil",
          status: 415,
          error: "unsupported_media_type",
        },
      ];
      const before = await auditCount();
      for (const a of corpus) {
        const r = await send(c, "POST", `${API}/op/CreateGroup`, {
          ...(a.body !== undefined ? { body: a.body } : {}),
          type: a.type ?? (a.covers === "no Content-Type" ? undefined : "application/json"),
        });
        expectConsoleError(r, a.status, a.error, a.covers);
        expectNoLeak(r, a.covers);
      }
      expect(await auditCount()).toBe(before);
      for (const name of ["arr", "huge", "form", "plain", "untyped", "patch", "utf16", "latin1", "nocharset"])
        expect(await groupExists(name), name).toBe(false);

      // Compressed bodies: the limit counts the inflated bytes (a gzip bomb), an unknown coding is refused.
      const bomb = gzipSync(`{"UserPoolId":"${POOL_ID}","GroupName":"bomb","Description":"${"a".repeat(BODY_LIMIT)}"}`);
      expect(bomb.length).toBeLessThan(10_000);
      const inflated = await rawRequest(up.url, "POST", `${API}/op/CreateGroup`, {
        headers: {
          cookie: c.cookie!,
          "x-csrf-token": c.csrf!,
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(bomb.length),
        },
        body: bomb,
      });
      expectConsoleError(inflated, 413, "too_large", "gzip bomb");
      const coded = await send(c, "POST", `${API}/op/CreateGroup`, {
        body: group("coded"),
        type: "application/json",
        headers: { "content-encoding": "x-evil" },
      });
      expectConsoleError(coded, 415, "unsupported_media_type", "unknown Content-Encoding");
      // A body cut off mid-way (the client hung up): refused, nothing logged as a server error.
      const errorsBefore = logs.filter((l) => /"level":(50|60)/.test(l)).length;
      const { hostname, port } = new URL(up.url);
      const socket = connect(Number(port), hostname);
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(
        `POST ${API}/op/CreateGroup HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${c.cookie}\r\n` +
          `X-CSRF-Token: ${c.csrf}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"UserPoolId":`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(logs.filter((l) => /"level":(50|60)/.test(l)).length).toBe(errorsBefore);
      expect(await groupExists("bomb")).toBe(false);
      expect(await groupExists("coded")).toBe(false);

      // Nesting deeper than any input shape: the operation's own SerializationException, audited as refused.
      const nested = await send(c, "POST", `${API}/op/CreateGroup`, { body: deep, type: "application/json" });
      expectCognitoError(nested, "SerializationException", "deep nesting");
      expect(await groupExists("deep")).toBe(false);
      // An empty body is `{}`: the operation's schema names what is missing.
      const empty = await send(c, "POST", `${API}/op/CreateGroup`, { body: "", type: "application/json" });
      expectCognitoError(empty, "InvalidParameterException", "empty body");
    });

    it("refuses the same hostile bodies at sign-in, before any sign-in is tried or audited", async () => {
      const before = await auditCount();
      const corpus: [string, string, string | undefined, number, string][] = [
        ["malformed JSON", '{"accessKeyId":', "application/json", 400, "invalid_json"],
        ["not an object", "[]", "application/json", 400, "invalid_request"],
        ["null", "null", "application/json", 400, "invalid_json"],
        [
          "form post (login CSRF)",
          "accessKeyId=AKIDPROD",
          "application/x-www-form-urlencoded",
          415,
          "unsupported_media_type",
        ],
        ["text/plain", '{"accessKeyId":"AKIDPROD"}', "text/plain", 415, "unsupported_media_type"],
        ["no Content-Type", '{"accessKeyId":"AKIDPROD"}', undefined, 415, "unsupported_media_type"],
      ];
      for (const [covers, body, type, status, error] of corpus) {
        for (const path of ["/sign-in", "/sign-in/respond"]) {
          const r = await send(undefined, "POST", `${API}${path}`, { body, type });
          // Development has no sign-in steps: a body that parses meets the route's 404.
          const noSteps = mode === "development" && path === "/sign-in/respond" && error === "invalid_request";
          expectConsoleError(r, noSteps ? 404 : status, noSteps ? "not_found" : error, `${path}: ${covers}`);
          expect(r.headers["set-cookie"], covers).toBeUndefined();
        }
      }
      const foreign = await send(undefined, "POST", `${API}/sign-in`, {
        body: JSON.stringify({ accessKeyId: "AKIDPROD", secretAccessKey: secret }),
        type: "application/json",
        headers: { origin: "https://evil.example" },
      });
      expectConsoleError(foreign, 403, "csrf", "sign-in from another origin (login CSRF)");
      expect(await auditCount()).toBe(before);
    });

    it("reads strings as the schema does: U+0000, lone surrogates, over-long values; audit stays whole", async () => {
      const c = await signedIn();
      const corpus: { covers: string; body: string; type: string; target?: string }[] = [
        {
          covers: "U+0000 in a value (PostgreSQL text cannot hold it)",
          body: `{"UserPoolId":"${POOL_ID}","GroupName":"nul\\u0000group"}`,
          type: "InvalidParameterException",
          target: "nul\uFFFDgroup",
        },
        {
          covers: "U+0000 in a key",
          body: `{"UserPoolId":"${POOL_ID}","GroupName":"nulkey","Group\\u0000Name":"x"}`,
          type: "InvalidParameterException",
        },
        {
          covers: "a lone surrogate",
          body: `{"UserPoolId":"${POOL_ID}","GroupName":"lone\\ud800"}`,
          type: "InvalidParameterException",
          target: "lone\uFFFD",
        },
        {
          covers: "an over-long name",
          body: JSON.stringify({ UserPoolId: POOL_ID, GroupName: "g".repeat(100_000) }),
          type: "InvalidParameterException",
        },
        {
          covers: "a wrong type",
          body: JSON.stringify({ UserPoolId: POOL_ID, GroupName: { $ne: "" } }),
          type: "InvalidParameterException",
        },
        {
          covers: "U+0000 in a pool id",
          body: JSON.stringify({ UserPoolId: `${POOL_ID}\u0000`, GroupName: "nulpool" }),
          type: "InvalidParameterException",
        },
      ];
      for (const a of corpus) {
        const before = await auditCount();
        const r = await send(c, "POST", `${API}/op/CreateGroup`, { body: a.body, type: "application/json" });
        expectCognitoError(r, a.type, a.covers);
        expectNoLeak(r, a.covers);
        // A mutating call that was refused by Cognito is still audited, with the refusal as its outcome.
        expect(await auditCount(), a.covers).toBe(before + 1);
        const [entry] = (await c.get("/audit?limit=1")).json.entries;
        expect(entry, a.covers).toMatchObject({ operation: "CreateGroup", outcome: a.type });
        expect(JSON.stringify(entry), a.covers).not.toContain("\\u0000");
        if (entry.target) expect(entry.target.length, a.covers).toBeLessThanOrEqual(257);
        if (a.target) expect(entry.target, a.covers).toBe(a.target);
      }
      // The same text in the console's own members: a sign-in name with U+0000 is a failed sign-in, audited whole.
      const probe = new ConsoleClient(up.url);
      const nulSignIn = await probe.post("/sign-in", { accessKeyId: "AKID\u0000X", secretAccessKey: "x" });
      if (mode === "production") expectConsoleError(nulSignIn, 401, "sign_in_failed", "U+0000 in accessKeyId");
      else expect(nulSignIn.status).toBe(200);
      const overlong = await probe.post("/sign-in", { accessKeyId: "A".repeat(129), secretAccessKey: "x" });
      if (mode === "production") expectConsoleError(overlong, 400, "invalid_request", "over-long accessKeyId");
    });

    it("copies no prototype key: __proto__, constructor, prototype; duplicate keys: the last wins", async () => {
      const c = await signedIn();
      const bodies = [
        `{"UserPoolId":"${POOL_ID}","GroupName":"proto1","__proto__":{"polluted":"yes"}}`,
        `{"UserPoolId":"${POOL_ID}","GroupName":"proto2","constructor":{"prototype":{"polluted":"yes"}}}`,
        `{"UserPoolId":"${POOL_ID}","GroupName":"proto3","Precedence":1,"__proto__":{"Precedence":"x"},"prototype":{}}`,
        `{"__proto__":{"polluted":"yes"},"UserPoolId":"${POOL_ID}","GroupName":"proto4"}`,
      ];
      for (const body of bodies) {
        const r = await send(c, "POST", `${API}/op/CreateGroup`, { body, type: "application/json" });
        expectNoLeak(r, body);
        expect([200, 400], body).toContain(r.status);
        if (r.status === 400) expect(r.json.__type, body).toMatch(/Exception$/);
      }
      for (const body of [`{"token":"a.b.c","__proto__":{"polluted":"yes"}}`, `{"__proto__":{"token":"x"}}`]) {
        const r = await send(c, "POST", `${API}/tokens/inspect`, { body, type: "application/json" });
        expectNoLeak(r, body);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      // Duplicate keys: JSON.parse keeps the last, as every JSON reader of the server does.
      const dup = await send(c, "POST", `${API}/op/CreateGroup`, {
        body: `{"UserPoolId":"${POOL_ID}","GroupName":"dup-first","GroupName":"dup-last"}`,
        type: "application/json",
      });
      expect(dup.status).toBe(200);
      expect(dup.json.Group.GroupName).toBe("dup-last");
      expect(await groupExists("dup-first")).toBe(false);
    });

    it("serves only allowlisted operations by their exact name: variants and encoded names are 404s", async () => {
      const c = await signedIn();
      const body = JSON.stringify({ UserPoolId: POOL_ID });
      const unknown: [string, string][] = [
        ["unknown operation", "NoSuchOperation"],
        ["public operation off the allowlist", "InitiateAuth"],
        ["public operation off the allowlist", "SignUp"],
        ["admin operation off the allowlist (sign-in bypass)", "AdminInitiateAuth"],
        ["admin operation off the allowlist", "AdminRespondToAuthChallenge"],
        ["admin operation off the allowlist", "AdminSetUserSettings"],
        ["case variant", "listusers"],
        ["case variant", "LISTUSERS"],
        ["encoded path in the name", "AdminGetUser%2F.."],
        ["encoded traversal to another route", "..%2Fsession"],
        ["encoded dot segment", "%2e%2e"],
        ["encoded NUL", "ListUsers%00"],
        ["encoded space", "ListUsers%20"],
        ["prototype name", "__proto__"],
        ["prototype name", "constructor"],
        ["prototype name", "hasOwnProperty"],
        ["over-long name", "A".repeat(4000)],
      ];
      for (const [covers, name] of unknown) {
        const r = await send(c, "POST", `${API}/op/${name}`, { body, type: "application/json" });
        expectConsoleError(r, 404, "unknown_operation", `${covers}: ${name.slice(0, 40)}`);
      }
      for (const path of [
        "/op/",
        "/op",
        "/op/ListUsers/",
        "/op/ListUsers/extra",
        "/op/ListUsers/..",
        "/OP/ListUsers",
      ]) {
        const r = await send(c, "POST", `${API}${path}`, { body, type: "application/json" });
        expectConsoleError(r, 404, "not_found", path);
      }
      // Malformed percent-encoding in the name: a 400 in the console's shape, not a crash.
      for (const name of ["%ZZ", "List%E0%A4%A", "%"]) {
        const r = await send(c, "POST", `${API}/op/${name}`, { body, type: "application/json" });
        expectConsoleError(r, 400, "invalid_request", name);
      }
      // The JSON API's own parameter routes, beside the console: a path that names nothing, not an internal error.
      for (const path of ["/%ZZ/.well-known/jwks.json", `/${POOL_ID}/.well-known/%E0%A4%A`]) {
        const r = await rawRequest(up.url, "GET", path);
        expect(r.status, path).toBe(404);
        expect(r.json, path).toEqual({ message: `Not found: GET ${path}` });
      }
      // A parameter the console cannot honour is refused, naming it: op/* takes no query.
      const query = await send(c, "POST", `${API}/op/ListUsers?Limit=1`, { body, type: "application/json" });
      expectConsoleError(query, 400, "invalid_request", "query on op/*");
      expect(query.json.message).toContain("Limit");
      for (const [path, name] of [
        ["/session?__proto__=x", "__proto__"],
        ["/audit?limit=1&cursor=2", "cursor"],
        ["/session?%ZZ=1", "%ZZ"],
      ]) {
        const r = await send(c, "GET", `${API}${path}`);
        expectConsoleError(r, 400, "invalid_request", path);
        expect(r.json.message, path).toContain(name);
      }
      // Schema failures keep Cognito's shape.
      const bad = await send(c, "POST", `${API}/op/ListUsers`, {
        body: JSON.stringify({ UserPoolId: "not a pool", Limit: 1000 }),
        type: "application/json",
      });
      expectCognitoError(bad, "InvalidParameterException", "schema");
      const wrongType = await send(c, "POST", `${API}/op/AdminGetUser`, {
        body: JSON.stringify({ UserPoolId: POOL_ID, Username: 42 }),
        type: "application/json",
      });
      expectCognitoError(wrongType, "InvalidParameterException", "wrong type");
    });

    it("answers other methods with the JSON 404 and grants no cross-origin access", async () => {
      const c = await signedIn();
      const wrong: [string, string][] = [];
      for (const m of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
        for (const p of ["/op/ListUsers", "/sign-out", "/tokens/inspect", "/sign-in", "/sign-in/respond"])
          wrong.push([m, p]);
      for (const m of ["POST", "PUT", "DELETE", "PATCH"])
        for (const p of ["/session", "/audit", "/dev/mailbox", "/dev/requests"]) wrong.push([m, p]);
      for (const [method, path] of wrong) {
        const r = await send(c, method, `${API}${path}`, { headers: { origin: "https://evil.example" } });
        const what = `${method} ${path}`;
        expectNoLeak(r, what);
        expect(r.headers["access-control-allow-origin"], what).toBeUndefined();
        expect(r.headers["access-control-allow-credentials"], what).toBeUndefined();
        // With another Origin, a state-changing method fails the CSRF check first where it applies.
        expect([403, 404], what).toContain(r.status);
        expect(r.json?.error, what).toBe(r.status === 403 ? "csrf" : "not_found");
      }
      for (const [method, path] of wrong) {
        const r = await send(c, method, `${API}${path}`);
        const what = `${method} ${path}, own page`;
        expectConsoleError(r, 404, "not_found", what);
      }
      const head = await send(c, "HEAD", `${API}/op/ListUsers`);
      expect(head.status).toBe(404);
      expect(head.text).toBe("");
      // A CORS preflight from another site: no Access-Control-Allow-* at all.
      const preflight = await send(undefined, "OPTIONS", `${API}/op/ListUsers`, {
        headers: {
          origin: "https://evil.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type, x-csrf-token",
        },
      });
      expectNoLeak(preflight);
      for (const h of Object.keys(preflight.headers)) expect(h).not.toMatch(/^access-control-/);
    });

    it("keeps sessions and CSRF tight: tokens, cookies, fixation, Origin", async () => {
      const a = await signedIn();
      const b = await signedIn();
      const body = JSON.stringify({ UserPoolId: POOL_ID, Limit: 1 });
      const op = (c: ConsoleClient, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
        send(c, "POST", `${API}/op/ListUsers`, { body, type: "application/json", ...o });
      expect((await op(a)).status).toBe(200);
      // Refused attempts at a mutating operation: nothing created, nothing audited.
      const mutation = JSON.stringify({ UserPoolId: POOL_ID, GroupName: "csrf-probe" });
      const mutate = (c: ConsoleClient, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
        send(c, "POST", `${API}/op/CreateGroup`, { body: mutation, type: "application/json", ...o });
      const auditBefore = await auditCount();

      const tokens: [string, string][] = [
        ["garbled token", "%%%%"],
        ["token of another session", b.csrf!],
        ["token with a suffix", `${a.csrf}A`],
        ["truncated token", a.csrf!.slice(0, -1)],
        ["over-long token", "A".repeat(8000)],
        ["empty token", ""],
      ];
      for (const [covers, token] of tokens)
        expectConsoleError(await mutate(a, { headers: { "x-csrf-token": token } }), 403, "csrf", covers);
      expectConsoleError(await mutate(a, { csrf: false }), 403, "csrf", "missing token");

      const cookies: [string, string][] = [
        ["garbage cookie", "authhub_console=;;;==="],
        ["cookie of the right shape, never issued", `authhub_console=${"A".repeat(43)}`],
        ["very long cookie", `authhub_console=${"A".repeat(7000)}`],
        ["cookie with a NUL escape", "authhub_console=%00"],
        ["the session id under another name", `other=${a.cookie!.split("=")[1]}`],
      ];
      for (const [covers, cookie] of cookies) {
        const r = await send(undefined, "POST", `${API}/op/CreateGroup`, {
          body: mutation,
          type: "application/json",
          headers: { cookie, "x-csrf-token": a.csrf! },
        });
        expectConsoleError(r, 401, "no_session", covers);
      }
      // Two session cookies: the first one counts (browsers send the longest path first); the other is ignored.
      const two = await send(undefined, "POST", `${API}/op/ListUsers`, {
        body,
        type: "application/json",
        headers: { cookie: `${a.cookie}; authhub_console=${"B".repeat(43)}`, "x-csrf-token": a.csrf! },
      });
      expect(two.status).toBe(200);
      const twoSwapped = await send(undefined, "POST", `${API}/op/ListUsers`, {
        body,
        type: "application/json",
        headers: { cookie: `authhub_console=${"B".repeat(43)}; ${a.cookie}`, "x-csrf-token": a.csrf! },
      });
      expectConsoleError(twoSwapped, 401, "no_session", "two cookies, the forged one first");

      // Session fixation: an id the client chose is never made a session.
      const chosen = `authhub_console=${"F".repeat(43)}`;
      const fixed = new ConsoleClient(up.url);
      fixed.cookie = chosen;
      const opened =
        mode === "development"
          ? await fixed.get("/session")
          : await fixed.post("/sign-in", { accessKeyId: "AKIDPROD", secretAccessKey: secret });
      expect(opened.json.signedIn).toBe(true);
      expect(fixed.cookie).toMatch(/^authhub_console=[A-Za-z0-9_-]{43}$/);
      expect(fixed.cookie).not.toBe(chosen);
      const planted = new ConsoleClient(up.url);
      planted.cookie = chosen;
      planted.csrf = fixed.csrf;
      expectConsoleError(await mutate(planted), 401, "no_session", "fixed id");

      // Origin: absent is a same-origin request of a browser that sends none; anything else must be the console's.
      const scheme = mode === "production" ? "https" : "http";
      const host = new URL(up.url).host;
      expect((await op(a, { headers: { origin: `${scheme}://${host}` } })).status).toBe(200);
      const origins: [string, string][] = [
        ["null Origin (sandboxed frame, data: URL)", "null"],
        ["foreign Origin", "https://evil.example"],
        ["case-changed Origin", `${scheme.toUpperCase()}://${host.toUpperCase()}`],
        ["Origin with a path", `${scheme}://${host}/`],
        ["Origin on another port", `${scheme}://127.0.0.1:1`],
        ["Origin as a prefix of another name", `${scheme}://${host}.evil.example`],
        ["Origin with credentials", `${scheme}://user@${host}`],
        ["other scheme", "file://"],
      ];
      if (mode === "production") origins.push(["plain http in production", `http://${host}`]);
      for (const [covers, origin] of origins)
        expectConsoleError(await mutate(a, { headers: { origin } }), 403, "csrf", covers);
      expect(await groupExists("csrf-probe")).toBe(false);
      // Sign-ins are audited (the fixation check signed in once more); no refused request is.
      expect(await auditCount()).toBe(auditBefore + (mode === "production" ? 1 : 0));

      // Idle expiry: 30 minutes without a request end the session; its token ends with it.
      clock.advance(31 * 60_000);
      expectConsoleError(await op(a), 401, "no_session", "expired session");
      expectConsoleError(await op(b), 401, "no_session", "expired session");
    });

    it("ends a session 8 hours after it began however busy it is; its token ends with it", async () => {
      const c = await signedIn();
      const list = () => c.op("ListUsers", { UserPoolId: POOL_ID, Limit: 1 });
      for (let t = 0; t < 8 * 60; t += 20) {
        expect((await list()).status, `after ${t} minutes`).toBe(200);
        clock.advance(20 * 60_000);
      }
      expectConsoleError(await list(), 401, "no_session", "past the absolute limit");
    });

    if (mode === "production")
      it("refuses forged, replayed and malformed sign-in steps alike", async () => {
        const session = await signedIn();
        const sessionId = session.cookie!.split("=")[1]!;
        const steps: [string, unknown, number, string][] = [
          ["a step never issued", "A".repeat(43), 401, "sign_in_failed"],
          ["a session id used as a step (another kind of row)", sessionId, 401, "sign_in_failed"],
          ["an over-long step", "A".repeat(100), 400, "invalid_request"],
          ["a step that is not a string", { $ne: null }, 400, "invalid_request"],
          ["a step with U+0000", "A\u0000B", 401, "sign_in_failed"],
        ];
        const probe = new ConsoleClient(up.url);
        for (const [covers, step, status, error] of steps) {
          const r = await probe.post("/sign-in/respond", { step, code: "123456" });
          expectConsoleError(r, status, error, covers);
          expect(r.headers["set-cookie"], covers).toBeUndefined();
        }
        // The session the step was forged from still works: nothing consumed it.
        expect((await session.op("ListUsers", { UserPoolId: POOL_ID, Limit: 1 })).status).toBe(200);
      });

    it("serves static files from the console directory only, with the page's security headers", async () => {
      const traversal: [string, string, number][] = [
        ["dot-dot", "/_console/../secret.txt", 404],
        ["dot-dot in assets", "/_console/assets/../../secret.txt", 404],
        ["encoded slash", "/_console/..%2fsecret.txt", 404],
        ["encoded dots", "/_console/%2e%2e/secret.txt", 404],
        ["encoded dots, upper case", "/_console/%2E%2E/secret.txt", 404],
        ["double-encoded dots (decoded once: a name, not a segment)", "/_console/%252e%252e/secret.txt", 200],
        ["backslash", "/_console/..\\secret.txt", 404],
        ["encoded backslash", "/_console/assets/%2e%2e%5c..%5csecret.txt", 404],
        ["NUL", "/_console/%00", 404],
        ["NUL before an extension", "/_console/index.html%00.js", 404],
        ["overlong UTF-8 dot", "/_console/%c0%ae%c0%ae/secret.txt", 404],
        ["overlong UTF-8 slash", "/_console/..%c0%afsecret.txt", 404],
        ["absolute path (a client route)", "/_console//etc/passwd", 200],
        ["encoded absolute path", "/_console/%2fetc%2fpasswd", 200],
        ["Windows drive", "/_console/C:%5cWindows%5cwin.ini", 404],
        ["dotfile", "/_console/.env", 404],
        ["asset outside assets/", "/_console/assets/%2e%2e/index.html", 404],
        ["missing asset", "/_console/assets/nope.js", 404],
        ["very long path", `/_console/${"a".repeat(5000)}`, 200],
        ["very long asset path", `/_console/assets/${"a".repeat(5000)}.js`, 404],
        ["many segments", `/_console/${"a/".repeat(2000)}x`, 200],
      ];
      for (const [covers, path, status] of traversal) {
        const r = await rawRequest(up.url, "GET", path);
        expect(r.status, covers).toBe(status);
        expect(r.text, covers).not.toContain(fixture.secret);
        if (status === 404) expect(r.json, covers).toEqual({ error: "not_found", message: expect.any(String) });
        else expect(r.text, covers).toBe(fixture.index);
      }
      const index = await rawRequest(up.url, "GET", "/_console/");
      expect(index.status).toBe(200);
      expect(index.headers).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
      });
      const csp = String(index.headers["content-security-policy"]);
      for (const d of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ])
        expect(csp).toContain(d);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(index.headers["cross-origin-opener-policy"]).toBe("same-origin");
      // HEAD: the headers without the body.
      const head = await rawRequest(up.url, "HEAD", "/_console/");
      expect(head.status).toBe(200);
      expect(head.text).toBe("");
      expect(head.headers["content-security-policy"]).toBe(csp);
      // Range and conditional requests are the file server's: a slice, or 416, or 304; never a crash.
      const range = await rawRequest(up.url, "GET", "/_console/assets/app-1234.js", {
        headers: { range: "bytes=0-6" },
      });
      expect(range.status).toBe(206);
      expect(range.text).toBe(fixture.asset.slice(0, 7));
      const outside = await rawRequest(up.url, "GET", "/_console/assets/app-1234.js", {
        headers: { range: "bytes=999999-" },
      });
      expectConsoleError(outside, 416, "range_not_satisfiable", "Range past the end");
      expect(outside.headers["content-range"]).toBe(`bytes */${fixture.asset.length}`);
      const many = await rawRequest(up.url, "GET", "/_console/", {
        headers: { range: `bytes=${Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(",")}` },
      });
      expectNoLeak(many, "many ranges");
      // Pages carry Last-Modified and no ETag: If-Modified-Since revalidates, an If-None-Match matches nothing.
      expect(index.headers.etag).toBeUndefined();
      const since = String(index.headers["last-modified"]);
      const again = await rawRequest(up.url, "GET", "/_console/", { headers: { "if-modified-since": since } });
      expect(again.status).toBe(304);
      for (const inm of ['"x", W/"y"', "W/", `"${"x".repeat(4000)}"`]) {
        const r = await rawRequest(up.url, "GET", "/_console/", { headers: { "if-none-match": inm } });
        expect(r.status, inm.slice(0, 20)).toBe(200);
        expect(r.text).toBe(fixture.index);
      }
      const badDate = await rawRequest(up.url, "GET", "/_console/", { headers: { "if-modified-since": "yesterday" } });
      expect(badDate.status).toBe(200);
      // Other methods on pages are the JSON 404.
      for (const m of ["POST", "PUT", "DELETE"]) {
        const r = await rawRequest(up.url, m, "/_console/");
        expect(r.status, m).toBe(404);
        expect(r.json, m).toEqual({ error: "not_found", message: expect.any(String) });
      }
    });

    it("judges hostile tokens as not valid, with a reason, never a 500", async () => {
      const c = await signedIn();
      const inspect = (token: unknown) =>
        send(c, "POST", `${API}/tokens/inspect`, { body: JSON.stringify({ token }), type: "application/json" });
      const issuer = (await rawRequest(up.url, "GET", `/${POOL_ID}/.well-known/openid-configuration`)).json.issuer;
      const jwks = (await rawRequest(up.url, "GET", `/${POOL_ID}/.well-known/jwks.json`)).json.keys;
      const kid = jwks[0].kid as string;
      /** The issuer without its pool id: the server's own issuer base. */
      const base = issuer.slice(0, issuer.lastIndexOf("/"));
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const now = Math.floor(clock.now().getTime() / 1000);
      const claims = { iss: issuer, sub: "attacker", token_use: "access", exp: now + 3600 };
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const publicPem = createPublicKey({ key: jwks[0], format: "jwk" }).export({ type: "spki", format: "pem" });
      const ownKey = generateKeyPairSync("rsa", { modulusLength: 2048 });

      const invalid: [string, string, RegExp][] = [
        ["alg none (CVE-2015-9235)", `${b64({ alg: "none", kid })}.${b64(claims)}.`, /algorithm/],
        ["alg None", `${b64({ alg: "None", kid })}.${b64(claims)}.`, /algorithm/],
        [
          "HS256 keyed with the pool's public key (alg confusion, CVE-2016-10555)",
          await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid }).sign(Buffer.from(String(publicPem))),
          /algorithm/,
        ],
        [
          "a kid the pool does not have (another pool's, a guessed one)",
          await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "another-pools-kid" }).sign(privateKey),
          /kid/,
        ],
        [
          "the pool's kid, another key",
          await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey),
          /signature/,
        ],
        [
          "an embedded jwk header (CVE-2018-0114)",
          await new SignJWT(claims)
            .setProtectedHeader({ alg: "RS256", kid, jwk: ownKey.publicKey.export({ format: "jwk" }) as never })
            .sign(ownKey.privateKey),
          /signature/,
        ],
        [
          "a jku header pointing elsewhere",
          await new SignJWT(claims)
            .setProtectedHeader({ alg: "RS256", kid, jku: "https://evil.example/jwks.json" })
            .sign(ownKey.privateKey),
          /signature/,
        ],
        [
          "an issuer this server does not have",
          await new SignJWT({ ...claims, iss: "https://evil.example/us-east-1_TestPool1" })
            .setProtectedHeader({ alg: "RS256", kid })
            .sign(privateKey),
          /iss/,
        ],
        [
          "an issuer naming a pool id with U+0000",
          `${b64({ alg: "RS256", kid })}.${b64({ ...claims, iss: `${base}/us-east-1_\u0000` })}.c2ln`,
          /iss/,
        ],
        [
          "an issuer naming an over-long pool id",
          `${b64({ alg: "RS256", kid })}.${b64({ ...claims, iss: `${base}/${"x".repeat(4000)}` })}.c2ln`,
          /iss/,
        ],
        ["a crit header", `${b64({ alg: "RS256", kid, crit: ["evil"], evil: 1 })}.${b64(claims)}.c2ln`, /./],
        ["a b64=false header", `${b64({ alg: "RS256", kid, b64: false, crit: ["b64"] })}.${b64(claims)}.c2ln`, /./],
      ];
      for (const [covers, token, reason] of invalid) {
        const r = await inspect(token);
        expect(r.status, `${covers} ${r.text.slice(0, 300)}`).toBe(200);
        expect(r.json.signature.valid, covers).toBe(false);
        expect(r.json.signature.reason, covers).toMatch(reason);
      }
      // The same forged issuer at the pool's own API (GetUser): Cognito's NotAuthorizedException, not a 500.
      const nulIss = invalid.find(([covers]) => covers.includes("U+0000"))![1];
      const getUser = await rawRequest(up.url, "POST", "/", {
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSCognitoIdentityProviderService.GetUser",
        },
        body: JSON.stringify({ AccessToken: nulIss }),
      });
      expect(getUser.status, getUser.text).toBe(400);
      expect(getUser.json.__type).toBe("NotAuthorizedException");
      // Claims a date cannot hold: the token is judged, its expiry reported as unreadable, never a crash.
      for (const exp of [1e20, -1e20, 8.64e12 + 1]) {
        const r = await inspect(`${b64({ alg: "RS256", kid })}.${b64({ ...claims, exp })}.c2ln`);
        expect(r.status, `exp ${exp}: ${r.text.slice(0, 300)}`).toBe(200);
        expect(r.json.expiresAt, `exp ${exp}`).toBeUndefined();
        expect(r.json.signature.valid).toBe(false);
      }
      const notJwt: [string, unknown, number, string][] = [
        ["garbage", "garbage", 400, "invalid_token"],
        ["three empty parts", "..", 400, "invalid_token"],
        ["a JWE (five parts)", `${b64({ alg: "RSA-OAEP", enc: "A256GCM" })}.a.b.c.d`, 400, "invalid_token"],
        ["a payload that is not JSON", `${b64({ alg: "RS256" })}.bm90IGpzb24.c2ln`, 400, "invalid_token"],
        [
          "a header that is an array",
          `${Buffer.from("[]").toString("base64url")}.${b64(claims)}.c2ln`,
          400,
          "invalid_token",
        ],
        ["an enormous token", `${"a".repeat(20_000)}.${"b".repeat(20_000)}.c`, 400, "invalid_request"],
        ["an empty token", "", 400, "invalid_request"],
        ["not a string", { alg: "none" }, 400, "invalid_request"],
        ["a number", 42, 400, "invalid_request"],
      ];
      for (const [covers, token, status, error] of notJwt) {
        const r = await inspect(token);
        expectConsoleError(r, status, error, covers);
        expectNoLeak(r, covers);
      }
    });

    it("keeps the development views to development and to loopback clients", async () => {
      const c = await signedIn();
      for (const path of ["/dev/mailbox", "/dev/sms", "/dev/requests"]) {
        if (mode === "production") {
          expectConsoleError(await c.get(path), 404, "not_found", path);
          continue;
        }
        expect((await c.get(path)).status, path).toBe(200);
        for (const q of ["?limit=0", "?limit=abc", "?limit=1&limit=2", "?limit=99999999"])
          expectConsoleError(await c.get(`${path}${q}`), 400, "invalid_request", `${path}${q}`);
        // The loopback session's cookie, carried by a request from elsewhere: refused.
        for (const headers of [{ "x-forwarded-for": "203.0.113.9" }, { host: "console.example.com" }]) {
          const remote = new ConsoleClient(up.url, headers);
          remote.cookie = c.cookie;
          remote.csrf = c.csrf;
          expectConsoleError(await remote.get(path), 403, "loopback_only", `${path} ${JSON.stringify(headers)}`);
        }
      }
    });

    // Development only: production opens no session by itself, whatever the Host.
    if (mode === "development")
      it("opens sessions for loopback Host names only (DNS rebinding)", async () => {
        const port = new URL(up.url).port;
        const hosts: [string, string, boolean][] = [
          ["loopback name", `localhost:${port}`, true],
          ["loopback name, upper case", `LOCALHOST:${port}`, true],
          ["loopback name, trailing dot", `localhost.:${port}`, true],
          ["IPv6 loopback", `[::1]:${port}`, true],
          ["IPv4-mapped IPv6 loopback", `[::ffff:127.0.0.1]:${port}`, true],
          ["a .localhost name (never resolved elsewhere)", `app.localhost:${port}`, true],
          ["rebinding name", `console.example.com:${port}`, false],
          ["loopback name as a prefix", `localhost.evil.com:${port}`, false],
          ["loopback address as a prefix", `127.0.0.1.nip.io:${port}`, false],
          ["userinfo trick", `localhost@evil.com:${port}`, false],
          ["two hosts", `localhost:${port}, evil.com`, false],
          ["decimal IPv4", `2130706433:${port}`, false],
        ];
        for (const [covers, host, loopback] of hosts) {
          const r = await rawRequest(up.url, "GET", `${API}/session`, { headers: { host } });
          expect(r.status, covers).toBe(200);
          expect(r.json.signedIn, covers).toBe(loopback);
          expect(r.headers["set-cookie"] !== undefined, covers).toBe(loopback);
          if (!loopback) {
            const signIn = await rawRequest(up.url, "POST", `${API}/sign-in`, {
              headers: { host, "content-type": "application/json" },
              body: "{}",
            });
            expectConsoleError(signIn, 403, "loopback_only", covers);
          }
        }
      });

    it("wrote no secret and no stack trace to its log", () => {
      const log = logs.join("");
      expect(issued.length).toBeGreaterThan(5);
      for (const s of [...issued, secret]) expect(log).not.toContain(s);
      expect(log).not.toMatch(/"level":(50|60)/);
    });
  });
});
