/**
 * What a web page on another site can do to a server on a developer's machine: drive the admin
 * API with the published local/local keys (CORS), or read the dev mailbox and the development
 * Google after DNS rebinding (Host). SQLite always, PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { request } from "node:https";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { fetchTrusting } from "../src/tls/fetch.js";
import {
  adminClient,
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

const EVIL = "https://evil.example";
const CONSOLE = "https://console.example";
const SIGV4_HEADERS = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"];

/** An admin client whose requests carry an Origin header, as a browser's would. */
function adminFrom(url: string, origin: string): CognitoIdentityProviderClient {
  const client = adminClient(url);
  client.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers.origin = origin;
      return next(args);
    },
    { step: "build", name: "browserOrigin" },
  );
  return client;
}

/**
 * GET over TLS to the hosted listener with a chosen Host header. The certificate is checked for
 * localhost (SNI), as if the browser had been made to accept it; only the Host header is the attacker's.
 */
function hostedGet(url: string, host: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { host }, ca, servername: "localhost", checkServerIdentity: () => undefined },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function preflight(url: string, origin: string, headers: string) {
  return fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers },
  });
}

describe.each(testEngines())("cross-origin requests on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { adminAllowedOrigins: [CONSOLE], issuerBase: "http://userpool.test" });
  });
  afterAll(() => up?.stop());

  describe("admin API (CORS)", () => {
    it("a preflight from another site asking for the SigV4 headers is not granted them", async () => {
      const res = await preflight(
        up.url,
        EVIL,
        "authorization,content-type,x-amz-date,x-amz-target,x-amz-content-sha256",
      );
      const granted = (res.headers.get("access-control-allow-headers") ?? "").split(", ");
      for (const h of SIGV4_HEADERS) expect(granted).not.toContain(h);
      expect(res.headers.get("vary")).toMatch(/Origin/);
    });

    it("an allowed admin origin is granted them, for its own origin only", async () => {
      const res = await preflight(up.url, CONSOLE, "authorization,content-type,x-amz-date,x-amz-target");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(CONSOLE);
      const granted = res.headers.get("access-control-allow-headers")!.split(", ");
      for (const h of [...SIGV4_HEADERS, "x-amz-target", "content-type"]) expect(granted).toContain(h);
    });

    it(
      "a correctly signed admin call from another site's page " + "is refused in Cognito's shape, and changes nothing",
      async () => {
        const email = uniqueEmail("cors");
        const err = await adminFrom(up.url, EVIL)
          .send(new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, MessageAction: "SUPPRESS" }))
          .catch((e: unknown) => e);
        expect(err).toMatchObject({
          name: "NotAuthorizedException",
          $metadata: { httpStatusCode: 400 },
          message: `Browser origin ${EVIL} may not call IAM-authorized operations.`,
        });
        await expect(
          up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email })),
        ).rejects.toMatchObject({ name: "UserNotFoundException" });
      },
    );

    it("the allowed origin, and callers without an Origin (SDKs, CLIs), still reach admin operations", async () => {
      const email = uniqueEmail("console");
      await adminFrom(up.url, CONSOLE).send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, MessageAction: "SUPPRESS" }),
      );
      expect(
        (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).Username,
      ).toBeTruthy();
    });

    it("public operations stay open to every origin: preflight and call", async () => {
      const res = await preflight(
        up.url,
        EVIL,
        "content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request",
      );
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const granted = res.headers.get("access-control-allow-headers")!.split(", ");
      for (const h of [
        "content-type",
        "x-amz-target",
        "x-amz-user-agent",
        "cache-control",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
      ])
        expect(granted).toContain(h);

      const r = await callRaw(
        up.url,
        "SignUp",
        { ClientId: CLIENT_ID, Username: uniqueEmail("public"), Password: GOOD_PASSWORD },
        { origin: EVIL },
      );
      expect(r.status).toBe(200);
      expect(r.body.UserSub).toBeTruthy();
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
    });
  });

  describe("development routes (Host)", () => {
    const plainFetch = fetchTrusting([]);
    let email: string;
    beforeAll(async () => {
      email = uniqueEmail("rebind");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    });

    it.each(["/_dev/messages", "/_dev/mailbox"])(
      "%s under a rebound name (Host: attacker.example) is a plain 404 with nothing of the mailbox",
      async (path) => {
        const res = await plainFetch(`${up.url}${path}`, { headers: { host: `attacker.example:${up.port}` } });
        expect(res.status).toBe(404);
        const body = await res.text();
        expect(body).toBe(JSON.stringify({ message: `Not found: GET ${path}` }));
        expect(body).not.toContain(email);
      },
    );

    it.each(["localhost", "127.0.0.1", "[::1]", "userpool.test"])(
      "/_dev/messages answers Host: %s (loopback, or the configured issuer base)",
      async (name) => {
        const res = await plainFetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email)}`, {
          headers: { host: `${name}:${up.port}` },
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toContain(email);
      },
    );

    it("the development Google answers to localhost, not to a rebound name", async () => {
      const tls = fetchTrusting([up.devCaPem!]);
      const discovery = `${up.hostedUrl}/_dev/google/.well-known/openid-configuration`;
      const ok = await tls(discovery);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { issuer: string }).issuer).toBe(`${up.hostedUrl}/_dev/google`);
      const port = new URL(up.hostedUrl!).port;
      // The same request with this machine's name is served: the check is on the name, nothing else.
      expect((await hostedGet(discovery, `localhost:${port}`, up.devCaPem!)).status).toBe(200);
      for (const path of [
        "/_dev/google/.well-known/openid-configuration",
        "/_dev/google/jwks",
        "/_dev/google/authorize",
      ]) {
        const res = await hostedGet(`${up.hostedUrl}${path}`, `attacker.example:${port}`, up.devCaPem!);
        expect(res.status).toBe(404);
        expect(res.body).toContain("There is nothing at this address.");
        expect(res.body).not.toContain("authorization_endpoint");
      }
    });
  });
});
