import { request, Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startApi } from "../src/main.js";
import { bearer } from "./support/app.js";
import { engines } from "./support/engines.js";
import { ManualClock, startTestIssuer, type TestIssuer } from "./support/issuer.js";
import { runMain } from "./support/process.js";

describe("main: the composition root", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  const env = (extra: Record<string, string> = {}) => ({
    DB_ENV: "testing",
    PORT: "0",
    LOG_LEVEL: "silent",
    COGNITO_ISSUER: issuer.issuer,
    COGNITO_CLIENT_IDS: issuer.clientId,
    ...extra,
  });

  describe.each(engines)("startApi on %s", (_engine, open) => {
    it("wires config → database (migrated) → verifier → app → listen", async () => {
      const opened = await open();
      // PostgreSQL: hand main the schema's URL and let it open its own pool, as in production.
      const config = await loadConfig(env(opened.env));
      const api = await startApi(config, opened.config.engine === "sqlite" ? { db: opened.db } : {});
      try {
        expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
        const users = await fetch(`${api.url}/users`, { headers: bearer(await issuer.idToken()) });
        expect(users.status).toBe(200);
        expect(await users.json()).toEqual([]);
        expect(api.verifier.jwksStats().fetches).toBe(1);
      } finally {
        await api.close();
        await opened.done();
      }
    });
  });

  it("starts even when the JWKS is down, answering 503 until it is back", async () => {
    const clock = new ManualClock();
    issuer.mode = "error";
    try {
      const api = await startApi(await loadConfig(env()), { clock, logger: createLogger({ level: "silent" }) });
      try {
        const token = await issuer.idToken({
          iat: Math.floor(clock.now() / 1000),
          exp: Math.floor(clock.now() / 1000) + 3600,
        });
        expect((await fetch(`${api.url}/users`, { headers: bearer(token) })).status).toBe(503);
        issuer.mode = "ok";
        clock.advance(10_000);
        expect((await fetch(`${api.url}/users`, { headers: bearer(token) })).status).toBe(200);
      } finally {
        await api.close();
      }
    } finally {
      issuer.mode = "ok";
    }
  });

  it("drains an in-flight request on close, then refuses new connections", async () => {
    const clock = new ManualClock();
    let release!: () => void;
    let jwksRequested!: () => void;
    const requested = new Promise<void>((r) => (jwksRequested = r));
    let calls = 0;
    // First JWKS fetch (at start) fails fast; the second is held open until we release it, keeping a request in flight.
    const slowFetch: typeof fetch = async (input, init) => {
      if (calls++ === 0) throw new TypeError("connection refused");
      jwksRequested();
      await new Promise<void>((r) => (release = r));
      return fetch(input, init);
    };
    const api = await startApi(await loadConfig(env()), { clock, fetch: slowFetch });
    clock.advance(10_000);
    const token = await issuer.idToken({
      iat: Math.floor(clock.now() / 1000),
      exp: Math.floor(clock.now() / 1000) + 3600,
    });
    const agent = new Agent({ keepAlive: true });
    const inFlight = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${api.url}/users`, { agent, headers: bearer(token) }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      });
      req.on("error", reject);
      req.end();
    });
    await requested;
    const closing = api.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    release();
    expect(await inFlight).toEqual({ status: 200, connection: "close" });
    await closing;
    agent.destroy();
    await expect(fetch(`${api.url}/healthz`)).rejects.toThrow();
  });

  it("exits 0 on SIGTERM after logging the shutdown", async () => {
    const p = runMain([], env({ LOG_LEVEL: "info" }));
    const port = await p.listening;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    const msgs = p.stdout.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(expect.arrayContaining(["api listening", "shutting down", "api stopped"]));
  });

  it("exits 0 on SIGINT too", async () => {
    const p = runMain([], env({ LOG_LEVEL: "info" }));
    await p.listening;
    p.child.kill("SIGINT");
    expect(await p.exited).toBe(0);
  });
});
