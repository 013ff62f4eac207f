import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { logLines } from "../../test/support/logLines.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { normalizePoolSettings } from "../services/poolSettings.js";
import type { Pool } from "../services/pools.js";
import { noTriggers } from "../services/triggers.js";
import type { UserRow } from "../store/index.js";
import { FunctionError, InvocationError } from "./failures.js";
import type { LambdaConfig, TriggerName } from "./lambdaConfig.js";
import { TriggerModulePolicy, type DeclaredModules } from "./modulePolicy.js";
import type { FunctionRef } from "./reference.js";
import { TriggerRuntime } from "./runtime.js";
import type { SenderCodeEncryptor } from "./senderCodes.js";
import type { Transport } from "./transports/transport.js";

const pool = (LambdaConfig?: LambdaConfig): Pool => ({
  id: "us-east-1_UnitTest1",
  name: "unit",
  settings: normalizePoolSettings(
    { UsernameAttributes: ["email"], ...(LambdaConfig ? { LambdaConfig } : {}) },
    "us-east-1",
  ),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const user: UserRow = {
  id: "7d5f2c1a-3b9e-4e80-a6c4-1f2e3d4c5b6a",
  poolId: "us-east-1_UnitTest1",
  username: "7d5f2c1a-3b9e-4e80-a6c4-1f2e3d4c5b6a",
  usernameKey: "7d5f2c1a-3b9e-4e80-a6c4-1f2e3d4c5b6a",
  status: "CONFIRMED",
  enabled: true,
  attributes: { sub: "7d5f2c1a-3b9e-4e80-a6c4-1f2e3d4c5b6a", email: "a@example.com", email_verified: "true" },
  srpSalt: null,
  verifierEnc: null,
  passwordSetAt: null,
  createdAt: 0,
  updatedAt: 0,
};

/** A transport that records calls and answers with `answer(event)`. */
function fakeTransport(
  answer: (event: any, ref: FunctionRef) => unknown,
): Transport & { calls: { ref: FunctionRef; event: any }[] } {
  const calls: { ref: FunctionRef; event: any }[] = [];
  return {
    calls,
    async invoke(ref, event) {
      calls.push({ ref, event });
      return answer(structuredClone(event), ref);
    },
  };
}

function runtime(
  transport: Transport,
  opts: { timeoutMs?: number; lines?: string[]; senderCodes?: SenderCodeEncryptor } = {},
) {
  const { log } = logLines(opts.lines);
  return new TriggerRuntime({
    log,
    modules: new TriggerModulePolicy({ baseDir: "/srv/app" }),
    timeoutMs: opts.timeoutMs ?? 1000,
    transports: { module: transport, lambda: transport },
    ...(opts.senderCodes ? { senderCodes: opts.senderCodes } : {}),
  });
}

async function caught(p: Promise<unknown>): Promise<CognitoError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof CognitoError)) throw new Error(`expected a CognitoError, got ${String(e)}`);
  return e;
}

const claims = () => ({
  idClaims: { sub: user.id, email: "a@example.com" },
  accessClaims: { sub: user.id, scope: "aws.cognito.signin.user.admin" },
});

