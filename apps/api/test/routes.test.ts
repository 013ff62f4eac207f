import { sql } from "kysely";
import { SEED_USERS, seedAppDb } from "@authhub/appdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestApi, type TestApi } from "./support/app.js";
import { engines, type OpenedDb } from "./support/engines.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

describe.each(engines)("routes on %s", (_engine, open) => {
  let opened: OpenedDb;
  let issuer: TestIssuer;
  let api: TestApi;

  beforeAll(async () => {
    opened = await open();
    issuer = await startTestIssuer();
    api = await startTestApi(opened.db, issuer);
    await seedAppDb(opened.db);
  });
  afterAll(async () => {
    await api.close();
    await issuer.close();
    await opened.done();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(api.url + path, { headers });

  it("GET / greets without a token", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "Hello from the Authhub API" });
  });

  it("GET /users refuses a request without a token", async () => {
    const res = await get("/users");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('Bearer error="invalid_token"');
  });

  it("GET /users lists the seeded users for a valid ID token", async () => {
    const res = await get("/users", bearer(await issuer.idToken()));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const users = (await res.json()) as Array<Record<string, unknown>>;
    expect(users.map((u) => u.email)).toEqual(SEED_USERS.map((u) => u.email));
    for (const u of users) {
      expect(Object.keys(u).sort()).toEqual(["created_at", "email", "id", "sub", "updated_at"]);
      expect(typeof u.id).toBe("number");
      expect(new Date(u.created_at as string).toISOString()).toBe(u.created_at);
    }
  });

  it("GET /users pages with limit and offset, and rejects bad values with a JSON 400", async () => {
    const headers = bearer(await issuer.idToken());
    const page = (await (await get("/users?limit=2&offset=1", headers)).json()) as Array<{ email: string }>;
    expect(page.map((u) => u.email)).toEqual(SEED_USERS.slice(1, 3).map((u) => u.email));
    for (const query of ["limit=0", "limit=1001", "limit=abc", "offset=-1", "limit=1&limit=2", "limit=1e3"]) {
      const res = await get(`/users?${query}`, headers);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toBe("bad_request");
    }
  });

  it("GET /me finds the caller by db_user_id, pinned to sub", async () => {
    const carol = await opened.db
      .selectFrom("users")
      .selectAll()
      .where("sub", "=", SEED_USERS[2].sub)
      .executeTakeFirstOrThrow();
    const res = await get("/me", bearer(await issuer.idToken({ sub: carol.sub, db_user_id: String(carol.id) })));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: Number(carol.id), sub: carol.sub, email: "carol@example.com" });
  });

  it("GET /me never returns another user's row for a stale db_user_id", async () => {
    const alice = await opened.db
      .selectFrom("users")
      .selectAll()
      .where("sub", "=", SEED_USERS[0].sub)
      .executeTakeFirstOrThrow();
    const res = await get(
      "/me",
      bearer(await issuer.idToken({ sub: SEED_USERS[1].sub, db_user_id: String(alice.id) })),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: SEED_USERS[1].sub, email: "bob@example.com" });
  });

  it("GET /me finds the caller by sub when the token has no db_user_id (access tokens)", async () => {
    const res = await get("/me", bearer(await issuer.idToken({ sub: SEED_USERS[3].sub })));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: "dave@example.com" });
  });

  it("GET /me answers a JSON 404 when the trigger has not created the row", async () => {
    const res = await get("/me", bearer(await issuer.idToken({ sub: "not-synced-yet" })));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_found" });
  });

  it("GET /healthz reports the database as up", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "up" });
  });

  it("GET /health answers without the database; GET /ready checks it and its migrations", async () => {
    expect(await (await get("/health")).json()).toEqual({ status: "ok" });
    expect(await (await get("/ready")).json()).toEqual({ status: "ready" });
    const [row] = (
      await sql<{ name: string; timestamp: string }>`select name, timestamp from app_migrations`.execute(opened.db)
    ).rows;
    await sql`delete from app_migrations where name = ${row!.name}`.execute(opened.db);
    try {
      const res = await get("/ready");
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", reason: `migrations not applied: ${row!.name}` });
      expect((await get("/health")).status).toBe(200);
    } finally {
      await sql`insert into app_migrations (name, timestamp) values (${row!.name}, ${row!.timestamp})`.execute(
        opened.db,
      );
    }
    expect((await get("/ready")).status).toBe(200);
  });

  it("keeps a well-formed caller request ID in the answer and the log line; replaces a malformed one", async () => {
    const id = "api-req-0123456789abcdef";
    const res = await fetch(`${api.url}/health`, { headers: { "x-request-id": id } });
    expect(res.headers.get("x-request-id")).toBe(id);
    expect(api.logs.some((l) => l.includes(`"id":"${id}"`))).toBe(true);
    const amzn = await fetch(`${api.url}/health`, {
      headers: { "x-amzn-requestid": "0f1e2d3c-aaaa-bbbb-cccc-000011112222" },
    });
    expect(amzn.headers.get("x-request-id")).toBe("0f1e2d3c-aaaa-bbbb-cccc-000011112222");
    for (const bad of ['x" {"level":60', "short", "a".repeat(200)]) {
      const r = await fetch(`${api.url}/health`, { headers: { "x-request-id": bad } });
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it("GET /ready is 503 when the database is unreachable", async () => {
    const broken = await open();
    const brokenApi = await startTestApi(broken.db, issuer);
    try {
      await broken.db.destroy();
      const res = await fetch(`${brokenApi.url}/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", reason: "the database is unreachable" });
      expect((await fetch(`${brokenApi.url}/health`)).status).toBe(200);
    } finally {
      await brokenApi.close();
      await broken.done().catch(() => undefined);
    }
  });

  it("GET /openapi.json describes the API", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/",
      "/health",
      "/healthz",
      "/me",
      "/openapi.json",
      "/ready",
      "/users",
    ]);
  });

  it("serves access tokens when the route is configured for them", async () => {
    const accessApi = await startTestApi(opened.db, issuer, { tokenUse: "access", migrate: false });
    try {
      const ok = await fetch(`${accessApi.url}/users`, { headers: bearer(await issuer.accessToken()) });
      expect(ok.status).toBe(200);
      const refused = await fetch(`${accessApi.url}/users`, { headers: bearer(await issuer.idToken()) });
      expect(refused.status).toBe(401);
    } finally {
      await accessApi.close();
    }
  });

  it("reports the database as down when it is unreachable, and hides the cause on other routes", async () => {
    // A separate database so the shared one stays open for the other tests.
    const broken = await open();
    const brokenApi = await startTestApi(broken.db, issuer);
    try {
      await broken.db.destroy();
      const health = await fetch(`${brokenApi.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        error: "unavailable",
        message: "The database is unreachable",
        status: "unavailable",
        database: "down",
      });
      const users = await fetch(`${brokenApi.url}/users`, { headers: bearer(await issuer.idToken()) });
      expect(users.status).toBe(500);
      expect(await users.json()).toEqual({ error: "internal_error", message: "Something went wrong on our side" });
      // The cause is logged for operators.
      expect(brokenApi.logs.some((l) => l.includes('"level":50') && l.includes("unhandled error"))).toBe(true);
    } finally {
      await brokenApi.close();
      await broken.done().catch(() => undefined);
    }
  });
});
