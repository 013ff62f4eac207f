import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../log.js";
import { FunctionError, InvocationError, MalformedResponse } from "../failures.js";
import { TriggerModulePolicy } from "../modulePolicy.js";
import { parseReference } from "../reference.js";
import { InProcessTransport } from "./inProcess.js";

const fixtures = fileURLToPath(new URL("../../../test/support/triggers/", import.meta.url));
const log = createLogger({ level: "silent" });
const opts = () => ({
  signal: new AbortController().signal,
  timeoutMs: 5000,
  requestId: "req-1",
  region: "us-east-1",
  poolId: "us-east-1_UnitTest1",
  trigger: "PreSignUp" as const,
});
const event = (over: Record<string, unknown> = {}) => ({
  version: "1",
  triggerSource: "PreSignUp_SignUp",
  userName: "someone",
  request: { userAttributes: { email: "a@example.com" } },
  response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  ...over,
});

const tmp = mkdtempSync(join(tmpdir(), "inprocess-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The fixtures and this file's modules are allow-listed; admission itself is tested in modulePolicy.test.ts.
const modules = new TriggerModulePolicy({ baseDir: "/", allowedDirs: [fixtures, tmp] });
let n = 0;
/** A fresh module file (fresh URL, so Node's module cache never hands back an older one). */
function moduleFile(source: string, ext = "mjs"): string {
  const file = join(tmp, `m${n++}.${ext}`);
  writeFileSync(file, source);
  return file;
}

describe("in-process transport", () => {
  const t = new InProcessTransport({ log, modules });
  const run = (path: string, e: object = event()) => t.invoke(parseReference(path, "/"), e, opts());

  it("calls an ESM async handler and returns its answer as JSON data", async () => {
    const file = moduleFile(
      `export const handler = async (e, ctx) => ({ ...e, response: { ...e.response, autoConfirmUser: true }, ` +
        `seen: { fn: ctx.functionName, req: ctx.awsRequestId, left: ctx.getRemainingTimeInMillis() > 0, ` +
        `at: new Date(0), skip: undefined } });`,
    );
    const out = (await run(file)) as Record<string, any>;
    expect(out.response.autoConfirmUser).toBe(true);
    // Crossing "the wire": Dates become strings, undefined members vanish.
    expect(out.seen).toEqual({
      fn: file.split("/").pop()!.replace(".mjs", ""),
      req: "req-1",
      left: true,
      at: "1970-01-01T00:00:00.000Z",
    });
  });

  it("calls a CommonJS callback-style handler (exports.handler)", async () => {
    const out = (await run(join(fixtures, "callback.cjs"))) as Record<string, any>;
    expect(out.response.autoConfirmUser).toBe(true);
  });

  it("reports a CommonJS callback error as the function's error message", async () => {
    await expect(
      run(join(fixtures, "callback.cjs"), event({ request: { userAttributes: { email: "fail@example.com" } } })),
    ).rejects.toEqual(new FunctionError("callback says no"));
  });

  it("supports module.exports = { handler } with the legacy context.succeed / context.fail", async () => {
    const out = (await run(join(fixtures, "legacy-context.cjs"))) as Record<string, any>;
    expect(out.response.autoVerifyEmail).toBe(true);
    await expect(run(join(fixtures, "legacy-context.cjs"), event({ userName: "nobody" }))).rejects.toEqual(
      new FunctionError("legacy failure"),
    );
  });

  it("finds a handler on an ESM default export", async () => {
    const out = (await run(join(fixtures, "esm-default.mjs"))) as Record<string, any>;
    expect(out.response.autoConfirmUser).toBe(true);
  });

  it("a thrown error, a rejection and a thrown string all become FunctionError with their message", async () => {
    await expect(run(moduleFile(`export const handler = () => { throw new Error("sync boom"); };`))).rejects.toEqual(
      new FunctionError("sync boom"),
    );
    await expect(
      run(moduleFile(`export const handler = async () => { throw new TypeError("async boom"); };`)),
    ).rejects.toEqual(new FunctionError("async boom"));
    await expect(run(moduleFile(`export const handler = async () => { throw "just a string"; };`))).rejects.toEqual(
      new FunctionError("just a string"),
    );
  });

  it("the first answer wins when a handler both calls back and returns a promise", async () => {
    const out = await run(
      moduleFile(
        `export const handler = (e, ctx, cb) => { cb(null, { first: true }); ` +
          `return Promise.resolve({ first: false }); };`,
      ),
    );
    expect(out).toEqual({ first: true });
  });

  it("gives the function a copy of the event: its mutations do not reach the caller's object", async () => {
    const e = event();
    await run(
      moduleFile(`export const handler = async (e) => { e.request.userAttributes.email = "changed"; return e; };`),
      e,
    );
    expect(e.request.userAttributes.email).toBe("a@example.com");
  });

  it("an answer that cannot be serialised is malformed; no answer at all is null", async () => {
    await expect(
      run(moduleFile(`export const handler = async () => { const o = {}; o.self = o; return o; };`)),
    ).rejects.toBeInstanceOf(MalformedResponse);
    await expect(run(moduleFile(`export const handler = async () => undefined;`))).resolves.toBeNull();
  });

  it(
    "a missing module cannot be invoked (ResourceNotFoundException) " +
      "and the path is not in the message clients see",
    async () => {
      const err = await run(join(tmp, "does-not-exist.mjs")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvocationError);
      expect((err as InvocationError).code).toBe("ResourceNotFoundException");
    },
  );

  it(
    "a module without a handler, or one that throws while loading, " +
      "fails like Lambda (no server paths in the message)",
    async () => {
      const noHandler = await run(join(fixtures, "no-handler.mjs")).catch((e: unknown) => e);
      expect(noHandler).toEqual(new FunctionError("Runtime.HandlerNotFound: handler is undefined or not exported"));
      const broken = await run(join(fixtures, "broken.mjs")).catch((e: unknown) => e);
      expect(broken).toBeInstanceOf(FunctionError);
      expect((broken as Error).message).toBe("Runtime.ImportModuleError: the function module could not be loaded");
    },
  );

  it("loads a module once and calls close() on its handler when the transport closes", async () => {
    const file = moduleFile(
      `globalThis.__loads = (globalThis.__loads ?? 0) + 1;
       export const handler = Object.assign(async (e) => e, { close: async () => { globalThis.__closed = true; } });`,
    );
    const own = new InProcessTransport({ log, modules });
    const ref = parseReference(file, "/");
    await Promise.all([own.invoke(ref, event(), opts()), own.invoke(ref, event(), opts())]);
    await own.invoke(ref, event(), opts());
    expect((globalThis as any).__loads).toBe(1);
    await own.close();
    expect((globalThis as any).__closed).toBe(true);
  });

  it("init imports the module once (the Init phase); invoking afterwards finds it loaded", async () => {
    const file = moduleFile(
      `globalThis.__initLoads = (globalThis.__initLoads ?? 0) + 1;\nexport const handler = async (e) => e;`,
    );
    const own = new InProcessTransport({ log, modules });
    const ref = parseReference(file, "/");
    await own.init(ref, { poolId: "us-east-1_UnitTest1", trigger: "PreSignUp" });
    expect((globalThis as any).__initLoads).toBe(1);
    await own.init(ref, { poolId: "us-east-1_UnitTest1", trigger: "PreSignUp" });
    await own.invoke(ref, event(), opts());
    expect((globalThis as any).__initLoads).toBe(1);
    await own.close();
  });

  it("init never imports a module the policy refuses", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "inprocess-refused-"));
    try {
      const file = join(elsewhere, "refused.mjs");
      writeFileSync(file, `globalThis.__refusedLoaded = true;\nexport const handler = async (e) => e;`);
      const err = await t
        .init(parseReference(file, "/"), { poolId: "us-east-1_UnitTest1", trigger: "PreSignUp" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvocationError);
      expect((err as InvocationError).code).toBe("AccessDeniedException");
      expect((globalThis as any).__refusedLoaded).toBeUndefined();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("a failed init is not remembered: once the file is fixed, the invocation loads it", async () => {
    const file = moduleFile("export const handler = (");
    const ref = parseReference(file, "/");
    const failed = await t.init(ref, { poolId: "us-east-1_UnitTest1", trigger: "PreSignUp" }).catch((e: unknown) => e);
    expect(failed).toEqual(new FunctionError("Runtime.ImportModuleError: the function module could not be loaded"));
    writeFileSync(file, "export const handler = async () => ({ fixed: true });");
    expect(await t.invoke(ref, event(), opts())).toEqual({ fixed: true });
  });
});

describe("in-process transport: the function's log", () => {
  it("takes lines given to Symbol.for('authhub.lambda.logSink') into the server's logger, at its level", async () => {
    const lines: Record<string, unknown>[] = [];
    const serverLog = createLogger({
      level: "info",
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const t = new InProcessTransport({ log: serverLog, modules });
    // As packages/triggers/src/log.ts does: the sink is looked up per line, at init and per event.
    const file = moduleFile(
      `const log = (level, msg, fields) => globalThis[Symbol.for("authhub.lambda.logSink")](level, msg, fields);\n` +
        `log("info", "app database opened", { engine: "sqlite" });\n` +
        `log("debug", "below the server's level", {});\n` +
        `export const handler = async (e) => { log("error", "sync failed", { userName: e.userName }); return e; };`,
    );
    await t.invoke(parseReference(file, "/"), event(), opts());
    expect(lines.map(({ level, msg, source, engine, userName }) => ({ level, msg, source, engine, userName }))).toEqual(
      [
        { level: 30, msg: "app database opened", source: "trigger", engine: "sqlite", userName: undefined },
        { level: 50, msg: "sync failed", source: "trigger", engine: undefined, userName: "someone" },
      ],
    );
    await t.close();
    expect(Symbol.for("authhub.lambda.logSink") in globalThis).toBe(false);
  });
});
