/**
 * Warm-up (ADR 0054): the server loads in-process trigger modules before their first invocation — the
 * config file's at start, one set through CreateUserPool / UpdateUserPool when it is stored, every
 * stored pool's at the next start — and only modules the policy admits. Each module here counts its
 * loads and calls in globalThis (the server runs in this process). SQLite always; PostgreSQL with
 * USERPOOL_DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, describe, expect, it } from "vitest";
import { databaseOptions, testEngines } from "./support/engines.js";
import { triggerConfig } from "./support/triggerPools.js";
import {
  GOOD_PASSWORD,
  startTestUserpool,
  startTestUserpoolOn,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

const tmp = realpathSync(mkdtempSync(join(tmpdir(), "trigger-warm-")));
const hooks = join(tmp, "hooks");
const outside = join(tmp, "outside");
for (const d of [hooks, outside]) mkdirSync(d, { recursive: true });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Counts = { loads: number; calls: number };
const counts = (key: string) => (globalThis as Record<string, unknown>)[key] as Counts | undefined;
let n = 0;
/** A PreSignUp module that auto-confirms and counts its loads and calls under a fresh key. */
function countingModule(dir: string): { file: string; key: string } {
  const key = `__authhubWarm${n}`;
  const file = join(dir, `warm${n++}.mjs`);
  writeFileSync(
    file,
    `const g = (globalThis.${key} ??= { loads: 0, calls: 0 });\ng.loads++;\n` +
      "export const handler = async (e) => { g.calls++; " +
      "return { ...e, response: { ...e.response, autoConfirmUser: true } }; };\n",
  );
  return { file, key };
}
/** Warm-up runs in the background: wait (bounded) until it has loaded the module. */
async function loaded(key: string): Promise<Counts | undefined> {
  for (let i = 0; i < 100 && !counts(key); i++) await new Promise((r) => setTimeout(r, 50));
  return counts(key);
}

async function signUp(up: TestUserpool, poolId: string): Promise<boolean> {
  const client = await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c" }));
  const out = await up.anon.send(
    new SignUpCommand({
      ClientId: client.UserPoolClient!.ClientId!,
      Username: uniqueEmail("warm"),
      Password: GOOD_PASSWORD,
    }),
  );
  return out.UserConfirmed!;
}

describe.each(testEngines())("trigger warm-up on $name", (engine) => {
  it("loads the config file's module at start, before any invocation", async () => {
    const m = countingModule(outside); // declared by the operator: no allow-list needed
    const up = await startTestUserpoolOn(engine, { config: triggerConfig({ PreSignUp: `file:${m.file}` }) });
    try {
      expect(await loaded(m.key)).toEqual({ loads: 1, calls: 0 });
    } finally {
      await up.stop();
    }
  });

  it("loads a module set through CreateUserPool or UpdateUserPool when stored; never a refused one", async () => {
    const up = await startTestUserpoolOn(engine, { triggerModuleDirs: [hooks] });
    try {
      const created = countingModule(hooks);
      const id = (
        await up.admin.send(new CreateUserPoolCommand({ PoolName: "warm", LambdaConfig: { PreSignUp: created.file } }))
      ).UserPool!.Id!;
      expect(await loaded(created.key)).toEqual({ loads: 1, calls: 0 });
      expect(await signUp(up, id)).toBe(true);
      expect(counts(created.key)).toEqual({ loads: 1, calls: 1 });

      const updated = countingModule(hooks);
      await up.admin.send(new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PreSignUp: updated.file } }));
      expect(await loaded(updated.key)).toEqual({ loads: 1, calls: 0 });

      const refused = countingModule(outside);
      await expect(
        up.admin.send(new CreateUserPoolCommand({ PoolName: "out", LambdaConfig: { PreSignUp: refused.file } })),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
      await new Promise((r) => setTimeout(r, 200));
      expect(counts(refused.key)).toBeUndefined();
    } finally {
      await up.stop();
    }
  });

  it("loads every stored pool's module at the next start; one that failed to load is loaded again", async () => {
    const db = await engine.create();
    try {
      // One data key for both starts (PostgreSQL runs have no data directory to keep it in).
      const opts = { ...databaseOptions(db), triggerModuleDirs: [hooks], dataKey: randomBytes(32) };
      // Stored while broken (a syntax error): the warm-up at CreateUserPool fails and is not remembered.
      const m = countingModule(hooks);
      const source = readFileSync(m.file, "utf8");
      writeFileSync(m.file, "export const handler = (");
      const first = await startTestUserpool(opts);
      let id: string;
      try {
        id = (
          await first.admin.send(new CreateUserPoolCommand({ PoolName: "later", LambdaConfig: { PreSignUp: m.file } }))
        ).UserPool!.Id!;
      } finally {
        await first.close();
      }
      expect(counts(m.key)).toBeUndefined();
      writeFileSync(m.file, source);
      const second = await startTestUserpool(opts);
      try {
        expect(await loaded(m.key)).toEqual({ loads: 1, calls: 0 });
        expect(await signUp(second, id)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
