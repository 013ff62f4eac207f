import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestApi, type TestApi } from "./support/app.js";
import { engines, type OpenedDb } from "./support/engines.js";
import { ManualClock, startTestIssuer, type TestIssuer } from "./support/issuer.js";
import { hammer } from "./support/load.js";

/** A token whose header names `kid` but whose body and signature are copied from a real token:
 *  exactly what an attacker can mint for free. The kid lookup happens before any signature check. */
function withKid(token: string, kid: string): string {
  const [header, payload, signature] = token.split(".");
  const h = JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify({ ...h, kid })).toString("base64url")}.${payload}.${signature}`;
}

describe("JWKS behaviour", () => {
  let opened: OpenedDb;
  beforeAll(async () => {
    opened = await engines[0]![1]();
  });
  afterAll(() => opened.done());

  describe("under load with valid tokens", () => {
    let issuer: TestIssuer;
    let api: TestApi;
    beforeAll(async () => {
      issuer = await startTestIssuer();
      api = await startTestApi(opened.db, issuer);
    });
    afterAll(async () => {
      await api.close();
      await issuer.close();
    });

    it("serves 10,000 requests with exactly 1 JWKS fetch (the one at start)", async () => {
      expect(issuer.fetches).toBe(1);
      // 200 distinct users: 200 full verifications, the rest from the verified-token cache.
      const tokens = await Promise.all(Array.from({ length: 200 }, () => issuer.idToken()));
      const statuses = await hammer(api.url, 10_000, 32, (i) => ({
        path: "/users?limit=1",
        headers: bearer(tokens[i % tokens.length]!),
      }));
      expect(Object.fromEntries(statuses)).toEqual({ 200: 10_000 });
      expect(issuer.fetches).toBe(1);
      expect(api.verifier.jwksStats()).toMatchObject({ fetches: 1, failures: 0 });
    });
  });

  describe("with random kids (injected clock)", () => {
    const clock = new ManualClock();
    let issuer: TestIssuer;
    let api: TestApi;
    let template: string;
    beforeAll(async () => {
      issuer = await startTestIssuer({ clock });
      api = await startTestApi(opened.db, issuer, { clock });
      template = await issuer.idToken();
    });
    afterAll(async () => {
      await api.close();
      await issuer.close();
    });

    it("1,000 random-kid tokens at one instant cause 1 fetch once the 10 s gate is open, and none before", async () => {
      expect(issuer.fetches).toBe(1);
      const burst = () =>
        hammer(api.url, 1000, 50, () => ({ path: "/users", headers: bearer(withKid(template, randomUUID())) }));
      expect(Object.fromEntries(await burst())).toEqual({ 401: 1000 });
      expect(issuer.fetches).toBe(1);
      clock.advance(10_000);
      expect(Object.fromEntries(await burst())).toEqual({ 401: 1000 });
      expect(issuer.fetches).toBe(2);
    });

    it("1,000 random-kid tokens spread over 50 s cause at most 1 fetch per 10 s", async () => {
      clock.advance(10_000);
      const before = issuer.fetches;
      const start = clock.now();
      const statuses = await hammer(api.url, 1000, 20, () => {
        clock.advance(50);
        return { path: "/users", headers: bearer(withKid(template, randomUUID())) };
      });
      expect(Object.fromEntries(statuses)).toEqual({ 401: 1000 });
      const times = issuer.fetchTimes.slice(before);
      expect(times.length).toBeGreaterThanOrEqual(1);
      expect(times.length).toBeLessThanOrEqual(Math.floor((clock.now() - start) / 10_000) + 1);
      const all = issuer.fetchTimes;
      for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThanOrEqual(10_000);
    });

    it("still admits valid tokens throughout", async () => {
      const res = await fetch(`${api.url}/users`, { headers: bearer(await issuer.idToken()) });
      expect(res.status).toBe(200);
    });

    it("picks up a rotated signing key on its first token", async () => {
      clock.advance(10_000);
      const kid = await issuer.rotate();
      const res = await fetch(`${api.url}/users`, { headers: bearer(await issuer.idToken({}, { kid })) });
      expect(res.status).toBe(200);
    });
  });

  describe("when the JWKS is unreachable", () => {
    it("answers 503 with Retry-After when the endpoint errors, and recovers once it is back", async () => {
      const clock = new ManualClock();
      const issuer = await startTestIssuer({ clock });
      issuer.mode = "error";
      const api = await startTestApi(opened.db, issuer, { clock });
      try {
        const token = await issuer.idToken();
        const res = await fetch(`${api.url}/users`, { headers: bearer(token) });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("10");
        expect(await res.json()).toEqual({
          error: "jwks_unavailable",
          message: "The issuer's signing keys could not be fetched; try again shortly",
        });
        issuer.mode = "ok";
        clock.advance(10_000);
        expect((await fetch(`${api.url}/users`, { headers: bearer(token) })).status).toBe(200);
      } finally {
        await api.close();
        await issuer.close();
      }
    });

    it("answers 503 when nothing listens at the JWKS URI", async () => {
      const dead = createServer();
      await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
      const port = (dead.address() as AddressInfo).port;
      await new Promise((r) => dead.close(r));
      const issuer = await startTestIssuer();
      const api = await startTestApi(opened.db, issuer, { jwksUri: `http://127.0.0.1:${port}/jwks.json` });
      try {
        const res = await fetch(`${api.url}/me`, { headers: bearer(await issuer.idToken()) });
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: string }).error).toBe("jwks_unavailable");
      } finally {
        await api.close();
        await issuer.close();
      }
    });

    it("answers 503 when the JWKS endpoint hangs past the timeout", async () => {
      const hanging = createServer(() => undefined);
      await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
      const issuer = await startTestIssuer();
      const api = await startTestApi(opened.db, issuer, {
        jwksUri: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/jwks.json`,
        jwksTimeoutMs: 300,
      });
      try {
        const res = await fetch(`${api.url}/users`, { headers: bearer(await issuer.idToken()) });
        expect(res.status).toBe(503);
      } finally {
        await api.close();
        await issuer.close();
        hanging.closeAllConnections();
        await new Promise((r) => hanging.close(r));
      }
    });
  });
});
