import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attacks, type AttackClass, type AttackContext } from "./attacks/corpus.js";
import { bearer, startTestApi, type TestApi } from "./support/app.js";
import { engines, type OpenedDb } from "./support/engines.js";
import { newRsaKey, startTestIssuer, type TestIssuer } from "./support/issuer.js";

describe("attack corpus", () => {
  let opened: OpenedDb;
  let issuer: TestIssuer;
  let idApi: TestApi;
  let accessApi: TestApi;
  let listener: Server;
  let listenerHits = 0;
  let ctx: AttackContext;

  beforeAll(async () => {
    opened = await engines[0]![1]();
    issuer = await startTestIssuer();
    // Anything that reaches this listener followed a header-supplied key URL.
    listener = createServer((_req, res) => {
      listenerHits++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [attacker.publicJwk] }));
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const attacker = await newRsaKey();
    ctx = {
      issuer,
      attacker,
      listenerUrl: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
      nowSec: Math.floor(Date.now() / 1000),
    };
    idApi = await startTestApi(opened.db, issuer, { tokenUse: "id" });
    accessApi = await startTestApi(opened.db, issuer, { tokenUse: "access", migrate: false });
  });
  afterAll(async () => {
    await idApi.close();
    await accessApi.close();
    listener.closeAllConnections();
    await new Promise((r) => listener.close(r));
    await issuer.close();
    await opened.done();
  });

  it("admits the genuine tokens, so every refusal below is the attack's doing", async () => {
    expect((await fetch(`${idApi.url}/users`, { headers: bearer(await issuer.idToken()) })).status).toBe(200);
    expect((await fetch(`${accessApi.url}/users`, { headers: bearer(await issuer.accessToken()) })).status).toBe(200);
  });

  it.each(attacks.map((a) => [a.class, a.name, a] as const))("%s: %s → 401", async (_class, _name, attack) => {
    const authorization = await attack.authorization(ctx);
    const api = attack.api === "id" ? idApi : accessApi;
    const res = await fetch(`${api.url}/users`, authorization === undefined ? {} : { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("invalid_token");
    expect(body.message.length).toBeGreaterThan(0);
    const requestId = res.headers.get("x-request-id")!;
    const refusal = api.logs
      .map((l) => JSON.parse(l) as { req?: { id?: string }; authFailure?: string })
      .find((l) => l.req?.id === requestId && l.authFailure);
    expect(refusal?.authFailure).toBe(attack.refusedAs);
  });

  it("never made a request to a header-supplied key URL", () => {
    expect(listenerHits).toBe(0);
  });

  it("covers every attack class the API must refuse", () => {
    const required: AttackClass[] = [
      "alg:none",
      "HS256 signed with the public key",
      "unknown kid",
      "jku/x5u header pointing at a listener",
      "jwk header (embedded key)",
      "wrong iss",
      "wrong aud or client_id",
      "ID token where an access token is required",
      "expired",
      "nbf in the future",
      "tampered payload",
      "truncated or garbage",
    ];
    const covered = new Set(attacks.map((a) => a.class));
    expect(required.filter((c) => !covered.has(c))).toEqual([]);
    expect(attacks.some((a) => a.name.startsWith("x5u"))).toBe(true);
    expect(attacks.some((a) => a.class === "wrong aud or client_id" && a.api === "access")).toBe(true);
  });
});
