/**
 * In-process trigger modules come from the operator, not from the admin API. Through the AWS SDK:
 * CreateUserPool / UpdateUserPool refuse module references (absolute, file:, file://, ./, ../), naming
 * the member, unless the module's real path lies in an allow-listed directory (symlinks and `..` that
 * lead out are refused); Describe → Update round trips of a config-file pool keep working; ARNs are
 * accepted; and at invocation a module is admitted again, so a symlink re-pointed later or a reference
 * stored by an older version never gets imported. Runs on SQLite and, with USERPOOL_DATABASE_URL, on
 * PostgreSQL.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizePoolSettings } from "../src/services/poolSettings.js";
import { testEngines } from "./support/engines.js";
import { TRIGGER_MODULES, triggerConfig } from "./support/triggerPools.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:hook";
const EVIL_FLAG = "__authhubEvilTriggerLoaded";

// tmp/operator/operator.cjs (the config file's trigger),
// tmp/hooks/{auto-confirm.cjs, link-out.cjs → ../outside/evil.cjs} (allow-listed),
// tmp/outside/evil.cjs, which records that it was loaded: it must never be.
const tmp = realpathSync(mkdtempSync(join(tmpdir(), "trigger-modules-")));
const hooks = join(tmp, "hooks");
const outside = join(tmp, "outside");
const operator = join(tmp, "operator", "operator.cjs");
for (const d of [hooks, outside, dirname(operator)]) mkdirSync(d, { recursive: true });
copyFileSync(join(TRIGGER_MODULES, "callback.cjs"), operator);
copyFileSync(join(TRIGGER_MODULES, "callback.cjs"), join(hooks, "auto-confirm.cjs"));
const evil = join(outside, "evil.cjs");
writeFileSync(
  evil,
  `globalThis.${EVIL_FLAG} = true;\n` +
    "exports.handler = async (e) => ({ ...e, response: { ...e.response, autoConfirmUser: true } });\n",
);
symlinkSync(evil, join(hooks, "link-out.cjs"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const onlyArns = (member: string) =>
  `LambdaConfig.${member}: only Lambda function ARNs can be set through the API; ` +
  "in-process trigger modules are declared in the config file or under USERPOOL_TRIGGER_MODULE_DIRS.";
const refused = (member: string) => ({ name: "InvalidParameterException", message: onlyArns(member) });

describe.each(testEngines())("trigger modules through the admin API on $name", (engine) => {
  let plain: TestUserpool; // no allow-list
  let listed: TestUserpool; // hooks/ allow-listed
  const cleanups: (() => Promise<void>)[] = [];
  const start = async (o: { triggerModuleDirs?: string[] }) => {
    const up = await startTestUserpoolOn(engine, {
      // The operator declares a module for the test pool, as a config file would.
      config: triggerConfig({ PreSignUp: `file:${operator}` }),
      ...o,
    });
    cleanups.push(() => up.stop());
    return up;
  };
  beforeAll(async () => {
    plain = await start({});
    listed = await start({ triggerModuleDirs: [hooks] });
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    expect((globalThis as Record<string, unknown>)[EVIL_FLAG]).toBeUndefined();
  });

  async function signUpWith(
    up: TestUserpool,
    poolId: string,
  ): Promise<{ confirmed?: boolean; error?: { name: string; message: string } }> {
    const client = await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c" }));
    try {
      const out = await up.anon.send(
        new SignUpCommand({
          ClientId: client.UserPoolClient!.ClientId!,
          Username: uniqueEmail("mod"),
          Password: GOOD_PASSWORD,
        }),
      );
      return { confirmed: out.UserConfirmed! };
    } catch (e) {
      return { error: { name: (e as Error).name, message: (e as Error).message } };
    }
  }

  describe("without an allow-list", () => {
    const refs = [
      ["an absolute path", evil],
      ["file: with an absolute path", `file:${evil}`],
      ["a file:// URL", pathToFileURL(evil).href],
      ["./", "./test/support/triggers/callback.cjs"],
      ["../", "../userpool/test/support/triggers/callback.cjs"],
      ["a symlink out of a directory", join(hooks, "link-out.cjs")],
    ] as const;

    it.each(refs)("CreateUserPool refuses %s, naming the member", async (_what, ref) => {
      await expect(
        plain.admin.send(new CreateUserPoolCommand({ PoolName: "mod", LambdaConfig: { PreSignUp: ref } })),
      ).rejects.toMatchObject(refused("PreSignUp"));
      await expect(
        plain.admin.send(
          new CreateUserPoolCommand({
            PoolName: "mod",
            LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: ref, LambdaVersion: "V2_0" } },
          }),
        ),
      ).rejects.toMatchObject(refused("PreTokenGenerationConfig.LambdaArn"));
    });

    it.each(refs)("UpdateUserPool refuses %s, naming the member, and leaves the pool as it was", async (_what, ref) => {
      const id = (
        await plain.admin.send(new CreateUserPoolCommand({ PoolName: "mod", LambdaConfig: { PostConfirmation: ARN } }))
      ).UserPool!.Id!;
      await expect(
        plain.admin.send(
          new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PostConfirmation: ARN, UserMigration: ref } }),
        ),
      ).rejects.toMatchObject(refused("UserMigration"));
      expect((await plain.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.LambdaConfig).toEqual({
        PostConfirmation: ARN,
      });
    });

    it("Lambda ARNs are accepted by CreateUserPool and UpdateUserPool", async () => {
      const id = (
        await plain.admin.send(new CreateUserPoolCommand({ PoolName: "arn", LambdaConfig: { PreSignUp: ARN } }))
      ).UserPool!.Id!;
      await plain.admin.send(
        new UpdateUserPoolCommand({
          UserPoolId: id,
          LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" } },
        }),
      );
      expect((await plain.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.LambdaConfig).toEqual({
        PreTokenGeneration: ARN,
        PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" },
      });
    });

    it(
      "Describe → Update of the config-file pool keeps its module trigger, which still runs; " +
        "another module is refused",
      async () => {
        const described = (await plain.admin.send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID }))).UserPool!;
        expect(described.LambdaConfig).toEqual({ PreSignUp: `file:${operator}` });
        const {
          Policies,
          AutoVerifiedAttributes,
          VerificationMessageTemplate,
          AdminCreateUserConfig,
          DeletionProtection,
          LambdaConfig,
        } = described;
        await plain.admin.send(
          new UpdateUserPoolCommand({
            UserPoolId: POOL_ID,
            Policies,
            AutoVerifiedAttributes,
            VerificationMessageTemplate,
            AdminCreateUserConfig,
            DeletionProtection,
            LambdaConfig: { ...LambdaConfig, PostConfirmation: ARN },
          }),
        );
        expect(
          (await plain.admin.send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID }))).UserPool!.LambdaConfig,
        ).toEqual({ PreSignUp: `file:${operator}`, PostConfirmation: ARN });
        const out = await plain.anon.send(
          new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail("roundtrip"), Password: GOOD_PASSWORD }),
        );
        expect(out.UserConfirmed).toBe(true);

        await expect(
          plain.admin.send(
            new UpdateUserPoolCommand({ UserPoolId: POOL_ID, LambdaConfig: { PreSignUp: `file:${evil}` } }),
          ),
        ).rejects.toMatchObject(refused("PreSignUp"));
        // The operator's module under another member is another setting: refused too.
        await expect(
          plain.admin.send(
            new UpdateUserPoolCommand({
              UserPoolId: POOL_ID,
              LambdaConfig: { PreSignUp: `file:${operator}`, UserMigration: `file:${operator}` },
            }),
          ),
        ).rejects.toMatchObject(refused("UserMigration"));
      },
    );

    it(
      "a module reference already in the database (written by an older version) " +
        "is not imported: AccessDeniedException",
      async () => {
        const id = "us-east-1_LegacyMod1";
        const now = Date.now();
        const settings = normalizePoolSettings({ LambdaConfig: { PreSignUp: evil } }, "us-east-1");
        await plain.store.pools.create({ id, name: "legacy", settings, createdAt: now, updatedAt: now });
        expect(await signUpWith(plain, id)).toEqual({
          error: {
            name: "UnexpectedLambdaException",
            message: "PreSignUp invocation failed due to error AccessDeniedException.",
          },
        });
      },
    );
  });

  describe("with USERPOOL_TRIGGER_MODULE_DIRS", () => {
    it("a module inside an allowed directory can be set and runs", async () => {
      const id = (
        await listed.admin.send(
          new CreateUserPoolCommand({
            PoolName: "hooks",
            LambdaConfig: { PreSignUp: join(hooks, "auto-confirm.cjs") },
          }),
        )
      ).UserPool!.Id!;
      expect(await signUpWith(listed, id)).toEqual({ confirmed: true });
      await listed.admin.send(
        new UpdateUserPoolCommand({
          UserPoolId: id,
          LambdaConfig: { PreSignUp: `file:${join(hooks, "auto-confirm.cjs")}` },
        }),
      );
      expect(await signUpWith(listed, id)).toEqual({ confirmed: true });
    });

    it.each([
      ["a module outside", evil],
      ["`..` out of the directory", `file:${hooks}/../outside/evil.cjs`],
      ["a symlink out of the directory", join(hooks, "link-out.cjs")],
      ["a relative path outside", "./test/support/triggers/callback.cjs"],
    ])("%s is refused, naming the member", async (_what, ref) => {
      await expect(
        listed.admin.send(new CreateUserPoolCommand({ PoolName: "out", LambdaConfig: { CustomMessage: ref } })),
      ).rejects.toMatchObject(refused("CustomMessage"));
      const id = (await listed.admin.send(new CreateUserPoolCommand({ PoolName: "out" }))).UserPool!.Id!;
      await expect(
        listed.admin.send(new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PostAuthentication: ref } })),
      ).rejects.toMatchObject(refused("PostAuthentication"));
    });

    it("a symlink accepted inside and re-pointed out later is refused at the next invocation", async () => {
      const link = join(hooks, "swap.cjs");
      symlinkSync(join(hooks, "auto-confirm.cjs"), link);
      const id = (
        await listed.admin.send(new CreateUserPoolCommand({ PoolName: "swap", LambdaConfig: { PreSignUp: link } }))
      ).UserPool!.Id!;
      expect(await signUpWith(listed, id)).toEqual({ confirmed: true });
      unlinkSync(link);
      symlinkSync(evil, link);
      try {
        expect(await signUpWith(listed, id)).toEqual({
          error: {
            name: "UnexpectedLambdaException",
            message: "PreSignUp invocation failed due to error AccessDeniedException.",
          },
        });
      } finally {
        unlinkSync(link);
      }
    });
  });
});
