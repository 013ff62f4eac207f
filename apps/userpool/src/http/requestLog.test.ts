import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log.js";
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