describe("trigger runtime", () => {
  it("a pool without LambdaConfig behaves exactly like noTriggers and invokes nothing", async () => {
    const t = fakeTransport(() => {
      throw new Error("must not be called");
    });
    const rt = runtime(t);
    const p = pool();
    expect(await rt.preSignUp({ pool: p, source: "PreSignUp_SignUp", username: "u", attributes: {} })).toEqual(
      await noTriggers.preSignUp({ pool: p, source: "PreSignUp_SignUp", username: "u", attributes: {} }),
    );
    expect(
      await rt.preTokenGeneration({
        pool: p,
        source: "TokenGeneration_Authentication",
        user,
        claims: claims(),
        scopes: ["s"],
      }),
    ).toEqual({ ...claims(), scopes: ["s"] });
    expect(
      await rt.customMessage({
        pool: p,
        source: "CustomMessage_SignUp",
        user,
        codeParameter: "{####}",
        usernameParameter: "{username}",
      }),
    ).toBeUndefined();
    expect(
      await rt.userMigration({ pool: p, source: "UserMigration_Authentication", username: "x", password: "p" }),
    ).toBeUndefined();
    await rt.postConfirmation({ pool: p, source: "PostConfirmation_ConfirmSignUp", user });
    expect(t.calls).toEqual([]);
  });

  it(
    "resolves a relative module reference set through the API against the working directory, " +
      "and an ARN to the Lambda transport",
    async () => {
      const t = fakeTransport((e) => e);
      await runtime(t).postAuthentication({
        pool: pool({ PostAuthentication: "./triggers/post.mjs" }),
        user,
        newDeviceUsed: false,
      });
      await runtime(t).postAuthentication({
        pool: pool({ PostAuthentication: "arn:aws:lambda:us-east-1:123456789012:function:post" }),
        user,
        newDeviceUsed: false,
      });
      expect(t.calls.map((c) => c.ref)).toEqual([
        { kind: "module", path: "/srv/app/triggers/post.mjs", ref: "./triggers/post.mjs" },
        {
          kind: "lambda",
          arn: "arn:aws:lambda:us-east-1:123456789012:function:post",
          region: "us-east-1",
          functionName: "post",
          ref: "arn:aws:lambda:us-east-1:123456789012:function:post",
        },
      ]);
    },
  );

  it.each([
    [
      "PreSignUp",
      (rt: TriggerRuntime, p: Pool) =>
        rt.preSignUp({ pool: p, source: "PreSignUp_SignUp", username: "u", attributes: {} }),
    ],
    [
      "PostConfirmation",
      (rt: TriggerRuntime, p: Pool) => rt.postConfirmation({ pool: p, source: "PostConfirmation_ConfirmSignUp", user }),
    ],
    ["PreAuthentication", (rt: TriggerRuntime, p: Pool) => rt.preAuthentication({ pool: p, user })],
    [
      "PostAuthentication",
      (rt: TriggerRuntime, p: Pool) => rt.postAuthentication({ pool: p, user, newDeviceUsed: false }),
    ],
    [
      "PreTokenGeneration",
      (rt: TriggerRuntime, p: Pool) =>
        rt.preTokenGeneration({ pool: p, source: "TokenGeneration_RefreshTokens", user, claims: claims(), scopes: [] }),
    ],
    [
      "CustomMessage",
      (rt: TriggerRuntime, p: Pool) =>
        rt.customMessage({
          pool: p,
          source: "CustomMessage_ResendCode",
          user,
          codeParameter: "{####}",
          usernameParameter: "{username}",
        }),
    ],
    [
      "UserMigration",
      (rt: TriggerRuntime, p: Pool) =>
        rt.userMigration({
          pool: p,
          source: "UserMigration_Authentication",
          username: "u",
          password: "secret-Passw0rd",
        }),
    ],
  ] as const)(
    "%s: a throwing function, a malformed answer and a timeout are UserLambdaValidationException " +
      "with Cognito's message",
    async (name, call) => {
      const p = pool({ [name]: "./fn.mjs" });
      const threw = await caught(call(runtime(fakeTransport(() => Promise.reject(new FunctionError("no way")))), p));
      expect([threw.code, threw.message]).toEqual([
        "UserLambdaValidationException",
        `${name} failed with error no way.`,
      ]);

      const malformed = await caught(call(runtime(fakeTransport(() => "not an event")), p));
      expect([malformed.code, malformed.message]).toEqual([
        "UserLambdaValidationException",
        `${name} failed with error Unrecognizable lambda output.`,
      ]);

      const lines: string[] = [];
      const slow = await caught(
        call(
          runtime(
            fakeTransport(() => new Promise(() => {})),
            { timeoutMs: 50, lines },
          ),
          p,
        ),
      );
      expect([slow.code, slow.message]).toEqual([
        "UserLambdaValidationException",
        `${name} failed with error Task timed out after 0.05 seconds.`,
      ]);
      // The event (which may hold a password) never reaches the log.
      expect(lines.join("")).not.toContain("secret-Passw0rd");
      expect(lines.join("")).toContain("trigger timed out");
    },
  );

  it("loading the transport's client (prepare) does not count against the function's timeout", async () => {
    const transport = fakeTransport((event) => event);
    let prepared = false;
    transport.prepare = async () => {
      await new Promise((r) => setTimeout(r, 120));
      prepared = true;
    };
    await runtime(transport, { timeoutMs: 50 }).preAuthentication({
      pool: pool({ PreAuthentication: "arn:aws:lambda:us-east-1:123456789012:function:fn" }),
      user,
    });
    expect(prepared).toBe(true);
    expect(transport.calls).toHaveLength(1);
  });

  it("a function that cannot be invoked is UnexpectedLambdaException naming the cause", async () => {
    const e = await caught(
      runtime(
        fakeTransport(() => Promise.reject(new InvocationError("ResourceNotFoundException", "gone"))),
      ).preAuthentication({ pool: pool({ PreAuthentication: "./x.mjs" }), user }),
    );
    expect([e.code, e.message]).toEqual([
      "UnexpectedLambdaException",
      "PreAuthentication invocation failed due to error ResourceNotFoundException.",
    ]);
  });

  it("PreSignUp: reads the three flags; wrong types are malformed", async () => {
    const p = pool({ PreSignUp: "./fn.mjs" });
    const ok = runtime(fakeTransport((e) => ({ ...e, response: { autoConfirmUser: true, autoVerifyEmail: null } })));
    expect(
      await ok.preSignUp({
        pool: p,
        source: "PreSignUp_SignUp",
        username: "u",
        attributes: { email: "a@example.com" },
      }),
    ).toEqual({ autoConfirmUser: true, autoVerifyEmail: false, autoVerifyPhone: false });
    const bad = runtime(fakeTransport((e) => ({ ...e, response: { autoConfirmUser: "yes" } })));
    const err = await caught(bad.preSignUp({ pool: p, source: "PreSignUp_SignUp", username: "u", attributes: {} }));
    expect(err.message).toBe(
      "PreSignUp failed with error Invalid lambda response: response.autoConfirmUser must be a boolean.",
    );
  });

  it("PreTokenGeneration sends the version the pool asks for and applies the matching answer", async () => {
    const v2 = runtime(
      fakeTransport((e) => {
        expect([e.version, e.request.scopes, e.response]).toEqual([
          "2",
          ["aws.cognito.signin.user.admin"],
          { claimsAndScopeOverrideDetails: null },
        ]);
        return {
          ...e,
          response: {
            claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { db_user_id: "9" } } },
          },
        };
      }),
    );
    const out = await v2.preTokenGeneration({
      pool: pool({ PreTokenGenerationConfig: { LambdaArn: "./fn.mjs", LambdaVersion: "V2_0" } }),
      source: "TokenGeneration_Authentication",
      user,
      claims: claims(),
      scopes: ["aws.cognito.signin.user.admin"],
    });
    expect(out.accessClaims.db_user_id).toBe("9");
    expect(out.idClaims).not.toHaveProperty("db_user_id");
  });

  it(
    "CustomMessage: a message without the code placeholder falls back to the pool's template " +
      "(the subject still applies)",
    async () => {
      const p = pool({ CustomMessage: "./fn.mjs" });
      const ctx = {
        pool: p,
        source: "CustomMessage_SignUp" as const,
        user,
        codeParameter: "{####}",
        usernameParameter: "{username}",
      };
      const withCode = runtime(
        fakeTransport((e) => ({
          ...e,
          response: { ...e.response, emailSubject: "Hi", emailMessage: `Code: ${e.request.codeParameter}` },
        })),
      );
      expect(await withCode.customMessage(ctx)).toEqual({ subject: "Hi", message: "Code: {####}" });
      const withoutCode = runtime(
        fakeTransport((e) => ({ ...e, response: { ...e.response, emailSubject: "Hi", emailMessage: "No code here" } })),
      );
      expect(await withoutCode.customMessage(ctx)).toEqual({ subject: "Hi" });
      const invitation = runtime(
        fakeTransport((e) => ({
          ...e,
          response: { ...e.response, emailMessage: `Password ${e.request.codeParameter}` },
        })),
      );
      expect(await invitation.customMessage({ ...ctx, source: "CustomMessage_AdminCreateUser" })).toBeUndefined();
      const tooLong = runtime(
        fakeTransport((e) => ({ ...e, response: { ...e.response, emailSubject: "x".repeat(141) } })),
      );
      expect((await caught(tooLong.customMessage(ctx))).message).toBe(
        "CustomMessage failed with error Invalid lambda response: response.emailSubject is longer than 140 characters.",
      );
    },
  );

  it(
    "UserMigration: attributes create a user (CONFIRMED by default at sign-in, " +
      "always RESET_REQUIRED for forgot password); none means unknown",
    async () => {
      const p = pool({ UserMigration: "./fn.mjs" });
      const known = runtime(
        fakeTransport((e) => ({
          ...e,
          response: {
            ...e.response,
            userAttributes: { email: "a@example.com", email_verified: "true" },
            messageAction: "SUPPRESS",
          },
        })),
      );
      expect(
        await known.userMigration({
          pool: p,
          source: "UserMigration_Authentication",
          username: "a@example.com",
          password: "pw",
        }),
      ).toEqual({
        attributes: { email: "a@example.com", email_verified: "true" },
        finalUserStatus: "CONFIRMED",
        messageAction: "SUPPRESS",
        forceAliasCreation: false,
      });
      expect(
        (await known.userMigration({ pool: p, source: "UserMigration_ForgotPassword", username: "a@example.com" }))
          ?.finalUserStatus,
      ).toBe("RESET_REQUIRED");
      const unknown = runtime(fakeTransport((e) => e));
      expect(
        await unknown.userMigration({
          pool: p,
          source: "UserMigration_Authentication",
          username: "a@example.com",
          password: "pw",
        }),
      ).toBeUndefined();
      const bad = runtime(
        fakeTransport((e) => ({
          ...e,
          response: { ...e.response, userAttributes: { email: "a@example.com" }, finalUserStatus: "ACTIVE" },
        })),
      );
      expect(
        (
          await caught(
            bad.userMigration({ pool: p, source: "UserMigration_Authentication", username: "a", password: "pw" }),
          )
        ).message,
      ).toBe(
        "UserMigration failed with error Invalid lambda response: " +
          "response.finalUserStatus must be one of CONFIRMED, RESET_REQUIRED.",
      );
    },
  );

  it(
    "an answer nested deeper than 32 levels is malformed " + "(it would overflow the stack when the token is signed)",
    async () => {
      let deep: unknown = "x";
      for (let i = 0; i < 10_000; i++) deep = [deep];
      const rt = runtime(
        fakeTransport((e) => ({
          ...e,
          response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { deep } } } },
        })),
      );
      const err = await caught(
        rt.preTokenGeneration({
          pool: pool({ PreTokenGenerationConfig: { LambdaArn: "./fn.mjs", LambdaVersion: "V2_0" } }),
          source: "TokenGeneration_Authentication",
          user,
          claims: claims(),
          scopes: [],
        }),
      );
      expect([err.code, err.message]).toEqual([
        "UserLambdaValidationException",
        "PreTokenGeneration failed with error Unrecognizable lambda output.",
      ]);
    },
  );

  it(
    "prototype keys in an answer are never assigned: " + "claims and migrated attributes keep a plain prototype",
    async () => {
      // JSON.parse, as the Lambda transport reads a payload, makes "__proto__" an own key.
      const add = JSON.parse(
        '{"__proto__": {"polluted": 1, "email": "other@example.com"}, ' +
          '"constructor": {"prototype": {"polluted": 1}}, "tenant": "t1"}',
      );
      const v2 = runtime(
        fakeTransport((e) => ({
          ...e,
          response: {
            claimsAndScopeOverrideDetails: {
              idTokenGeneration: { claimsToAddOrOverride: add },
              accessTokenGeneration: { claimsToAddOrOverride: add },
            },
          },
        })),
      );
      const out = await v2.preTokenGeneration({
        pool: pool({ PreTokenGenerationConfig: { LambdaArn: "./fn.mjs", LambdaVersion: "V2_0" } }),
        source: "TokenGeneration_Authentication",
        user,
        claims: { idClaims: { sub: user.id }, accessClaims: { sub: user.id } },
        scopes: [],
      });
      for (const c of [out.idClaims, out.accessClaims]) {
        expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
        expect(c).toEqual({ sub: user.id, tenant: "t1" });
        expect("polluted" in c).toBe(false);
      }
      const attributes = JSON.parse('{"email": "a@example.com", "__proto__": {"email_verified": "true"}}');
      const migrate = runtime(
        fakeTransport((e) => ({ ...e, response: { ...e.response, userAttributes: attributes } })),
      );
      const migrated = await migrate.userMigration({
        pool: pool({ UserMigration: "./fn.mjs" }),
        source: "UserMigration_Authentication",
        username: "a@example.com",
        password: "pw",
      });
      expect(Object.keys(migrated!.attributes)).toEqual(["email"]);
      expect(Object.getPrototypeOf(migrated!.attributes)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it(
    "an operation without an app client says CLIENT_ID_NOT_APPLICABLE; " + "ClientMetadata appears only when given",
    async () => {
      const t = fakeTransport((e) => e);
      const p = pool({ PreSignUp: "./fn.mjs" });
      await runtime(t).preSignUp({ pool: p, source: "PreSignUp_AdminCreateUser", username: "u", attributes: {} });
      await runtime(t).preSignUp({
        pool: p,
        source: "PreSignUp_AdminCreateUser",
        username: "u",
        attributes: {},
        clientMetadata: { k: "v" },
      });
      expect(t.calls[0]!.event.callerContext.clientId).toBe("CLIENT_ID_NOT_APPLICABLE");
      expect(t.calls[0]!.event.request).not.toHaveProperty("clientMetadata");
      expect(t.calls[1]!.event.request.clientMetadata).toEqual({ k: "v" });
    },
  );
});

describe("custom sender triggers", () => {
  const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const FN = "arn:aws:lambda:us-east-1:111122223333:function:sender";
  const senderPool = pool({ CustomSMSSender: { LambdaVersion: "V1_0", LambdaArn: FN }, KMSKeyID: KEY });
  // Stands for the Encryption SDK: the runtime must hand over only what the encryptor returned.
  const keys: string[] = [];
  const senderCodes: SenderCodeEncryptor = {
    encrypt: async (keyArn, code) => {
      keys.push(keyArn);
      return Buffer.from(`sealed:${code.length}`).toString("base64");
    },
  };
  const send = (r: TriggerRuntime, channel: "email" | "sms") =>
    r.customSender({ pool: senderPool, channel, source: "CustomMessage_Authentication", user, code: "482913" });

  it("hands the encrypted code to the channel's sender with Cognito's event; none configured: false", async () => {
    const t = fakeTransport(() => null);
    const r = runtime(t, { senderCodes });
    expect(await send(r, "sms")).toBe(true);
    expect(keys).toEqual([KEY]);
    expect(t.calls).toHaveLength(1);
    const { event } = t.calls[0]!;
    expect(event).toEqual({
      version: "1",
      triggerSource: "CustomSMSSender_Authentication",
      region: "us-east-1",
      userPoolId: "us-east-1_UnitTest1",
      userName: user.username,
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "CLIENT_ID_NOT_APPLICABLE" },
      request: {
        type: "customSMSSenderRequestV1",
        code: Buffer.from("sealed:6").toString("base64"),
        userAttributes: { ...user.attributes, "cognito:user_status": "CONFIRMED" },
      },
    });
    expect(JSON.stringify(event)).not.toContain("482913");
    // The pool has no CustomEmailSender: e-mail goes out as usual.
    expect(await send(r, "email")).toBe(false);
    expect(t.calls).toHaveLength(1);
  });

  it("a failing sender fails the operation as Cognito's trigger errors, named after the sender", async () => {
    const failing = runtime(
      fakeTransport(() => {
        throw new FunctionError("provider down");
      }),
      { senderCodes },
    );
    expect(await caught(send(failing, "sms"))).toMatchObject({
      code: "UserLambdaValidationException",
      message: "CustomSMSSender failed with error provider down.",
    });
    const missing = runtime(
      fakeTransport(() => {
        throw new InvocationError("ResourceNotFoundException", "no such function");
      }),
      { senderCodes },
    );
    expect(await caught(send(missing, "sms"))).toMatchObject({
      code: "UnexpectedLambdaException",
      message: "CustomSMSSender invocation failed due to error ResourceNotFoundException.",
    });
  });

  it("never hands over a code it could not encrypt", async () => {
    const t = fakeTransport(() => null);
    await expect(send(runtime(t), "sms")).rejects.toThrow(/no KMS key or code encryptor/);
    const kmsDown: SenderCodeEncryptor = { encrypt: () => Promise.reject(new Error("AccessDeniedException")) };
    expect(await caught(send(runtime(t, { senderCodes: kmsDown }), "sms"))).toMatchObject({
      code: "CodeDeliveryFailureException",
      message: "CustomSMSSender could not encrypt the code under LambdaConfig.KMSKeyID.",
    });
    expect(t.calls).toEqual([]);
  });
});

