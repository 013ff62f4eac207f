import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, type TestIssuer } from "../../test/support/issuer.js";
import { requireAuth } from "./requireAuth.js";
import { CognitoTokenVerifier, type TokenVerifier } from "./verifier.js";

// requireAuth in a bare Express app with no error handler of ours: it must stand on its own.
describe("requireAuth in a plain Express app", () => {
  let issuer: TestIssuer;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const verifier = new CognitoTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], tokenUse: "id" });
    await verifier.hydrate();
    const exploding: TokenVerifier = { verify: () => Promise.reject(new Error("database password is hunter2")) };
    const app = express();
    app.get("/whoami", requireAuth(verifier), (req, res) => {
      res.json(req.user);
    });
    app.get("/scoped", requireAuth(verifier, { tokenUse: "access", scopes: ["users/read"] }), (_req, res) => {
      res.json({ ok: true });
    });
    app.get("/broken", requireAuth(exploding), (_req, res) => {
      res.json({ ok: true });
    });
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: "internal_error", message: "app handler" });
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await issuer.close();
  });

  const get = (path: string, authorization?: string) =>
    fetch(url + path, authorization ? { headers: { authorization } } : {});

  it("admits a valid ID token and sets req.user", async () => {
    const res = await get("/whoami", `Bearer ${await issuer.idToken({ sub: "abc", "cognito:username": "abc" })}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: "abc", username: "abc", tokenUse: "id" });
  });

  it("accepts the scheme in any case", async () => {
    const res = await get("/whoami", `bearer ${await issuer.idToken()}`);
    expect(res.status).toBe(200);
  });

  it("answers a missing token with 401, the Bearer challenge and JSON", async () => {
    const res = await get("/whoami");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expect(await res.json()).toEqual({ error: "invalid_token", message: "A bearer token is required" });
  });

  it.each([["Basic dXNlcjpwYXNz"], ["Bearer"], ["Bearer a b"], ["Token abc.def.ghi"]])(
    "refuses the header %j",
    async (header) => {
      const res = await get("/whoami", header);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe("invalid_token");
    },
  );

  it("says so when the token expired", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await get("/whoami", `Bearer ${await issuer.idToken({ iat: now - 7200, exp: now - 3600 })}`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await res.json()).toEqual({ error: "invalid_token", message: "The token has expired" });
  });

  it("answers a missing scope with 403 insufficient_scope and names the scope", async () => {
    const res = await get("/scoped", `Bearer ${await issuer.accessToken({ scope: "openid" })}`);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="insufficient_scope", error_description="The token lacks a required scope", scope="users/read"',
    );
    expect(((await res.json()) as { error: string }).error).toBe("insufficient_scope");
    const ok = await get("/scoped", `Bearer ${await issuer.accessToken({ scope: "openid users/read" })}`);
    expect(ok.status).toBe(200);
  });

  it("passes unexpected failures to the app's error handler without leaking them", async () => {
    const res = await get("/broken", "Bearer a.b.c");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
  });
});
