/** The HTTP surface around the operations: CORS, request IDs, body limits, dev-only routes, production mode. */
import { randomBytes } from "node:crypto";
import { SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anonClient,
  CLIENT_ID,
  GOOD_PASSWORD,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

let up: TestUserpool;
beforeAll(async () => {
  up = await startTestUserpool();
});
afterAll(async () => {
  await up?.close();
});

describe("HTTP", () => {
  it("answers CORS preflight for the JSON API with the headers browsers' Cognito clients send", async () => {
    const res = await fetch(up.url, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target,x-amz-user-agent,cache-control",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
    for (const h of ["x-amz-target", "x-amz-user-agent", "content-type", "cache-control"]) expect(allowed).toContain(h);
    // The SigV4 headers are granted to configured admin origins only (test/adminCors.test.ts).
    expect(allowed).not.toContain("authorization");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("exposes the request ID and error type to browsers, and never answers 5xx to garbage", async () => {
    const r = await callRaw(up.url, "SignUp", "\u0000\uffff{{{", { origin: "http://localhost:3000" });
    expect(r.status).toBe(400);
    expect(r.headers.get("access-control-expose-headers")).toContain("x-amzn-ErrorType");
    expect(r.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const proto = await callRaw(up.url, "SignUp", '{"__proto__":{"admin":true},"ClientId":{"constructor":1}}');
    expect(proto.status).toBe(400);
    expect(proto.body.__type).toBe("InvalidParameterException");
  });

  it("refuses bodies over the limit in Cognito's error shape", async () => {
    const r = await callRaw(up.url, "SignUp", JSON.stringify({ ClientId: CLIENT_ID, Pad: "x".repeat(300 * 1024) }));
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe("InvalidParameterException");
  });

  it("404s unknown paths with JSON; dev mailbox routes exist in development mode", async () => {
    const res = await fetch(`${up.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: "Not found: GET /nope" });
    const mailbox = await fetch(`${up.url}/_dev/mailbox`);
    expect(mailbox.status).toBe(200);
    expect(mailbox.headers.get("content-type")).toContain("text/html");
    // No CORS on the mailbox: other sites must not read confirmation codes from a developer's machine.
    expect(mailbox.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("GET / in a browser says how clients reach the API and links to the dev views; clients get 404", async () => {
    const res = await fetch(`${up.url}/`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain("<h1>User pool API</h1>");
    const base = up.services.urls.base(); // the public base (localhost), which the banner prints
    expect(page).toContain(`--endpoint-url ${base}</pre>`);
    const links = [...page.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toContain(`${base}/_dev/mailbox`);
    // No console build here: no link to a page that would only say so (console.development tests the link).
    expect(links).not.toContain(`${base}/_console/`);
    for (const link of links) expect((await fetch(link)).status, link).toBe(200);
    // An API client (fetch's and curl's */*, or JSON) keeps the JSON 404 of a path with no GET.
    for (const accept of ["*/*", "application/json"]) {
      const api = await fetch(`${up.url}/`, { headers: { accept } });
      expect(api.status, accept).toBe(404);
      expect(await api.json()).toMatchObject({ message: "Not found: GET /" });
    }
  });

  it("the mailbox lists newest first, escapes content and the JSON has the documented fields", async () => {
    const email = uniqueEmail("mbox");
    await up.anon.send(
      new SignUpCommand({
        ClientId: CLIENT_ID,
        Username: email,
        Password: GOOD_PASSWORD,
        UserAttributes: [{ Name: "name", Value: "<b>x</b>" }],
      }),
    );
    const list = (await (
      await fetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email.toUpperCase())}`)
    ).json()) as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "html", "subject", "text", "to"]);
    expect(new Date(list[0]!.createdAt as string).toString()).not.toBe("Invalid Date");
  });
});

describe("production mode", () => {
  let prod: TestUserpool;
  beforeAll(async () => {
    prod = await startTestUserpool({
      mode: "production",
      issuerBase: "https://auth.example.com",
      dataKey: randomBytes(32),
      adminCredentials: { AKIDPROD: randomBytes(30).toString("base64") },
      // Nothing listens on port 1: delivery fails, which must surface as Cognito's error, not a 500.
      smtpUrl: "smtp://127.0.0.1:1",
      mailFrom: "Authhub <no-reply@example.com>",
    });
  });
  afterAll(async () => {
    await prod?.close();
  });

  it(
    "serves no dev routes, issues under the configured issuer, " +
      "and reports mail failure as CodeDeliveryFailureException",
    async () => {
      expect((await fetch(`${prod.url}/_dev/mailbox`)).status).toBe(404);
      expect((await fetch(`${prod.url}/`, { headers: { accept: "text/html" } })).status).toBe(404);
      expect((await fetch(`${prod.url}/_dev/messages`)).status).toBe(404);
      expect(prod.issuer("us-east-1_TestPool1")).toBe("https://auth.example.com/us-east-1_TestPool1");
      const err = await anonClient(prod.url)
        .send(new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail(), Password: GOOD_PASSWORD }))
        .catch((e) => e);
      expect(err).toMatchObject({ name: "CodeDeliveryFailureException" });
    },
  );
});
