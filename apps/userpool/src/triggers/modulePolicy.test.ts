import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config/errors.js";
import { resolveRuntimeConfig } from "../config/runtime.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { InvocationError } from "./failures.js";
import type { LambdaConfig } from "./lambdaConfig.js";
import { declaredModules, TriggerModulePolicy } from "./modulePolicy.js";

// tmp/allowed/{ok.mjs, sub/deep.mjs, link-out.mjs → ../outside/evil.mjs, dir-out → ../outside}, tmp/outside/evil.mjs,
// tmp/alias → tmp/allowed (an allow-listed directory configured through a symlink).
const tmp = realpathSync(mkdtempSync(join(tmpdir(), "module-policy-")));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const allowed = join(tmp, "allowed");
const outside = join(tmp, "outside");
mkdirSync(join(allowed, "sub"), { recursive: true });
mkdirSync(outside);
for (const f of [join(allowed, "ok.mjs"), join(allowed, "sub", "deep.mjs"), join(outside, "evil.mjs")])
  writeFileSync(f, "export const handler = async (e) => e;\n");
symlinkSync(join(outside, "evil.mjs"), join(allowed, "link-out.mjs"));
symlinkSync(outside, join(allowed, "dir-out"));
symlinkSync(allowed, join(tmp, "alias"));

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:hook";
const POOL = "us-east-1_PolicyT01";

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof CognitoError)) throw new Error(`expected a refusal, got ${String(e)}`);
  expect(e.code).toBe("InvalidParameterException");
  return e.message;
}
const onlyArns = (member: string) =>
  `LambdaConfig.${member}: only Lambda function ARNs can be set through the API; ` +
  "in-process trigger modules are declared in the config file or under USERPOOL_TRIGGER_MODULE_DIRS.";

