/**
 * Every operation and endpoint this server routes has a request-rate category (or a stated reason
 * for none), so an operation added later cannot slip past the limits unnoticed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastRsaKeys, startTestUserpool, type TestUserpool } from "../../../test/support/userpool.js";
import { DEFAULT_DEV_GOOGLE } from "../../dev/google/config.js";
import { createHostedApp } from "../../oauth/app.js";
import { grants } from "../../oauth/grants/index.js";
import { targets } from "../../targets/registry.js";
import {
  ADDRESS_ENDPOINTS,
  CATEGORY_RPS,
  ENDPOINT_RATES,
  OPERATION_ADDRESS_ENDPOINTS,
  OPERATION_CATEGORIES,
  TOKEN_GRANT_BUCKETS,
} from "./categories.js";

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
  rawPath?: unknown;
}

/** "METHOD path" of every route of an Express router; a mounted sub-router (other than at "/") as "USE path". */
function routesOf(stack: RouterLayer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== "_all") out.push(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle.stack) {
      if (layer.rawPath === "/") out.push(...routesOf(layer.handle.stack));
      else out.push(`USE ${String(layer.rawPath)}`);
    }
  }
  return out;
}

describe("request-rate categories", () => {
  let up: TestUserpool;
  beforeAll(async () => {
    up = await startTestUserpool();
  });
  afterAll(async () => {
    await up?.close();
  });

  it("every AWS JSON operation the router serves has Cognito's category, and the table lists no other", () => {
    const routed = [...targets.keys()].sort();
    expect(routed.filter((name) => OPERATION_CATEGORIES[name] === undefined)).toEqual([]);
    expect(Object.keys(OPERATION_CATEGORIES).sort()).toEqual(routed);
  });

  it(
    "every hosted / OAuth route has an entry in ENDPOINT_RATES " +
      "(a category, an operation, grants, or the reason it has none)",
    () => {
      const app = createHostedApp(up.services, {
        trustProxy: false,
        health: up.store.health,
        devGoogle: { config: DEFAULT_DEV_GOOGLE, store: up.store, generateRsaKeyPair: fastRsaKeys, hostnames: [] },
        devSaml: { store: up.store, generateRsaKeyPair: fastRsaKeys, hostnames: [] },
        devSocial: { store: up.store, hostnames: [] },
      });
      const routes = routesOf((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
      expect(routes).toContain("POST /oauth2/token");
      expect(routes.filter((r) => ENDPOINT_RATES[r] === undefined)).toEqual([]);
      // …and the table describes only routes that exist (plus the JSON listener's link page).
      expect(Object.keys(ENDPOINT_RATES).filter((r) => !routes.includes(r))).toEqual(["GET /confirmUser"]);
      for (const [endpoint, rate] of Object.entries(ENDPOINT_RATES)) {
        if ("operation" in rate) expect(targets.has(rate.operation), endpoint).toBe(true);
      }
    },
  );

  it("every grant of the token endpoint counts against a bucket", () => {
    expect([...grants.keys()].filter((g) => TOKEN_GRANT_BUCKETS[g] === undefined)).toEqual([]);
  });

  it(
    "the seven per-address counters cover SignUp, InitiateAuth, ConfirmSignUp, ForgotPassword, " +
      "/confirmUser, POST /login and POST /oauth2/token",
    () => {
      expect([...ADDRESS_ENDPOINTS].sort()).toEqual([
        "ConfirmSignUp",
        "ConfirmUserLink",
        "ForgotPassword",
        "HostedLogin",
        "InitiateAuth",
        "SignUp",
        "TokenEndpoint",
      ]);
      expect(Object.keys(OPERATION_ADDRESS_ENDPOINTS).sort()).toEqual([
        "ConfirmSignUp",
        "ForgotPassword",
        "InitiateAuth",
        "SignUp",
      ]);
      const byRoute = Object.fromEntries(
        Object.entries(ENDPOINT_RATES).flatMap(([route, rate]) =>
          "address" in rate && rate.address ? [[route, rate.address]] : [],
        ),
      );
      expect(byRoute).toEqual({
        "GET /confirmUser": "ConfirmUserLink",
        "POST /login": "HostedLogin",
        // The MFA step of a hosted sign-in shares the login's counter.
        "POST /mfa": "HostedLogin",
        "POST /oauth2/token": "TokenEndpoint",
        // The hosted pages that run an address-limited operation share its counter.
        "POST /signup": "SignUp",
        "POST /confirm": "ConfirmSignUp",
        "POST /forgotPassword": "ForgotPassword",
      });
    },
  );

  it("the default quotas are the published ones (requests per second)", () => {
    expect(CATEGORY_RPS).toEqual({
      UserAuthentication: 120,
      UserCreation: 50,
      UserFederation: 25,
      UserAccountRecovery: 30,
      UserRead: 120,
      UserUpdate: 25,
      UserToken: 120,
      UserResourceRead: 50,
      UserResourceUpdate: 25,
      UserList: 30,
      UserPoolRead: 15,
      UserPoolUpdate: 15,
      UserPoolResourceRead: 20,
      UserPoolResourceUpdate: 15,
      UserPoolClientRead: 15,
      UserPoolClientUpdate: 15,
      ClientAuthentication: 150,
      LimitManagement: 1,
    });
  });
});
