import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient } from "./apiClient";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function setup(responses: Array<Response | Error>, tokens: Array<string | null> = ["token-1", "token-2"]) {
  const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error("unexpected extra fetch");
    if (next instanceof Error) throw next;
    return next;
  });
  const getToken = vi.fn(async (_options: { forceRefresh: boolean }) =>
    tokens.length > 1 ? tokens.shift()! : tokens[0]!,
  );
  const client = createApiClient({
    baseUrl: "http://api.test/",
    getToken,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  return { client, fetch, getToken };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("createApiClient", () => {
  it("sends the token as a Bearer header and returns the JSON body", async () => {
    const { client, fetch, getToken } = setup([json(200, [{ id: 1 }])]);
    await expect(client.get("/users")).resolves.toEqual([{ id: 1 }]);
    expect(getToken).toHaveBeenCalledWith({ forceRefresh: false });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("http://api.test/users");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer token-1");
  });

  it("retries a 401 once with a force-refreshed token", async () => {
    const { client, fetch, getToken } = setup([json(401, { error: "invalid_token" }), json(200, [])]);
    await expect(client.get("/users")).resolves.toEqual([]);
    expect(getToken).toHaveBeenLastCalledWith({ forceRefresh: true });
    expect(new Headers(fetch.mock.calls[1]![1]?.headers).get("Authorization")).toBe("Bearer token-2");
  });

  it("turns a second 401 into a readable error, saying when the token expired", async () => {
    const { client } = setup([
      json(401, { error: "invalid_token", message: "Token expired" }),
      json(401, { message: "Token expired" }),
    ]);
    const error = await failure(client.get("/users"));
    expect(error.kind).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.message).toBe("Your session has expired. Sign in again.");
  });

  it("turns a 401 without detail into a sign-in message", async () => {
    const { client } = setup([new Response("nope", { status: 401 }), new Response("nope", { status: 401 })]);
    expect((await failure(client.get("/users"))).message).toBe(
      "The API did not accept your sign-in. Sign out and sign in again.",
    );
  });

  it("reports 'not signed in' without calling the API when there is no token", async () => {
    const { client, fetch } = setup([], [null]);
    const error = await failure(client.get("/users"));
    expect(error.kind).toBe("notSignedIn");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("reports signed out when the forced refresh after a 401 yields no token", async () => {
    const { client } = setup([json(401, {})], ["stale", null]);
    expect((await failure(client.get("/users"))).kind).toBe("notSignedIn");
  });

  it.each([
    [500, "The API had a problem (HTTP 500). Try again in a moment."],
    [502, "The API had a problem (HTTP 502). Try again in a moment."],
    [503, "The API is temporarily unavailable (503). Try again in a moment."],
  ])("maps HTTP %i to a server error without internals", async (status, message) => {
    const { client } = setup([json(status, { error: "internal", message: "TypeError at db.ts:42" })]);
    const error = await failure(client.get("/users"));
    expect(error.kind).toBe("server");
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("db.ts");
  });

  it("maps 403 and other 4xx answers", async () => {
    expect((await failure(setup([json(403, {})]).client.get("/users"))).kind).toBe("forbidden");
    const notFound = await failure(
      setup([json(404, { error: "not_found", message: "No route GET /nope" })]).client.get("/nope"),
    );
    expect(notFound.kind).toBe("http");
    expect(notFound.message).toBe("The API refused the request (HTTP 404): No route GET /nope");
  });

  it("maps an unreachable API to a network error naming the URL", async () => {
    const error = await failure(setup([new TypeError("Failed to fetch")]).client.get("/users"));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/Cannot reach the API at http:\/\/api.test/);
  });

  it("rejects a 200 that is not JSON", async () => {
    const error = await failure(setup([new Response("<html>", { status: 200 })]).client.get("/users"));
    expect(error.kind).toBe("badResponse");
  });
});
