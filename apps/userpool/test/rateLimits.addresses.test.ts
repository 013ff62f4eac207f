/**
 * Per-client-address limits in front of the unauthenticated endpoints: SignUp, InitiateAuth,
 * ConfirmSignUp, ForgotPassword (JSON API), GET /confirmUser, hosted POST /login and POST
 * /oauth2/token. Each allows 2 requests per address and minute here. Behind a trusted proxy
 * (USERPOOL_TRUSTED_PROXY_HOPS=1) the address is X-Forwarded-For's last entry, so another client is
 * not affected and a client cannot escape by writing the header itself; without the setting the
 * header is ignored. Requests are counted before they are read, so even junk counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { ADDRESS_ENDPOINTS, type AddressEndpoint } from "../src/services/requestRates/categories.js";
import { testEngines, type TestEngine } from "./support/engines.js";
import { startOAuthUserpool, type OAuthUserpool } from "./oauth/support.js";

const LIMIT = 2;

interface Answer {
  status: number;
  body: string;
}

interface EndpointCase {
  name: string;
  counter: AddressEndpoint;
  send(up: OAuthUserpool, forwardedFor: string | undefined): Promise<Answer>;
  /** The answer past the limit, in the endpoint's own protocol. */
  refused(a: Answer): boolean;
}

const json =
  (operation: string): EndpointCase["send"] =>
  async (up, xff) => {
    const res = await fetch(`${up.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
        ...(xff ? { "x-forwarded-for": xff } : {}),
      },
      body: "{}",
    });
    return { status: res.status, body: await res.text() };
  };
const jsonRefused = (a: Answer) => a.status === 400 && JSON.parse(a.body).__type === "TooManyRequestsException";

const CASES: EndpointCase[] = [
  { name: "SignUp", counter: "SignUp", send: json("SignUp"), refused: jsonRefused },
  { name: "InitiateAuth", counter: "InitiateAuth", send: json("InitiateAuth"), refused: jsonRefused },
  { name: "ConfirmSignUp", counter: "ConfirmSignUp", send: json("ConfirmSignUp"), refused: jsonRefused },
  { name: "ForgotPassword", counter: "ForgotPassword", send: json("ForgotPassword"), refused: jsonRefused },
  {
    name: "GET /confirmUser",
    counter: "ConfirmUserLink",
    send: async (up, xff) => {
      const res = await fetch(`${up.url}/confirmUser?client_id=x&user_name=y&confirmation_code=z`, {
        headers: xff ? { "x-forwarded-for": xff } : {},
      });
      return { status: res.status, body: await res.text() };
    },
    refused: (a) => a.status === 429 && a.body.includes("Too many requests"),
  },
  {
    name: "hosted POST /login",
    counter: "HostedLogin",
    send: async (up, xff) => {
      const res = await up.tlsFetch(`${up.hosted}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(xff ? { "x-forwarded-for": xff } : {}) },
        body: "username=a&password=b",
      });
      return { status: res.status, body: await res.text() };
    },
    refused: (a) => a.status === 429 && a.body.includes("Too many requests from this address"),
  },
  {
    name: "POST /oauth2/token",
    counter: "TokenEndpoint",
    send: async (up, xff) => {
      const res = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(xff ? { "x-forwarded-for": xff } : {}) },
        body: "grant_type=client_credentials",
      });
      return { status: res.status, body: await res.text() };
    },
    refused: (a) => a.status === 429 && JSON.parse(a.body).error === "slow_down",
  },
];

/**
 * A clock at the start of a minute (near real time, so the admin client's signatures stay valid);
 * it only moves when told.
 */
const minuteClock = () => new ManualClock(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
const addresses = Object.fromEntries(ADDRESS_ENDPOINTS.map((e) => [e, LIMIT]));

async function start(engine: TestEngine, clock: ManualClock, trustedProxyHops: number | undefined) {
  return startOAuthUserpool(engine, {
    clock,
    rateLimits: { mode: "off", addresses, ...(trustedProxyHops !== undefined ? { trustedProxyHops } : {}) },
  });
}

describe.each(testEngines())("per-address limits on $name", (engine) => {
  let proxied: OAuthUserpool & { cleanup(): Promise<void> };
  let direct: OAuthUserpool & { cleanup(): Promise<void> };
  const clock = minuteClock();
  beforeAll(async () => {
    proxied = await start(engine, clock, 1);
    direct = await start(engine, clock, undefined);
  });
  afterAll(async () => {
    await proxied?.cleanup();
    await direct?.cleanup();
  });

  it("the table covers all seven endpoints", () => {
    expect(CASES.map((c) => c.counter).sort()).toEqual([...ADDRESS_ENDPOINTS].sort());
  });

  it.each(CASES)(
    "$name: behind a trusted proxy, the third request of an address in a minute is refused, " +
      "another address is not, and the next minute admits",
    async (c) => {
      const a = `198.51.100.${10 + CASES.indexOf(c)}`;
      for (let i = 0; i < LIMIT; i++) expect(c.refused(await c.send(proxied, a)), `request ${i + 1}`).toBe(false);
      expect(c.refused(await c.send(proxied, a))).toBe(true);
      // The client wrote its own X-Forwarded-For; the proxy appended the real address: still refused.
      expect(c.refused(await c.send(proxied, `203.0.113.99, ${a}`))).toBe(true);
      expect(c.refused(await c.send(proxied, `198.51.100.${110 + CASES.indexOf(c)}`))).toBe(false);
      clock.advance(60_000);
      try {
        expect(c.refused(await c.send(proxied, a))).toBe(false);
      } finally {
        clock.advance(-60_000);
      }
    },
  );

  it.each(CASES)(
    "$name: without the proxy setting, X-Forwarded-For is ignored and every request counts for the peer",
    async (c) => {
      for (let i = 0; i < LIMIT; i++)
        expect(c.refused(await c.send(direct, `192.0.2.${i + 1}`)), `request ${i + 1}`).toBe(false);
      expect(c.refused(await c.send(direct, "192.0.2.200"))).toBe(true);
      expect(c.refused(await c.send(direct, undefined))).toBe(true);
    },
  );

  it("the hosted sign-up page shares the SignUp counter of its address", async () => {
    const a = "198.51.100.250";
    for (let i = 0; i < LIMIT; i++) await json("SignUp")(proxied, a);
    const page = await proxied.tlsFetch(`${proxied.hosted}/signup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": a },
      body: "username=a",
    });
    expect(page.status).toBe(429);
    const other = await proxied.tlsFetch(`${proxied.hosted}/signup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.251" },
      body: "username=a",
    });
    expect(other.status).toBe(400);
  });
});