describe("trigger modules through the API", () => {
  const none = new TriggerModulePolicy({ baseDir: tmp });
  const listed = new TriggerModulePolicy({ baseDir: tmp, allowedDirs: [allowed] });

  it.each([
    join(outside, "evil.mjs"),
    `file:${join(outside, "evil.mjs")}`,
    pathToFileURL(join(outside, "evil.mjs")).href,
    "./outside/evil.mjs",
    "file:./outside/evil.mjs",
    "../x/evil.mjs",
    join(allowed, "ok.mjs"), // allowed only when allow-listed
  ])("without an allow-list, %s is refused naming the member", async (ref) => {
    expect(await refusal(none.checkApiLambdaConfig({ PreSignUp: ref }, undefined))).toBe(onlyArns("PreSignUp"));
    expect(
      await refusal(
        none.checkApiLambdaConfig({ PreTokenGenerationConfig: { LambdaArn: ref, LambdaVersion: "V2_0" } }, undefined),
      ),
    ).toBe(onlyArns("PreTokenGenerationConfig.LambdaArn"));
    expect(await refusal(none.checkApiLambdaConfig({ DefineAuthChallenge: ref }, undefined))).toBe(
      onlyArns("DefineAuthChallenge"),
    );
  });

  it("Lambda ARNs are accepted; bad references keep their own message", async () => {
    await expect(
      none.checkApiLambdaConfig(
        { PreSignUp: ARN, PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V1_0" } },
        undefined,
      ),
    ).resolves.toBeUndefined();
    expect(await refusal(none.checkApiLambdaConfig({ PreSignUp: "hook" }, undefined))).toBe(
      "LambdaConfig.PreSignUp must be a Lambda function ARN or a module path such as file:./triggers/handler.mjs.",
    );
  });

  it.each([
    join(allowed, "ok.mjs"),
    `file:${join(allowed, "sub", "deep.mjs")}`,
    pathToFileURL(join(allowed, "ok.mjs")).href,
    "./allowed/ok.mjs",
    "./allowed/sub/../ok.mjs",
  ])("with an allow-list, %s (inside) is accepted", async (ref) => {
    await expect(listed.checkApiLambdaConfig({ PostConfirmation: ref }, undefined)).resolves.toBeUndefined();
  });

  it.each([
    ["outside", join(outside, "evil.mjs")],
    ["`..` out of the directory", "./allowed/../outside/evil.mjs"],
    ["`..` in an absolute path", `${allowed}/../outside/evil.mjs`],
    ["a symlinked file pointing out", join(allowed, "link-out.mjs")],
    ["a symlinked directory pointing out", join(allowed, "dir-out", "evil.mjs")],
    ["a sibling sharing the prefix", `${allowed}-x/ok.mjs`],
  ])("with an allow-list, %s is refused naming the member", async (_why, ref) => {
    expect(await refusal(listed.checkApiLambdaConfig({ PostConfirmation: ref }, undefined))).toBe(
      onlyArns("PostConfirmation"),
    );
  });

  it("a missing module inside an allowed directory is refused as missing", async () => {
    expect(await refusal(listed.checkApiLambdaConfig({ PreSignUp: join(allowed, "nope.mjs") }, undefined))).toBe(
      "LambdaConfig.PreSignUp: the module does not exist in a directory of USERPOOL_TRIGGER_MODULE_DIRS.",
    );
  });

  it("an allowed directory configured through a symlink admits both spellings, by real path", async () => {
    const viaAlias = new TriggerModulePolicy({ baseDir: tmp, allowedDirs: [join(tmp, "alias")] });
    await expect(
      viaAlias.checkApiLambdaConfig({ PreSignUp: join(tmp, "alias", "ok.mjs") }, undefined),
    ).resolves.toBeUndefined();
    await expect(
      viaAlias.checkApiLambdaConfig({ PreSignUp: join(allowed, "ok.mjs") }, undefined),
    ).resolves.toBeUndefined();
    expect(
      await refusal(viaAlias.checkApiLambdaConfig({ PreSignUp: join(tmp, "alias", "link-out.mjs") }, undefined)),
    ).toBe(onlyArns("PreSignUp"));
  });

  it(
    "UpdateUserPool may repeat the module a member already names (Describe → Update), " + "and only for that member",
    async () => {
      const current: LambdaConfig = {
        PreSignUp: join(outside, "evil.mjs"),
        PreTokenGeneration: "./hooks/t.mjs",
        PreTokenGenerationConfig: { LambdaArn: "./hooks/t.mjs", LambdaVersion: "V2_0" },
      };
      await expect(none.checkApiLambdaConfig(current, current)).resolves.toBeUndefined();
      await expect(
        none.checkApiLambdaConfig({ PreSignUp: current.PreSignUp, PostConfirmation: ARN }, current),
      ).resolves.toBeUndefined();
      expect(await refusal(none.checkApiLambdaConfig({ PostConfirmation: current.PreSignUp }, current))).toBe(
        onlyArns("PostConfirmation"),
      );
      expect(await refusal(none.checkApiLambdaConfig({ PreSignUp: `file:${current.PreSignUp}` }, current))).toBe(
        onlyArns("PreSignUp"),
      );
    },
  );
});

describe("admitting a module before it is imported", () => {
  const where = { poolId: POOL, trigger: "PreSignUp" as const };
  const ref = (path: string) =>
    new TriggerModulePolicy({ baseDir: tmp }).parse(path) as Extract<
      ReturnType<TriggerModulePolicy["parse"]>,
      { kind: "module" }
    >;
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "admitted",
      (e: unknown) => (e instanceof InvocationError ? e.code : String(e)),
    );

  it("the operator's module for that pool and trigger is admitted wherever it is, as its real path", async () => {
    const evil = join(outside, "evil.mjs");
    const policy = new TriggerModulePolicy({
      baseDir: tmp,
      declared: declaredModules({
        UserPools: [{ Id: POOL, LambdaConfig: { PreSignUp: join(allowed, "link-out.mjs"), PostConfirmation: ARN } }],
      }),
    });
    expect(await policy.admit(ref(join(allowed, "link-out.mjs")), where)).toBe(evil);
    // Not for another trigger or pool, and not another file.
    expect(
      await code(policy.admit(ref(join(allowed, "link-out.mjs")), { ...where, trigger: "PostAuthentication" })),
    ).toBe("AccessDeniedException");
    expect(
      await code(policy.admit(ref(join(allowed, "link-out.mjs")), { ...where, poolId: "us-east-1_OtherPool" })),
    ).toBe("AccessDeniedException");
    expect(await code(policy.admit(ref(evil), where))).toBe("AccessDeniedException");
  });

  it(
    "an allow-listed module is admitted as its real path; " +
      "a reference from nowhere (e.g. stored by an older version) is not",
    async () => {
      const policy = new TriggerModulePolicy({ baseDir: tmp, allowedDirs: [join(tmp, "alias")] });
      expect(await policy.admit(ref("./alias/ok.mjs"), where)).toBe(join(allowed, "ok.mjs"));
      expect(await code(policy.admit(ref(join(outside, "evil.mjs")), where))).toBe("AccessDeniedException");
      expect(await code(policy.admit(ref(join(allowed, "link-out.mjs")), where))).toBe("AccessDeniedException");
      expect(await code(policy.admit(ref(join(allowed, "gone.mjs")), where))).toBe("ResourceNotFoundException");
      // Outside every allowed directory the disk is not consulted: a missing file there is refused, not "not found".
      expect(await code(policy.admit(ref(join(outside, "gone.mjs")), where))).toBe("AccessDeniedException");
    },
  );

  it(
    "a symlink re-pointed out of the directory after the API accepted it " + "is refused at the next invocation",
    async () => {
      const link = join(allowed, "swapped.mjs");
      symlinkSync(join(allowed, "ok.mjs"), link);
      const policy = new TriggerModulePolicy({ baseDir: tmp, allowedDirs: [allowed] });
      await expect(policy.checkApiLambdaConfig({ PreSignUp: link }, undefined)).resolves.toBeUndefined();
      expect(await policy.admit(ref(link), where)).toBe(join(allowed, "ok.mjs"));
      unlinkSync(link);
      symlinkSync(join(outside, "evil.mjs"), link);
      expect(await code(policy.admit(ref(link), where))).toBe("AccessDeniedException");
    },
  );
});

