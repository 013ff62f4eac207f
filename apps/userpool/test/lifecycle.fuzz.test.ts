/**
 * Property-based fuzzing (fast-check) of every operation in the registry, on the raw wire: each
 * request starts from plausible values (a real pool, client, user, tokens) and fast-check mutates
 * members — dropped, wrong JSON types, oversize strings, CRLF, arbitrary Unicode, `__proto__` /
 * `constructor` keys — or the raw body bytes (invalid UTF-8, truncation, stray bytes). Admin
 * operations are signed with SigV4 over the exact bytes sent.
 *
 * Every answer must be a 200 or a Cognito-shaped 400 (`__type` from the error table, a message, the
 * x-amzn-ErrorType header), none may take a second or longer, the process must not crash, and
 * Object.prototype must stay clean. The number of inputs tried is printed.
 */
import { HttpRequest } from "@smithy/core/protocols";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import fc from "fast-check";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cognitoErrors from "../src/errors/cognitoErrors.js";
import type { UserpoolFileConfig } from "../src/config/fileSchema.js";
import { testEngines } from "./support/engines.js";
import { targets } from "../src/targets/registry.js";
import { srpSignIn } from "./support/signIn.js";
import { lifecycleConfig } from "./support/lifecycle.js";
import {
  GOOD_PASSWORD,
  POOL_ID,
  SRP_ONLY_CLIENT_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
  type TestUserpool,
} from "./support/userpool.js";

const RUNS_PER_OPERATION = 30;
const KNOWN_TYPES = new Set(Object.keys(cognitoErrors).filter((k) => k.endsWith("Exception")));
const ALL_FLOWS = [
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
] as const;

/** Deletion protection on every configured pool, so fuzzing DeleteUserPool cannot take the test pool away. */
function fuzzConfig(): UserpoolFileConfig {
  const c = lifecycleConfig();
  for (const p of c.UserPools) p.DeletionProtection = "ACTIVE";
  return c;
}

const signer = new SignatureV4({
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  region: "us-east-1",
  service: "cognito-idp",
  sha256: Hash.bind(null, "sha256"),
});

interface Answer {
  status: number;
  errorType: string | null;
  text: string;
  ms: number;
}

/** One engine's server and what its fuzzing saw. */
interface Run {
  up: EngineUserpool;
  tried: number;
  succeeded: number;
  errorTypes: Set<string>;
  slowest: { ms: number; op: string };
}

async function send(run: Run, op: string, body: Buffer, admin: boolean): Promise<Answer> {
  const { up } = run;
  const u = new URL(up.url);
  let headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `AWSCognitoIdentityProviderService.${op}`,
  };
  if (admin) {
    const signed = await signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: "http:",
        hostname: u.hostname,
        port: Number(u.port),
        path: "/",
        headers: { ...headers, host: u.host },
        body,
      }),
    );
    const { host: _host, ...rest } = signed.headers;
    headers = rest;
  }
  const t = performance.now();
  const res = await fetch(up.url, { method: "POST", headers, body });
  const text = await res.text();
  const ms = performance.now() - t;
  run.tried++;
  if (ms > run.slowest.ms) Object.assign(run.slowest, { ms, op });
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), text, ms };
}

function assertCognitoShaped(run: Run, op: string, a: Answer, sent: string): void {
  const where = `${op} ← ${sent.slice(0, 300)}`;
  expect(a.ms, `${where} took ${a.ms.toFixed(0)} ms`).toBeLessThan(1000);
  expect([200, 400], `${where} → ${a.status} ${a.text.slice(0, 200)}`).toContain(a.status);
  const body = JSON.parse(a.text) as Record<string, unknown>;
  expect(typeof body, where).toBe("object");
  if (a.status === 200) {
    run.succeeded++;
    return;
  }
  run.errorTypes.add(String(body.__type));
  expect(KNOWN_TYPES.has(String(body.__type)), `${where} → unknown error type ${String(body.__type)}`).toBe(true);
  expect(typeof body.message, where).toBe("string");
  expect(a.errorType, where).toBe(body.__type);
  expect(String(body.message), where).not.toMatch(/\bat .+:\d+:\d+\)?$|node_modules|TypeError|ReferenceError/m);
}

// --- generators ---------------------------------------------------------------------------------

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const oversize = fc.integer({ min: 129, max: 300_000 }).map((n) => "a".repeat(n));
const crlf = fc.string({ maxLength: 20 }).map((s) => `${s}\r\nX-Injected: 1\r\n\r\n`);
const anyUnicode = fc.string({ unit: "binary", maxLength: 40 });
const pollution = fc.constantFrom(
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"__proto__":null}',
);

/** One member: the plausible value, or a mutation of it. */
const member = (base: unknown) =>
  fc.oneof(
    { weight: base === undefined ? 3 : 30, arbitrary: fc.constant(base) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: oversize },
    { weight: 1, arbitrary: crlf },
    { weight: 1, arbitrary: anyUnicode },
    { weight: 1, arbitrary: pollution.map((j) => JSON.parse(j) as unknown) },
  );

/** Mutations of the raw body bytes. */
const rawMutation = fc.record({
  kind: fc.constantFrom("invalid-utf8", "truncate", "stray-bytes", "bom", "nul", "lone-surrogate-escape"),
  at: fc.nat(),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
});

