import { describe, expect, it, vi } from "vitest";
import { ConsoleError, createConsoleApi, describeError, toConsoleError } from "./consoleApi";

type Answer = { status: number; body?: unknown; raw?: string };

/** A fetch that answers from a queue and records what was sent. */
function server(...answers: Answer[]) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    const a = answers.shift() ?? { status: 200, body: {} };
    if (a.status === 204) return new Response(null, { status: 204 });
    return new Response(a.raw ?? JSON.stringify(a.body), { status: a.status });
  });
  const headers = (i: number) => (sent[i]?.init.headers ?? {}) as Record<string, string>;
  return { fetch, sent, headers };
}

const SESSION = { mode: "development", signedIn: true, who: "local developer", csrfToken: "csrf-1" };

describe("consoleApi", () => {
  it("sends the session's CSRF token on every POST and never on GET", async () => {
    const s = server(
      { status: 200, body: SESSION },
      { status: 200, body: { Users: [] } },
      { status: 200, body: { entries: [] } },
    );
    const api = createConsoleApi({ base: "/_console/api", fetch: s.fetch });
    await api.session();
    await api.op("ListUsers", { UserPoolId: "us-east-1_x" });
    await api.audit({ limit: 10 });
    expect(s.sent.map((r) => `${r.init.method} ${r.url}`)).toEqual([
      "GET /_console/api/session",
      "POST /_console/api/op/ListUsers",
      "GET /_console/api/audit?limit=10",
    ]);
    expect(s.headers(0)["x-csrf-token"]).toBeUndefined();
    expect(s.headers(1)["x-csrf-token"]).toBe("csrf-1");
    expect(s.headers(1)["content-type"]).toBe("application/json");
    expect(JSON.parse(String(s.sent[1]?.init.body))).toEqual({ UserPoolId: "us-east-1_x" });
    expect(s.headers(2)["x-csrf-token"]).toBeUndefined();
    expect(s.sent[1]?.init.credentials).toBe("same-origin");
  });

  it("sends the token on the token inspector's POST and on sign-out, then forgets it", async () => {
    const s = server(
      { status: 200, body: SESSION },
      { status: 200, body: {} },
      { status: 204 },
      { status: 200, body: {} },
    );
    const api = createConsoleApi({ base: "/_console/api", fetch: s.fetch });
    await api.session();
    await api.inspectToken("a.b.c");
    await api.signOut();
    expect(api.csrfToken).toBeUndefined();
    await api.op("ListUserPools", {});
    expect(s.headers(1)["x-csrf-token"]).toBe("csrf-1");
    expect(s.headers(2)["x-csrf-token"]).toBe("csrf-1");
    expect(s.headers(3)["x-csrf-token"]).toBeUndefined();
  });

  it("signs in without a CSRF token and uses the one the sign-in returns (after the MFA step)", async () => {
    const s = server(
      { status: 200, body: { mode: "production", signedIn: false } },
      { status: 200, body: { signedIn: false, challenge: "SOFTWARE_TOKEN_MFA", step: "st-1" } },
      { status: 200, body: { signedIn: true, who: "admin", csrfToken: "csrf-2", expiresAt: "2026-12-07T08:00:00Z" } },
      { status: 200, body: {} },
    );
    const api = createConsoleApi({ base: "/_console/api", fetch: s.fetch });
    await api.session();
    const first = await api.signIn({ userPoolId: "us-east-1_a", username: "admin", password: "pw" });
    expect(first).toEqual({ signedIn: false, challenge: "SOFTWARE_TOKEN_MFA", step: "st-1" });
    expect(api.csrfToken).toBeUndefined();
    await api.respond({ step: "st-1", code: "123456" });
    await api.op("AdminDisableUser", { UserPoolId: "p", Username: "u" });
    expect(s.sent[1]?.url).toBe("/_console/api/sign-in");
    expect(s.headers(1)["x-csrf-token"]).toBeUndefined();
    expect(s.sent[2]?.url).toBe("/_console/api/sign-in/respond");
    expect(JSON.parse(String(s.sent[2]?.init.body))).toEqual({ step: "st-1", code: "123456" });
    expect(s.headers(3)["x-csrf-token"]).toBe("csrf-2");
  });

  it("maps the Cognito error shape, dropping the namespace prefix", async () => {
    const s = server({
      status: 400,
      body: { __type: "com.amazonaws.cognito#UserNotFoundException", message: "User does not exist." },
    });
    const api = createConsoleApi({ base: "/x", fetch: s.fetch });
    const error = await api.op("AdminGetUser", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({
      kind: "cognito",
      code: "UserNotFoundException",
      message: "User does not exist.",
      status: 400,
    });
    expect(describeError(error)).toBe("UserNotFoundException: User does not exist.");
  });

  it("maps the console error shape and explains the codes in words", async () => {
    const s = server({ status: 403, body: { error: "csrf", message: "bad token" } });
    const api = createConsoleApi({ base: "/x", fetch: s.fetch });
    const error = await api.op("AdminDeleteUser", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "console", code: "csrf", status: 403 });
    expect(describeError(error)).toMatch(/cross-site/);
  });

  it("answers a body that is neither shape (a proxy's HTML 502) with the status", () => {
    expect(toConsoleError(502, undefined)).toMatchObject({ kind: "console", code: "http_502", status: 502 });
    expect(toConsoleError(500, { unexpected: true })).toMatchObject({ code: "http_500" });
  });

  it("turns a non-JSON error body and a failed fetch into ConsoleErrors", async () => {
    const s = server({ status: 502, raw: "<html>Bad gateway</html>" });
    const api = createConsoleApi({ base: "/x", fetch: s.fetch });
    await expect(api.mailbox()).rejects.toMatchObject({ code: "http_502", status: 502 });
    const down = createConsoleApi({ base: "/x", fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(down.session()).rejects.toMatchObject({ kind: "network", status: 0 });
  });

  it("reports a lost session once and drops the CSRF token", async () => {
    const lost = vi.fn();
    const s = server({ status: 200, body: SESSION }, { status: 401, body: { error: "no_session", message: "x" } });
    const api = createConsoleApi({ base: "/x", fetch: s.fetch, onSessionLost: lost });
    await api.session();
    await expect(api.op("ListUsers", {})).rejects.toMatchObject({ code: "no_session" });
    expect(lost).toHaveBeenCalledTimes(1);
    expect(api.csrfToken).toBeUndefined();
  });

  it("refuses an operation name that is not one (it becomes a path segment)", () => {
    const s = server();
    const api = createConsoleApi({ base: "/x", fetch: s.fetch });
    expect(() => api.op("../session", {})).toThrow(ConsoleError);
    expect(s.fetch).not.toHaveBeenCalled();
  });
});
