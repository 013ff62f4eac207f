/**
 * `export` / `import` (src/maintenance): a pool moves from SQLite to PostgreSQL and back (and SQLite
 * to SQLite always) with its users, groups, clients, MFA and signing keys; the file holds no secret
 * in the clear; refresh tokens stay behind (ADR 0039); bad files and conflicts are refused clearly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { createDataCrypto } from "../src/crypto/envelope.js";
import { MaintenanceError } from "../src/maintenance/format.js";
import { importLines } from "../src/maintenance/importData.js";
import type { AnyDb } from "../src/maintenance/rows.js";
import { EXPORTED_TABLES } from "../src/maintenance/tables.js";
import { cryptoRandom } from "../src/random.js";
import { computeSecretHash } from "../src/services/secretHash.js";
import { createStore, type Store } from "../src/store/index.js";
import { availableEngines, databaseOptions, type TestDatabase, type TestEngine } from "./support/engines.js";
import { exportToFile, fileLines, userWithTotp } from "./support/maintenance.js";
import { totpCode } from "./support/mfa.js";
import { srpSignIn } from "./support/signIn.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  GOOD_PASSWORD,
  POOL_ID,
  SECRET_CLIENT_ID,
  startTestUserpool,
  type TestUserpool,
  testConfig,
  uniqueEmail,
} from "./support/userpool.js";

// Moves between engines need both, so this file takes every reachable engine, not only USERPOOL_TEST_ENGINES's.
const engines = availableEngines();
const sqlite = engines[0]!;
const pg = engines.find((e) => e.name === "postgres");
// SQLite → SQLite always; with PostgreSQL: SQLite → PostgreSQL, and PostgreSQL → SQLite (the way back).
const moves: [string, TestEngine, TestEngine][] = [
  ["sqlite → sqlite", sqlite, sqlite],
  ...(pg
    ? ([
        ["sqlite → postgres", sqlite, pg],
        ["postgres → sqlite", pg, sqlite],
      ] as [string, TestEngine, TestEngine][])
    : []),
];
/** The servers' clock: each TOTP code is of a later 30-second step than the last (a step is accepted once). */
const clock = new ManualClock();
function nextCode(secret: string): string {
  clock.advance(30_000);
  return totpCode(secret, clock);
}
const DATA_KEY = Buffer.from("6a1f0e3c9b2d47a8e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829304152", "hex");
const common = { dataKey: DATA_KEY, issuerBase: "http://userpool.test", config: mfaConfig(), clock };

/** The test pool with optional authenticator-app MFA, so a TOTP secret is sealed in the database. */
function mfaConfig() {
  const c = testConfig();
  c.UserPools[0] = {
    ...c.UserPools[0]!,
    MfaConfiguration: "OPTIONAL",
    SoftwareTokenMfaConfiguration: { Enabled: true },
  };
  return c;
}

/** Tokens from a sign-in, answering the authenticator-app challenge with a code from the moved secret. */
async function tokensOf(
  up: TestUserpool,
  r: Pick<InitiateAuthCommandOutput, "AuthenticationResult" | "ChallengeName" | "Session">,
  clientId: string,
  username: string,
  totpSecret: string,
  extra: Record<string, string> = {},
): Promise<string> {
  if (r.AuthenticationResult?.AccessToken) return r.AuthenticationResult.AccessToken;
  expect(r.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  const done = await up.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      Session: r.Session!,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: nextCode(totpSecret), ...extra },
    }),
  );
  return done.AuthenticationResult!.AccessToken!;
}

