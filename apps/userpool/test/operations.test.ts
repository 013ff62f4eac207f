/**
 * The operator's tools (docs/userpool/operations.md): /health and /ready on both listeners, request
 * IDs from the caller through every log line into a trigger, and the Prometheus metrics after real
 * sign-ins. Runs on SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import { request } from "node:https";
import { fileURLToPath } from "node:url";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { triggerConfig } from "./support/triggerPools.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

const TRIGGER = fileURLToPath(new URL("./support/triggers/requestIdLog.mjs", import.meta.url));
const triggerLog = () => ((globalThis as { __authhubTriggerLog?: string[] }).__authhubTriggerLog ??= []);

/** GET on the hosted (HTTPS) listener, trusting its development CA. */
function hostedGet(up: EngineUserpool, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${up.hostedUrl}${path}`, { ca: up.devCaPem }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe.each(testEngines())("operations on $name", (engine) => {
  let up: EngineUserpool;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, {
      config: triggerConfig({ PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: "V1_0" } }),
      logLevel: "info",
      logDestination: { write: (s: string) => void lines.push(JSON.parse(s)) },
    });
  });
  afterAll(() => up?.stop());

  async function user(): Promise<string> {
    const username = uniqueEmail("ops");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: username },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: username,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    return username;
  }

  const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
    callRaw(
      up.url,
      "InitiateAuth",
      {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      },
      headers,
    );

  it("/health and /ready answer on both listeners", async () => {
    for (const path of ["/health", "/ready"]) {
      const res = await fetch(`${up.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const hosted = await hostedGet(up, path);
      expect(hosted.status, `hosted ${path}`).toBe(200);
      expect(JSON.parse(hosted.body).status).toBe(path === "/health" ? "ok" : "ready");
    }
  });

  it("/ready is 503 with the reason while a migration is missing, and ready again once it is back", async () => {
    const [last] = (
      await sql<{
        name: string;
        timestamp: string;
      }>`select name, timestamp from userpool_migrations order by name desc limit 1`.execute(up.store.db)
    ).rows;
    await sql`delete from userpool_migrations where name = ${last!.name}`.execute(up.store.db);
    try {
      const res = await fetch(`${up.url}/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", reason: `migrations not applied: ${last!.name}` });
      // Liveness does not depend on the database.
      expect((await fetch(`${up.url}/health`)).status).toBe(200);
    } finally {
      await sql`insert into userpool_migrations (name, timestamp) values (${last!.name}, ${last!.timestamp})`.execute(
        up.store.db,
      );
    }
    expect((await fetch(`${up.url}/ready`)).status).toBe(200);
  });

  it("keeps a well-formed caller request ID, on the answer, every log line and the trigger's log line", async () => {
    const username = await user();
    const id = `ops-${engine.name}-${Date.now()}-a1b2c3d4`;
    lines.length = 0;
    triggerLog().length = 0;
    const r = await signIn(username, GOOD_PASSWORD, { "x-request-id": id });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-amzn-requestid")).toBe(id);
    const ours = lines.filter((l) => l.reqId === id);
    expect(ours.map((l) => l.msg)).toContain("request");
    // The in-process trigger got it as Lambda's clientContext and logged it.
    const fromTrigger = triggerLog().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(fromTrigger).toEqual([
      expect.objectContaining({ triggerSource: "TokenGeneration_Authentication", reqId: id }),
    ]);
    // Its own invocation ID stays a fresh one, as Lambda's awsRequestId.
    expect(fromTrigger[0]!.awsRequestId).not.toBe(id);

    // x-amzn-requestid works the same; a malformed ID (log forging) is replaced by a fresh UUID.
    const aws = await signIn(username, "wrong", { "x-amzn-requestid": "0f1e2d3c-aaaa-bbbb-cccc-000011112222" });
    expect(aws.headers.get("x-amzn-requestid")).toBe("0f1e2d3c-aaaa-bbbb-cccc-000011112222");
    for (const bad of ['x"}\n{"level":60', "short", "a".repeat(200)]) {
      const res = await fetch(`${up.url}/health`, { headers: { "x-request-id": bad.replace("\n", " ") } });
      const got = res.headers.get("x-amzn-requestid")!;
      expect(got).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const hosted = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${up.hostedUrl}/health`, { ca: up.devCaPem, headers: { "x-request-id": id } }, (res) => {
        res.resume();
        resolve(res.headers["x-amzn-requestid"] as string | undefined);
      });
      req.on("error", reject);
      req.end();
    });
    expect(hosted).toBe(id);
  });

  it("counts requests, errors, latency, sign-in outcomes and trigger runs, without user names or secrets", async () => {
    const username = await user();
    for (let i = 0; i < 2; i++) expect((await signIn(username, GOOD_PASSWORD)).status).toBe(200);
    expect((await signIn(username, "Wr0ng-Password!")).body.__type).toBe("NotAuthorizedException");
    const srp = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: username, SRP_A: "a".repeat(256) },
      }),
    );
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
    await fetch(`${up.url}/nope/${username}`);

    const res = await fetch(`${up.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const value = (series: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    // The earlier tests of this file signed in too (once each with the right and a wrong password).
    expect(value('userpool_sign_in_total{outcome="success",challenge=""}')).toBe(3);
    expect(value('userpool_sign_in_total{outcome="wrong_password",challenge=""}')).toBe(2);
    expect(value('userpool_sign_in_total{outcome="challenge",challenge="PASSWORD_VERIFIER"}')).toBe(1);
    expect(value('userpool_requests_total{listener="api",operation="InitiateAuth",status="200"}')).toBe(4);
    expect(value('userpool_requests_total{listener="api",operation="InitiateAuth",status="400"}')).toBe(2);
    expect(
      value('userpool_request_errors_total{listener="api",operation="InitiateAuth",error="NotAuthorizedException"}'),
    ).toBe(2);
    // A histogram: cumulative buckets ending in +Inf, which holds every request.
    const buckets = text
      .split("\n")
      .filter(
        (l) =>
          l.startsWith("userpool_request_duration_seconds_bucket{") &&
          l.includes('listener="api",operation="InitiateAuth"}'),
      );
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.at(-1)).toMatch(/^userpool_request_duration_seconds_bucket\{le="\+Inf",.*} 6$/);
    const counts = buckets.map((l) => Number(l.split(" ").pop()));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(value('userpool_request_duration_seconds_count{listener="api",operation="InitiateAuth"}')).toBe(6);
    // The trigger ran at every successful sign-in.
    expect(
      value('userpool_trigger_duration_seconds_count{trigger_source="TokenGeneration_Authentication",outcome="ok"}'),
    ).toBe(3);
    // Route templates, never the path sent; the unmatched path is one label value.
    expect(value('userpool_requests_total{listener="api",operation="GET /health",status="200"}')).toBeGreaterThan(0);
    expect(value('userpool_requests_total{listener="api",operation="unmatched",status="404"}')).toBeGreaterThan(0);
    expect(value('userpool_requests_total{listener="hosted",operation="GET /ready",status="200"}')).toBeGreaterThan(0);
    // Process metrics (default collectors).
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    // The database pool: PostgreSQL's; SQLite has one handle and no gauge.
    if (engine.name === "postgres") expect(value('userpool_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    else expect(text).not.toContain("userpool_db_pool_connections");
    // No user name, password, pool ID or caller path in any label.
    for (const secret of [username, username.split("@")[0]!, GOOD_PASSWORD, "Wr0ng-Password!", POOL_ID, "/nope"])
      expect(text).not.toContain(secret);
  });
});

describe("the metrics endpoint's access", () => {
  let up: EngineUserpool;
  const token = "m".repeat(40);
  beforeAll(async () => {
    up = await startTestUserpoolOn(testEngines()[0]!, { metricsToken: token });
  });
  afterAll(() => up?.stop());

  it("requires the configured bearer token, compared exactly", async () => {
    expect((await fetch(`${up.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${up.url}/metrics`, { headers: { authorization: `Bearer ${"m".repeat(39)}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    const ok = await fetch(`${up.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("userpool_requests_total");
  });
});