describe("USERPOOL_TRIGGER_MODULE_DIRS", () => {
  const dirsOf = (v: string) => resolveRuntimeConfig({ USERPOOL_TRIGGER_MODULE_DIRS: v }).config.triggerModuleDirs;

  it("takes absolute directories separated by commas or the path delimiter; none by default", () => {
    expect(resolveRuntimeConfig({}).config.triggerModuleDirs).toEqual([]);
    expect(dirsOf(`${allowed}, ${outside}`)).toEqual([allowed, outside]);
    expect(dirsOf(`${allowed}:${outside}`)).toEqual([allowed, outside]);
    expect(
      resolveRuntimeConfig({ USERPOOL_TRIGGER_MODULE_DIRS: outside }, { triggerModuleDirs: [allowed] }).config
        .triggerModuleDirs,
    ).toEqual([allowed]);
  });

  it.each([
    ["a relative path", "triggers", 'USERPOOL_TRIGGER_MODULE_DIRS must list absolute directories; got "triggers"'],
    [
      "a missing directory",
      join(tmp, "missing"),
      `USERPOOL_TRIGGER_MODULE_DIRS: "${join(tmp, "missing")}" is not an existing directory`,
    ],
    [
      "a file",
      join(allowed, "ok.mjs"),
      `USERPOOL_TRIGGER_MODULE_DIRS: "${join(allowed, "ok.mjs")}" is not an existing directory`,
    ],
    ["the filesystem root", "/", 'USERPOOL_TRIGGER_MODULE_DIRS must not contain the filesystem root ("/")'],
  ])("refuses %s, naming the setting", (_what, value, message) => {
    expect(() => dirsOf(value)).toThrow(ConfigError);
    expect(() => dirsOf(value)).toThrow(message);
  });
});