async function rowCount(store: Store, table: string): Promise<number> {
  const db = store.db as unknown as AnyDb;
  const r = await db.selectFrom(table).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(moves)("export and import, %s", (_name, from, to) => {
  const dir = mkdtempSync(join(tmpdir(), "userpool-export-"));
  const file = join(dir, "pool.jsonl");
  const email = uniqueEmail("moved");
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: TestUserpool;
  let dump: string;
  let user: Awaited<ReturnType<typeof userWithTotp>>;
  const sourceCounts = new Map<string, number>();

  beforeAll(async () => {
    sourceDb = await from.create();
    targetDb = await to.create();
    const source = await startTestUserpool({ ...databaseOptions(sourceDb), ...common });
    try {
      user = await userWithTotp(source.admin, source.anon, email, clock);
      await source.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors", Precedence: 3 }));
      await source.admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: email, GroupName: "editors" }),
      );
      dump = await exportToFile(source.store, file);
      for (const t of EXPORTED_TABLES) sourceCounts.set(t.name, await rowCount(source.store, t.name));
    } finally {
      await source.close();
    }
    const store = await createStore(targetDb.target);
    try {
      await importLines(store, createDataCrypto(DATA_KEY, cryptoRandom), fileLines(file));
    } finally {
      await store.close();
    }
    // No pools in the target's config: everything it serves came from the file.
    target = await startTestUserpool({ ...databaseOptions(targetDb), ...common, config: { UserPools: [] } });
  }, 60_000);

  afterAll(async () => {
    await target?.close();
    await sourceDb?.cleanup();
    await targetDb?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds no password, TOTP secret or client secret in the clear", () => {
    expect(dump).toContain(email);
    for (const secret of [GOOD_PASSWORD, user.totpSecret, CLIENT_SECRET, user.refreshToken]) {
      expect(dump).not.toContain(secret);
    }
    // The authenticator secret is also absent in the byte forms a dump could hold it in.
    expect(dump.toLowerCase()).not.toContain(user.totpSecret.toLowerCase());
  });

  it("carries every exported table's rows", async () => {
    for (const t of EXPORTED_TABLES)
      expect([t.name, await rowCount(target.store, t.name)]).toEqual([t.name, sourceCounts.get(t.name)]);
    expect(sourceCounts.get("users")).toBeGreaterThan(0);
    expect(sourceCounts.get("user_group_members")).toBe(1);
  });

  it("signs the user in with the same password, USER_PASSWORD_AUTH and SRP", async () => {
    const plain = await target.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    // The authenticator app moved with the user: its code, from the secret seen before the move, answers MFA.
    expect(await tokensOf(target, plain, CLIENT_ID, email, user.totpSecret)).toBeTruthy();
    const srp = await srpSignIn(target.anon, {
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      username: email,
      password: GOOD_PASSWORD,
    });
    expect(await tokensOf(target, srp, CLIENT_ID, email, user.totpSecret)).toBeTruthy();
    await expect(
      target.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: `${GOOD_PASSWORD}x` },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });

  it("keeps the user's groups", async () => {
    const groups = await target.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: email }));
    expect(groups.Groups?.map((g) => [g.GroupName, g.Precedence])).toEqual([["editors", 3]]);
  });

  it("still authenticates the confidential client with its secret, and refuses a wrong one", async () => {
    const signIn = (secret: string) =>
      target.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: SECRET_CLIENT_ID,
          AuthParameters: {
            USERNAME: email,
            PASSWORD: GOOD_PASSWORD,
            SECRET_HASH: computeSecretHash(secret, email, SECRET_CLIENT_ID),
          },
        }),
      );
    const ok = await signIn(CLIENT_SECRET);
    const hash = { SECRET_HASH: computeSecretHash(CLIENT_SECRET, email, SECRET_CLIENT_ID) };
    expect(await tokensOf(target, ok, SECRET_CLIENT_ID, email, user.totpSecret, hash)).toBeTruthy();
    await expect(signIn(`${CLIENT_SECRET}x`)).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });

  it("accepts access tokens issued before the move (same signing keys), not refresh tokens (not moved)", async () => {
    const me = await target.anon.send(new GetUserCommand({ AccessToken: user.accessToken }));
    expect(me.Username).toBeTruthy();
    await expect(
      target.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { REFRESH_TOKEN: user.refreshToken },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });

  it("refuses the same file again: the pool exists (nothing merged)", async () => {
    await expect(importLines(target.store, createDataCrypto(DATA_KEY, cryptoRandom), fileLines(file))).rejects.toThrow(
      /already exist in the target database: us-east-1_TestPool1/,
    );
  });
});

describe("import refusals", () => {
  const dir = mkdtempSync(join(tmpdir(), "userpool-export-bad-"));
  let text: string;
  let db: TestDatabase;
  afterAll(async () => {
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const src = await sqlite.create();
    const up = await startTestUserpool({ ...databaseOptions(src), ...common });
    try {
      text = await exportToFile(up.store, join(dir, "ok.jsonl"));
    } finally {
      await up.close();
      await src.cleanup();
    }
    db = await sqlite.create();
  }, 30_000);

  async function importText(t: string, key = DATA_KEY): Promise<unknown> {
    const f = join(dir, "bad.jsonl");
    writeFileSync(f, t);
    const store = await createStore(db.target);
    try {
      return await importLines(store, createDataCrypto(key, cryptoRandom), fileLines(f));
    } finally {
      await store.close();
    }
  }

  it.each([
    ["another data key", (t: string) => t, Buffer.alloc(32, 7), /sealed under another data key/],
    ["a truncated file", (t: string) => t.split("\n").slice(0, -3).join("\n"), DATA_KEY, /ends before its trailer/],
    [
      "another schema",
      (t: string) => t.replace(/"schema":"[^"]+"/, '"schema":"0001_initial"'),
      DATA_KEY,
      /same userpool version/,
    ],
    ["not an export", () => '{"hello":1}\n', DATA_KEY, /not a userpool export/],
    [
      "an unknown table",
      (t: string) => t.replace('"t":"user_pools"', '"t":"userpool_meta"'),
      DATA_KEY,
      /unknown table/,
    ],
    [
      "a hostile column name",
      (t: string) => t.replace('"r":{"id"', '"r":{"id\\" text); --"'),
      DATA_KEY,
      /bad column name/,
    ],
  ])("refuses %s, and writes nothing", async (_what, spoil, key, message) => {
    const err = await importText(spoil(text), key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaintenanceError);
    expect((err as Error).message).toMatch(message);
    const store = await createStore(db.target);
    try {
      expect(await rowCount(store, "user_pools")).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("imports the intact file into the same database afterwards", async () => {
    expect(readFileSync(join(dir, "ok.jsonl"), "utf8")).toBe(text);
    const r = (await importText(text)) as { pools: string[] };
    expect(r.pools).toContain(POOL_ID);
  });
});
