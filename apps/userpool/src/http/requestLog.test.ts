import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log.js";
import { createMetrics } from "../observability/metrics.js";
import { cryptoRandom } from "../random.js";
import { requestLog } from "./requestLog.js";

describe("request log line", () => {
  const lines: Record<string, unknown>[] = [];
  let server: ReturnType<express.Express["listen"]>;
  let base: string;

  beforeAll(async () => {
    const log = createLogger({ destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
    const mounted = express.Router();
    mounted.get("/metadata", (_req, res) => void res.send("<xml/>"));
    const app = express();
    app.use(requestLog(log, cryptoRandom));
    app.use("/_dev/saml", mounted);
    app.get("/health", (_req, res) => void res.json({ status: "ok" }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("names the path the caller sent, with a mounted router's prefix, without the query", async () => {
    for (const path of ["/_dev/saml/metadata?x=secret", "/health"]) expect((await fetch(base + path)).status).toBe(200);
    expect(lines.filter((l) => l.msg === "request").map((l) => [l.method, l.path, l.status])).toEqual([
      ["GET", "/_dev/saml/metadata", 200],
      ["GET", "/health", 200],
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret");
  });
});

describe("request metrics", () => {
  const metrics = createMetrics({ processMetrics: false });
  let server: ReturnType<express.Express["listen"]>;
  let base: string;

  beforeAll(async () => {
    const log = createLogger({ destination: { write: () => undefined } });
    // Two levels of mounting, as /_console/api is; one route passes an error out to the app's handler.
    const api = express.Router();
    api.get("/session", (_req, res) => void res.json({}));
    api.post("/op/:operation", (_req, _res, next) => next(new Error("refused")));
    const consoleRouter = express.Router();
    consoleRouter.use("/api", api);
    consoleRouter.get("/", (_req, res) => void res.send("page"));
    // A deployment's base path (the hosted listener behind a prefix), with a router mounted inside it.
    const saml = express.Router();
    saml.get("/metadata", (_req, res) => void res.send("<xml/>"));
    const hosted = express.Router();
    hosted.post("/oauth2/token", (_req, res) => void res.json({}));
    hosted.use("/_dev/saml", saml);
    const app = express();
    app.use(requestLog(log, cryptoRandom, { metrics, listener: "api", basePath: () => "/Auth" }));
    app.use("/auth", hosted);
    app.use("/_console", consoleRouter);
    app.get("/health", (_req, res) => void res.json({ status: "ok" }));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({}));
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(400).json({});
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("names the route template with its mount prefixes, in any letter case, without the base path", async () => {
    for (const [method, path, status] of [
      ["GET", "/_console/api/session", 200],
      ["GET", "/_CONSOLE/Api/session", 200],
      ["POST", "/_console/api/op/AdminGetUser", 400],
      ["POST", "/_console/api/op/ListUsers", 400],
      ["GET", "/_console", 200],
      ["GET", "/health", 200],
      ["GET", "/no/such/path", 404],
      ["POST", "/auth/oauth2/token", 200],
      ["GET", "/AUTH/_dev/saml/metadata", 200],
    ] as const)
      expect((await fetch(base + path, { method })).status, `${method} ${path}`).toBe(status);
    const body = (await metrics.render()).body;
    const counted = body
      .split("\n")
      .filter((l) => l.startsWith("userpool_requests_total{"))
      .map((l) => /operation="([^"]*)",status="(\d+)"\} (\d+)/.exec(l)!.slice(1).join(" "))
      .sort();
    expect(counted).toEqual([
      "GET /_console 200 1",
      "GET /_console/api/session 200 2",
      "GET /_dev/saml/metadata 200 1",
      "GET /health 200 1",
      "POST /_console/api/op/:operation 400 2",
      "POST /oauth2/token 200 1",
      "unmatched 404 1",
    ]);
  });
});