describe("Init phase and warm-up (in-process modules)", () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "trigger-init-")));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  /** A fresh module (fresh URL) that counts its loads and its calls in globalThis[key]. */
  const counting = (
    key: string,
    body = "async (e) => ({ ...e, response: { ...e.response, autoConfirmUser: true } })",
  ) => {
    const file = join(dir, `fn${n++}.mjs`);
    writeFileSync(
      file,
      `const g = (globalThis.${key} ??= { loads: 0, calls: 0 });\ng.loads++;\n` +
        `const run = ${body};\nexport const handler = (e, c) => { g.calls++; return run(e, c); };\n`,
    );
    return file;
  };
  const seen = (key: string) => (globalThis as any)[key] as { loads: number; calls: number } | undefined;
  const signUp = (rt: TriggerRuntime, p: Pool) =>
    rt.preSignUp({ pool: p, source: "PreSignUp_SignUp", username: "u", attributes: {} });

  function moduleRuntime(
    o: { allowed?: boolean; declared?: DeclaredModules; timeoutMs?: number; initLimitMs?: number } = {},
  ) {
    const { lines, log } = logLines();
    const rt = new TriggerRuntime({
      log,
      modules: new TriggerModulePolicy({
        baseDir: "/",
        ...(o.allowed === false ? {} : { allowedDirs: [dir] }),
        ...(o.declared ? { declared: o.declared } : {}),
      }),
      timeoutMs: o.timeoutMs ?? 1000,
      ...(o.initLimitMs !== undefined ? { initLimitMs: o.initLimitMs } : {}),
    });
    return { rt, lines };
  }

  it(
    "warm() imports the pool's modules (declared or allow-listed) before the first call, " + "without calling them",
    async () => {
      const signUpFn = counting("__warmSignUp");
      const tokenFn = counting("__warmToken", "async (e) => e");
      const p = pool({
        PreSignUp: signUpFn,
        PreTokenGenerationConfig: { LambdaArn: `file:${tokenFn}`, LambdaVersion: "V1_0" },
        PostAuthentication: "arn:aws:lambda:us-east-1:123456789012:function:not-loaded-here",
      });
      // PreSignUp through the operator's declaration only (no allow-list), as a config file declares it.
      const declared: DeclaredModules = new Map([
        [
          p.id,
          new Map<TriggerName, string>([
            ["PreSignUp", signUpFn],
            ["PreTokenGeneration", `file:${tokenFn}`],
          ]),
        ],
      ]);
      const { rt } = moduleRuntime({ allowed: false, declared });
      await rt.warm(p);
      expect(seen("__warmSignUp")).toEqual({ loads: 1, calls: 0 });
      expect(seen("__warmToken")).toEqual({ loads: 1, calls: 0 });
      expect((await signUp(rt, p)).autoConfirmUser).toBe(true);
      expect(seen("__warmSignUp")).toEqual({ loads: 1, calls: 1 });
      await rt.close();
    },
  );

  it("warm-up never imports a module the policy refuses; it logs that, and the call fails as before", async () => {
    const refused = counting("__warmRefused");
    const p = pool({ PreSignUp: refused });
    const { rt, lines } = moduleRuntime({ allowed: false });
    await rt.warm(p);
    expect(seen("__warmRefused")).toBeUndefined();
    expect(lines.join("")).toContain("trigger warm-up failed");
    const e = await caught(signUp(rt, p));
    expect([e.code, e.message]).toEqual([
      "UnexpectedLambdaException",
      "PreSignUp invocation failed due to error AccessDeniedException.",
    ]);
    expect(seen("__warmRefused")).toBeUndefined();
  });

  it("a failed warm-up is not remembered: the invocation loads the module again", async () => {
    const file = join(dir, `fn${n++}.mjs`);
    writeFileSync(file, "export const handler = (");
    const p = pool({ PreSignUp: file });
    const { rt, lines } = moduleRuntime();
    await rt.warm(p);
    expect(lines.join("")).toContain("trigger warm-up failed");
    // Still broken at the first invocation: Cognito's error, as without warm-up.
    const e = await caught(signUp(rt, p));
    expect([e.code, e.message]).toEqual([
      "UserLambdaValidationException",
      "PreSignUp failed with error Runtime.ImportModuleError: the function module could not be loaded.",
    ]);
    writeFileSync(file, "export const handler = async (e) => ({ ...e, response: { autoConfirmUser: true } });");
    expect((await signUp(rt, p)).autoConfirmUser).toBe(true);
    await rt.close();
  });

  it("the time a module takes to load (top-level code) does not count against the invocation's timeout", async () => {
    const file = join(dir, `fn${n++}.mjs`);
    writeFileSync(
      file,
      "await new Promise((r) => setTimeout(r, 150));\n" +
        "export const handler = async (e) => ({ ...e, response: { autoConfirmUser: true } });",
    );
    const { rt } = moduleRuntime({ timeoutMs: 50 });
    expect((await signUp(rt, pool({ PreSignUp: file }))).autoConfirmUser).toBe(true);
    await rt.close();
  });

  it("a handler that runs longer than the timeout still times out, warm or not", async () => {
    const slow = counting("__warmSlow", "(e) => new Promise((r) => setTimeout(() => r(e), 400))");
    const p = pool({ PreSignUp: slow });
    const { rt } = moduleRuntime({ timeoutMs: 50 });
    for (const warm of [false, true]) {
      if (warm) await rt.warm(p);
      const started = performance.now();
      const e = await caught(signUp(rt, p));
      expect([e.code, e.message]).toEqual([
        "UserLambdaValidationException",
        "PreSignUp failed with error Task timed out after 0.05 seconds.",
      ]);
      expect(performance.now() - started).toBeLessThan(350);
    }
    expect(seen("__warmSlow")?.loads).toBe(1);
  });
});

