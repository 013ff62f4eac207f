import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, startTestIssuer, type TestIssuer } from "../../test/support/issuer.js";
import { AuthError } from "./errors.js";
import { JwksKeyStore } from "./jwksKeyStore.js";

describe("JwksKeyStore", () => {
  let clock: ManualClock;
  let issuer: TestIssuer;
  let store: JwksKeyStore;
  beforeEach(async () => {
    clock = new ManualClock();
    issuer = await startTestIssuer({ clock });
    store = new JwksKeyStore({ jwksUri: issuer.jwksUri, clock });
  });
  afterEach(() => issuer.close());

  it("hydrates once and then serves known kids from memory", async () => {
    await store.hydrate();
    for (let i = 0; i < 100; i++) await store.getKey(issuer.kid);
    expect(issuer.fetches).toBe(1);
    expect(store.stats()).toMatchObject({ fetches: 1, failures: 0, keys: 1 });
  });

  it("refetches for an unknown kid at most once per 10 s, sharing one in-flight fetch", async () => {
    await store.hydrate();
    clock.advance(10_000);
    const attempts = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => store.getKey(`nope-${i}`)));
    expect(attempts.every((a) => a.status === "rejected" && (a.reason as AuthError).reason === "unknown_kid")).toBe(
      true,
    );
    expect(issuer.fetches).toBe(2);
    clock.advance(9_999);
    await expect(store.getKey("still-nope")).rejects.toMatchObject({ reason: "unknown_kid" });
    expect(issuer.fetches).toBe(2);
    clock.advance(1);
    await expect(store.getKey("again-nope")).rejects.toMatchObject({ reason: "unknown_kid" });
    expect(issuer.fetches).toBe(3);
  });

  it("picks up a rotated key when the gate is open", async () => {
    await store.hydrate();
    const newKid = await issuer.rotate();
    clock.advance(10_000);
    await expect(store.getKey(newKid)).resolves.toBeDefined();
    expect(store.has(newKid)).toBe(true);
  });

  it("drops keys the issuer stopped publishing", async () => {
    await store.hydrate();
    const oldKid = issuer.kid;
    const newKid = await issuer.rotate({ retireOld: true });
    clock.advance(10_000);
    await store.getKey(newKid);
    expect(store.has(oldKid)).toBe(false);
  });

  it("reports an unreachable JWKS as jwks_unavailable, keeps old keys, and retries after the gate", async () => {
    await store.hydrate();
    issuer.mode = "error";
    clock.advance(10_000);
    await expect(store.getKey("rotated?")).rejects.toMatchObject({ reason: "jwks_unavailable", status: 503 });
    // The keys we already hold keep working through the outage.
    await expect(store.getKey(issuer.kid)).resolves.toBeDefined();
    issuer.mode = "ok";
    const newKid = await issuer.rotate();
    await expect(store.getKey(newKid)).rejects.toMatchObject({ reason: "jwks_unavailable" });
    clock.advance(10_000);
    await expect(store.getKey(newKid)).resolves.toBeDefined();
  });

  it("treats a non-JSON JWKS as unavailable", async () => {
    issuer.mode = "garbage";
    await expect(store.hydrate()).rejects.toMatchObject({ reason: "jwks_unavailable" });
  });

  it("fails hydrate when nothing listens", async () => {
    await issuer.close();
    await expect(store.hydrate()).rejects.toBeInstanceOf(AuthError);
    expect(store.stats().failures).toBe(1);
  });

  it("ignores keys that are not RSA signing keys and refuses private members", async () => {
    const jwks = issuer.publicJwks();
    const body = {
      keys: [
        { ...jwks.keys[0], kid: "enc", use: "enc" },
        { ...jwks.keys[0], kid: "ps", alg: "PS256" },
        { kty: "oct", kid: "hmac", k: "c2VjcmV0" },
        { ...jwks.keys[0], kid: "private", d: "AQAB" },
        jwks.keys[0],
      ],
    };
    const fake = (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;
    const s = new JwksKeyStore({ jwksUri: "http://unused.invalid/jwks", clock, fetch: fake });
    await s.hydrate();
    expect(s.stats().keys).toBe(1);
    expect(s.has(issuer.kid)).toBe(true);
    for (const kid of ["enc", "ps", "hmac", "private"]) expect(s.has(kid)).toBe(false);
  });

  it("does not follow redirects", async () => {
    const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
      expect(init?.redirect).toBe("error");
      throw new TypeError("redirect");
    }) as typeof fetch;
    const s = new JwksKeyStore({ jwksUri: "http://unused.invalid/jwks", clock, fetch: fake });
    await expect(s.hydrate()).rejects.toMatchObject({ reason: "jwks_unavailable" });
  });
});