function mutateRaw(json: string, m: { kind: string; at: number; bytes: Uint8Array }): Buffer {
  const buf = Buffer.from(json, "utf8");
  const at = buf.length ? m.at % buf.length : 0;
  switch (m.kind) {
    case "invalid-utf8":
      return Buffer.concat([buf.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), buf.subarray(at)]);
    case "truncate":
      return buf.subarray(0, at);
    case "stray-bytes":
      return Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]);
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
    case "nul":
      return Buffer.concat([buf.subarray(0, at), Buffer.from([0]), buf.subarray(at)]);
    default:
      // A JSON string escape for half a surrogate pair, in place of a value.
      return Buffer.from(json.replace(/:"[^"]*"/, ':"\\ud800"'), "utf8");
  }
}

// --- the suite ------------------------------------------------------------------------------------

/** Fresh plausible values for one operation's runs (earlier runs may have deleted or revoked things). */
async function plausibleValues(up: TestUserpool, op: string): Promise<Record<string, unknown>> {
  const email = uniqueEmail("fuzz");
  await up.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL_ID,
      Username: email,
      MessageAction: "SUPPRESS",
      TemporaryPassword: GOOD_PASSWORD,
      UserAttributes: [{ Name: "email_verified", Value: "true" }],
    }),
  );
  await up.admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  const tokens = (
    await srpSignIn(up.anon, {
      poolId: POOL_ID,
      clientId: SRP_ONLY_CLIENT_ID,
      username: email,
      password: GOOD_PASSWORD,
    })
  ).AuthenticationResult!;
  const client = await up.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: POOL_ID, ClientName: "fuzz", ExplicitAuthFlows: [...ALL_FLOWS] }),
  );
  await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: `fuzz-${op}` }));
  // Pool-level writes go to a pool of their own, so the shared pool keeps its settings.
  const poolId =
    op === "UpdateUserPool" || op === "DeleteUserPool"
      ? (await up.admin.send(new CreateUserPoolCommand({ PoolName: "fuzz-own" }))).UserPool!.Id!
      : POOL_ID;
  return {
    UserPoolId: poolId,
    ClientId: client.UserPoolClient!.ClientId!,
    Username: email,
    AccessToken: tokens.AccessToken!,
    Token: tokens.RefreshToken!,
    RefreshToken: tokens.RefreshToken!,
    Password: GOOD_PASSWORD,
    PreviousPassword: GOOD_PASSWORD,
    ProposedPassword: "Fuzz3d-Passw0rd!",
    TemporaryPassword: GOOD_PASSWORD,
    ConfirmationCode: "123456",
    Code: "123456",
    GroupName: `fuzz-${op}`,
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeResponses: { USERNAME: email },
    AttributeName: "email",
    UserAttributes: [{ Name: "given_name", Value: "Fuzz" }],
    UserAttributeNames: ["given_name"],
    PoolName: "fuzz pool",
    ClientName: "fuzz client",
    Limit: 10,
    MaxResults: 10,
    Filter: 'email ^= "fuzz"',
    Description: "fuzzed",
    Precedence: 1,
    Permanent: true,
  };
}

describe.each(testEngines())("fuzzing every operation on $name", (engine) => {
  const run: Run = {
    up: undefined as unknown as EngineUserpool,
    tried: 0,
    succeeded: 0,
    errorTypes: new Set(),
    slowest: { ms: 0, op: "" },
  };
  beforeAll(async () => {
    run.up = await startTestUserpoolOn(engine, { config: fuzzConfig() });
  });
  afterAll(async () => {
    await run.up?.stop();
    console.info(
      `[fuzz on ${engine.name}] ${run.tried} inputs tried across ${targets.size} operations: ` +
        `${run.succeeded} answered 200, the rest ${run.errorTypes.size} kinds of 400 ` +
        `(${[...run.errorTypes].sort().join(", ")}); ` +
        `slowest answer ${run.slowest.ms.toFixed(0)} ms (${run.slowest.op})`,
    );
  });

  for (const [op, target] of targets) {
    it(`${op}: only 200 or Cognito-shaped 400, each under a second`, async () => {
      const base = await plausibleValues(run.up, op);
      const shape = (target.input as unknown as z.ZodObject).shape as Record<string, unknown> | undefined;
      const members = Object.keys(shape ?? {});
      const body = fc.record(Object.fromEntries(members.map((m) => [m, member(base[m])])), { requiredKeys: [] });
      // Most runs keep the body well-formed, so the mutated members reach the handlers.
      const extra = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: pollution });
      const raw = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawMutation });
      await fc.assert(
        fc.asyncProperty(body, extra, raw, async (b, pollute, mutation) => {
          const obj = { ...(pollute ? (JSON.parse(pollute) as object) : {}), ...b };
          const json = JSON.stringify(obj);
          const bytes = mutation ? mutateRaw(json, mutation) : Buffer.from(json, "utf8");
          const answer = await send(run, op, bytes, target.access === "admin");
          assertCognitoShaped(run, op, answer, mutation ? `${mutation.kind}: ${json}` : json);
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
    });
  }

  it("plausible values reach past input validation (a fuzzer that only ever hits the validator proves little)", () => {
    expect(run.tried).toBeGreaterThanOrEqual(targets.size * RUNS_PER_OPERATION);
    expect(run.succeeded).toBeGreaterThan(run.tried / 10);
    expect(run.errorTypes.size).toBeGreaterThanOrEqual(8);
  });

  it("an unknown operation and a missing target header get Cognito-shaped 400s", async () => {
    assertCognitoShaped(run, "Nope", await send(run, "DoesNotExist", Buffer.from("{}"), false), "{}");
    const res = await fetch(run.up.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });
});
