import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestApi, type TestApi } from "./support/app.js";
import { engines, type OpenedDb } from "./support/engines.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

// HTTP hardening does not depend on the engine; SQLite (always available) carries it.
describe("hardening", () => {
  let opened: OpenedDb;
  let issuer: TestIssuer;
  let api: TestApi;

  beforeAll(async () => {
    opened = await engines[0]![1]();
    issuer = await startTestIssuer();
    api = await startTestApi(opened.db, issuer, { corsOrigins: ["http://localhost:3000", "https://app.example.com"] });
  });
  afterAll(async () => {
    await api.close();
    await issuer.close();
    await opened.done();
  });

  const errorOf = async (res: Response) => (await res.json()) as { error: string; message: string };

  describe("CORS allowlist", () => {
    it("allows a listed origin, including the preflight for Authorization", async () => {
      const pre = await fetch(`${api.url}/users`, {
        method: "OPTIONS",
        headers: {
          origin: "https://app.example.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
      expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
      const res = await fetch(`${api.url}/`, { headers: { origin: "http://localhost:3000" } });
      expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      expect(res.headers.get("vary")).toMatch(/origin/i);
    });

    it("gives no CORS grant to any other origin", async () => {
      for (const origin of [
        "https://evil.example.com",
        "null",
        "http://localhost:3000.evil.com",
        "https://app.example.com:444",
      ]) {
        const res = await fetch(`${api.url}/`, { headers: { origin } });
        expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
      }
    });

    it("lets browsers read the Bearer challenge", async () => {
      const res = await fetch(`${api.url}/users`, { headers: { origin: "http://localhost:3000" } });
      expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("www-authenticate");
    });
  });

  it("sends security headers and hides the framework", async () => {
    const res = await fetch(`${api.url}/`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await fetch(`${api.url}/nope/../../etc/passwd`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await errorOf(res)).toEqual({ error: "not_found", message: "No such route" });
  });

  it("answers a wrong method on a known route with a JSON 405 and Allow", async () => {
    const res = await fetch(`${api.url}/users`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await errorOf(res)).error).toBe("method_not_allowed");
  });

  it("answers malformed JSON with a JSON 400", async () => {
    const res = await fetch(`${api.url}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ error: "invalid_json", message: "The request body is not valid JSON" });
  });

  it("refuses an oversized body with a JSON 413 before reading it all", async () => {
    const res = await fetch(`${api.url}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: "x".repeat(100_000) }),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).error).toBe("payload_too_large");
  });

  it("answers a badly encoded URL with a JSON 400 or 404, never a 500", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api.url}/users/%E0%A4%A`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect([400, 404]).toContain(status);
  });

  it("never writes tokens, Authorization headers or query strings to the log", async () => {
    const token = await issuer.idToken({ email: "secret-person@example.com" });
    await fetch(`${api.url}/users?access_token=${token}`, { headers: { ...bearer(token), cookie: "session=abc" } });
    await fetch(`${api.url}/users`, { headers: bearer(`${token.slice(0, -5)}AAAAA`) });
    await fetch(`${api.url}/users`, { headers: bearer(token) });
    const all = api.logs.join("\n");
    expect(api.logs.length).toBeGreaterThan(0);
    const [, payload, signature] = token.split(".");
    for (const secret of [token, payload!, signature!, "secret-person@example.com", "session=abc"])
      expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain("authorization");
    // Refusals are logged with their reason code, which is what an operator needs.
    expect(all).toContain('"authFailure":"bad_signature"');
    const line = JSON.parse(api.logs.find((l) => l.includes('"path":"/users"'))!) as { req: Record<string, unknown> };
    expect(Object.keys(line.req).sort()).toEqual(["id", "method", "path"]);
  });
});
