/** A console client over raw HTTP: its own cookie jar and CSRF token, any Host, Origin or path (even `..`). */
import { request } from "node:http";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ConsoleAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One HTTP request, the path sent exactly as given (node:http does not normalise `..`). */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<ConsoleAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

export class ConsoleClient {
  cookie: string | undefined;
  csrf: string | undefined;
  lastSetCookie: string | undefined;

  constructor(
    readonly base: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    o: { headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { ...this.extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (o.csrf !== false && this.csrf) headers["x-csrf-token"] = this.csrf;
    Object.assign(headers, o.headers);
    const r = await rawRequest(this.base, method, `/_console/api${path}`, {
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = r.headers["set-cookie"];
    for (const c of Array.isArray(set) ? set : []) {
      this.lastSetCookie = c;
      const pair = c.split(";")[0]!;
      this.cookie = pair.endsWith("=") ? undefined : pair;
    }
    if (typeof r.json?.csrfToken === "string") this.csrf = r.json.csrfToken;
    return r;
  }

  get = (path: string, o?: { headers?: Record<string, string> }) => this.call("GET", path, undefined, o);
  post = (path: string, body: unknown = {}, o?: { headers?: Record<string, string>; csrf?: boolean }) =>
    this.call("POST", path, body, o);
  op = (name: string, body: unknown) => this.post(`/op/${name}`, body);
}

/** A built console stand-in: index.html and one asset, in a temp dir beside a file that must stay unreachable. */
export function consoleDirFixture(): { root: string; dir: string; index: string; asset: string; secret: string } {
  const root = mkdtempSync(join(tmpdir(), "console-static-"));
  const dir = join(root, "dist");
  mkdirSync(join(dir, "assets"), { recursive: true });
  const index = "<!doctype html><title>Authhub console</title><div id=root></div>";
  const asset = "console.log('console asset');";
  const secret = "outside-the-console-dir-9f8e7d";
  writeFileSync(join(dir, "index.html"), index);
  writeFileSync(join(dir, "assets", "app-1234.js"), asset);
  writeFileSync(join(root, "secret.txt"), secret);
  return { root, dir, index, asset, secret };
}