describe("Init phase bounds", () => {
  /** A transport whose function loads when `loaded` settles; invoking waits for the load, as in-process does. */
  function loadingTransport(loaded: Promise<void>): Transport & { inits: number } {
    const t = {
      inits: 0,
      init: async () => {
        t.inits++;
        await loaded;
      },
      invoke: async (_ref: FunctionRef, event: object) => {
        await loaded;
        return { ...event, response: { autoConfirmUser: true } };
      },
    };
    return t;
  }
  const rtWith = (
    transport: Transport,
    timeoutMs: number,
    initLimitMs: number,
    lines: string[] = [],
    seconds: number[] = [],
  ) =>
    new TriggerRuntime({
      log: logLines(lines).log,
      modules: new TriggerModulePolicy({ baseDir: "/srv/app" }),
      timeoutMs,
      initLimitMs,
      transports: { module: transport },
      metrics: { trigger: (r) => seconds.push(r.seconds) },
    });
  const signUp = (rt: TriggerRuntime) =>
    rt.preSignUp({ pool: pool({ PreSignUp: "./fn.mjs" }), source: "PreSignUp_SignUp", username: "u", attributes: {} });
  const settleAfter = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it("a load within the init limit is not the invocation's time, nor in its duration metric", async () => {
    const t = loadingTransport(settleAfter(400));
    const seconds: number[] = [];
    expect((await signUp(rtWith(t, 50, 2000, [], seconds))).autoConfirmUser).toBe(true);
    expect(t.inits).toBe(1);
    // The 400 ms load is Init Duration; the invocation itself finds the function loaded.
    expect(seconds).toHaveLength(1);
    expect(seconds[0]).toBeLessThan(0.3);
  });

  it("a load past the init limit counts in the duration metric from the limit on", async () => {
    const seconds: number[] = [];
    // Limit 300 ms, load 600 ms: about 300 ms of it is the invocation's.
    await signUp(rtWith(loadingTransport(settleAfter(600)), 2000, 300, [], seconds));
    expect(seconds).toHaveLength(1);
    expect(seconds[0]).toBeGreaterThanOrEqual(0.25);
    expect(seconds[0]).toBeLessThan(0.55);
  });

  it("past the init limit, the rest of the load runs inside the timeout (as Lambda retries Init)", async () => {
    const lines: string[] = [];
    // Limit 60 ms, load 120 ms: the remaining ~60 ms fit in a 300 ms timeout.
    expect((await signUp(rtWith(loadingTransport(settleAfter(120)), 300, 60, lines))).autoConfirmUser).toBe(true);
    expect(lines.join("")).toContain("trigger init ran past its limit");
  });

  it("a load that never ends fails after the init limit plus the timeout, as a timed-out invocation", async () => {
    const started = performance.now();
    const e = await caught(signUp(rtWith(loadingTransport(new Promise(() => {})), 50, 80)));
    const took = performance.now() - started;
    expect([e.code, e.message]).toEqual([
      "UserLambdaValidationException",
      "PreSignUp failed with error Task timed out after 0.05 seconds.",
    ]);
    expect(took).toBeGreaterThanOrEqual(125);
    expect(took).toBeLessThan(2000);
  });

  it("a load that fails in the Init phase is reported as the invocation's failure, as before", async () => {
    const t: Transport = {
      init: () =>
        Promise.reject(new FunctionError("Runtime.ImportModuleError: the function module could not be loaded")),
      invoke: () => Promise.reject(new Error("must not be called")),
    };
    const e = await caught(signUp(rtWith(t, 50, 1000)));
    expect([e.code, e.message]).toEqual([
      "UserLambdaValidationException",
      "PreSignUp failed with error Runtime.ImportModuleError: the function module could not be loaded.",
    ]);
  });
});
