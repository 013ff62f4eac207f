/**
 * The tutorial's user-sync function, as BUILT for Lambda
 * (packages/triggers/dist/index.mjs, rebuilt here with `npm run build -w packages/triggers`), is the
 * pool's PreTokenGeneration trigger and puts the app database's `db_user_id` in the tokens from SRP
 * sign-in (amazon-cognito-identity-js), refresh and AdminInitiateAuth: V1_0 in the ID token only,
 * V2_0 in both. The V1 pool comes from examples/user-sync.config.json (module path relative to the
 * file); the V2 pool is created through CreateUserPool.
 *
 * The handler reads the app database from the environment, as in Lambda: each engine migrates a fresh
 * database (`migrateToLatest` from @authhub/appdb) and points DB_ENV/APP_SQLITE_FILE or DATABASE_URL
 * at it. App database: SQLite always, PostgreSQL (fresh schema) when DATABASE_URL is set; userpool
 * store: SQLite always, PostgreSQL when USERPOOL_DATABASE_URL is set.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  AdminConfirmSignUpCommand,
  AdminInitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createAppDb, migrateToLatest, type AppDb } from "@authhub/appdb";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStorage } from "./support/identityJs.js";
import { startUserpool } from "../src/main.js";
import { createPgTestSchema, databaseOptions, testEngines, type TestEngine } from "./support/engines.js";
import { adminClient, anonClient, fastRsaKeys, GOOD_PASSWORD, uniqueEmail } from "./support/userpool.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const BUNDLE = join(REPO, "packages/triggers/dist/index.mjs");
const EXAMPLE = fileURLToPath(new URL("../examples/user-sync.config.json", import.meta.url));
const DEV_POOL = "us-east-1_AuthHub01";
const DEV_CLIENT = "authhubwebclientlocaldev01";

beforeAll(async () => {
  // The same command a developer runs; the bundle is what Lambda and the local stack load.
  try {
    await promisify(execFile)("npm", ["run", "build", "-w", "packages/triggers"], { cwd: REPO, timeout: 120_000 });
  } catch (err) {
    throw new Error(`npm run build -w packages/triggers failed; run it by hand to see why: ${(err as Error).message}`);
  }
  if (!existsSync(BUNDLE)) throw new Error(`the build did not produce ${BUNDLE}`);
}, 180_000);

interface AppDbEngine {
  name: "sqlite" | "postgres";
  /** A migrated, empty app database and the environment that makes the handler use it. */
  create(): Promise<{ env: Record<string, string>; open(): Promise<AppDb>; cleanup(): Promise<void> }>;
}

function appDbEngines(): AppDbEngine[] {
  const out: AppDbEngine[] = [
    {
      name: "sqlite",
      async create() {
        const dir = mkdtempSync(join(tmpdir(), "appdb-"));
        const file = join(dir, "app.sqlite");
        const open = () => createAppDb({ engine: "sqlite", file });
        const db = await open();
        await migrateToLatest(db);
        await db.destroy();
        return {
          env: { DB_ENV: "development", APP_SQLITE_FILE: file },
          open,
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const url = process.env.DATABASE_URL;
  if (url) {
    out.push({
      name: "postgres",
      async create() {
        const schema = await createPgTestSchema(url, "userpool_sync", "DATABASE_URL");
        const open = () => createAppDb({ engine: "postgres", connectionString: schema.url, max: 2 });
        const db = await open();
        await migrateToLatest(db);
        await db.destroy();
        return { env: { DB_ENV: "production", DATABASE_URL: schema.url }, open, cleanup: () => schema.drop() };
      },
    });
  }
  return out;
}

const combos = testEngines().flatMap((store) =>
  appDbEngines().map((app) => ({ store, app, label: `userpool on ${store.name}, app database on ${app.name}` })),
);

/** Sets variables for the in-process handler (it reads process.env, like a Lambda) and returns the undo. */
function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  apply(vars);
  return () => apply(saved);
}

describe.each(combos)(
  "user-sync PreTokenGeneration trigger: $label",
  ({ store, app }: { store: TestEngine; app: AppDbEngine }) => {
    let up: Awaited<ReturnType<typeof startUserpool>>;
    let appDb: AppDb;
    let restoreEnv: () => void;
    const cleanups: (() => Promise<void>)[] = [];
    let adminClientId: string;
    let v2: { poolId: string; clientId: string };

    beforeAll(async () => {
      const target = await store.create();
      cleanups.push(target.cleanup);
      const appTarget = await app.create();
      cleanups.push(appTarget.cleanup);
      // DATABASE_URL wins over DB_ENV in the handler's config, so the SQLite run must not inherit the CI's.
      restoreEnv = setEnv({
        DB_ENV: undefined,
        APP_SQLITE_FILE: undefined,
        DATABASE_URL: undefined,
        LOG_LEVEL: "warn",
        ...appTarget.env,
      });
      appDb = await appTarget.open();
      up = await startUserpool({
        config: EXAMPLE,
        ...databaseOptions(target),
        generateRsaKeyPair: fastRsaKeys,
        logLevel: "silent",
        // Pool 2 names the bundle through CreateUserPool; only an allow-listed directory lets it.
        triggerModuleDirs: [dirname(BUNDLE)],
      });
      const admin = adminClient(up.url);
      // The dev web client has SRP and refresh only; AdminInitiateAuth gets its own client.
      adminClientId = (
        await admin.send(
          new CreateUserPoolClientCommand({
            UserPoolId: DEV_POOL,
            ClientName: "server",
            ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          }),
        )
      ).UserPoolClient!.ClientId!;
      const pool2 = await admin.send(
        new CreateUserPoolCommand({
          PoolName: "user-sync-v2",
          UsernameAttributes: ["email"],
          LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: `file:${BUNDLE}`, LambdaVersion: "V2_0" } },
        }),
      );
      const client2 = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool2.UserPool!.Id!,
          ClientName: "v2",
          ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      );
      v2 = { poolId: pool2.UserPool!.Id!, clientId: client2.UserPoolClient!.ClientId! };
    });
    afterAll(async () => {
      // Closing the userpool closes the handler's database pool (handler.close()), so the next engine's
      // environment is read afresh by the same loaded bundle.
      await up?.close();
      await appDb?.destroy();
      restoreEnv?.();
      for (const c of cleanups.reverse()) await c();
    });

    async function newUser(
      poolId: string,
      clientId: string,
      email = uniqueEmail("sync"),
    ): Promise<{ email: string; sub: string }> {
      const { UserSub } = await anonClient(up.url).send(
        new SignUpCommand({ ClientId: clientId, Username: email, Password: GOOD_PASSWORD }),
      );
      await adminClient(up.url).send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }));
      return { email, sub: UserSub! };
    }
    const rowsFor = (sub: string) =>
      appDb.selectFrom("users").select(["id", "sub", "email"]).where("sub", "=", sub).execute();
    const adminSignIn = (poolId: string, clientId: string, email: string) =>
      adminClient(up.url).send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );

    it(
      "V1_0: SRP sign-in (amazon-cognito-identity-js), refresh and AdminInitiateAuth " +
        "all carry the user's db_user_id in the ID token only",
      async () => {
        const { email, sub } = await newUser(DEV_POOL, DEV_CLIENT);
        const storage = new MemoryStorage();
        const pool = new CognitoUserPool({
          UserPoolId: DEV_POOL,
          ClientId: DEV_CLIENT,
          endpoint: up.url,
          Storage: storage,
        });
        const user = new CognitoUser({ Username: email, Pool: pool, Storage: storage });
        const session = await new Promise<CognitoUserSession>((resolve, reject) =>
          user.authenticateUser(new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }), {
            onSuccess: resolve,
            onFailure: reject,
          }),
        );
        const rows = await rowsFor(sub);
        expect(rows).toEqual([{ id: expect.anything(), sub, email }]);
        const dbUserId = String(rows[0]!.id);
        expect(session.getIdToken().payload.db_user_id).toBe(dbUserId);
        expect(session.getAccessToken().payload).not.toHaveProperty("db_user_id");

        const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
          user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
        );
        expect(refreshed.getIdToken().payload.db_user_id).toBe(dbUserId);
        expect(refreshed.getIdToken().getJwtToken()).not.toBe(session.getIdToken().getJwtToken());

        const admin = await adminSignIn(DEV_POOL, adminClientId, email);
        expect(decodeJwt(admin.AuthenticationResult!.IdToken!).db_user_id).toBe(dbUserId);
        expect(decodeJwt(admin.AuthenticationResult!.AccessToken!)).not.toHaveProperty("db_user_id");
        expect(await rowsFor(sub)).toHaveLength(1);
      },
    );

    it("V2_0: the claim is in both tokens, on sign-in and on refresh", async () => {
      const { email, sub } = await newUser(v2.poolId, v2.clientId);
      const signedIn = await adminSignIn(v2.poolId, v2.clientId, email);
      const dbUserId = String((await rowsFor(sub))[0]!.id);
      expect(decodeJwt(signedIn.AuthenticationResult!.IdToken!).db_user_id).toBe(dbUserId);
      expect(decodeJwt(signedIn.AuthenticationResult!.AccessToken!).db_user_id).toBe(dbUserId);
      const refreshed = await adminClient(up.url).send(
        new AdminInitiateAuthCommand({
          UserPoolId: v2.poolId,
          ClientId: v2.clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! },
        }),
      );
      expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).db_user_id).toBe(dbUserId);
    });

    it(
      "concurrent first sign-ins of a new user make one row and one db_user_id; " + "an e-mail change updates that row",
      async () => {
        const { email, sub } = await newUser(DEV_POOL, DEV_CLIENT);
        const results = await Promise.all(
          Array.from({ length: 10 }, () => adminSignIn(DEV_POOL, adminClientId, email)),
        );
        const ids = new Set(results.map((r) => decodeJwt(r.AuthenticationResult!.IdToken!).db_user_id));
        const rows = await rowsFor(sub);
        expect(rows).toHaveLength(1);
        expect([...ids]).toEqual([String(rows[0]!.id)]);

        const changed = uniqueEmail("changed");
        await adminClient(up.url).send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: DEV_POOL,
            Username: email,
            UserAttributes: [{ Name: "email", Value: changed }],
          }),
        );
        const again = await adminSignIn(DEV_POOL, adminClientId, changed);
        expect(decodeJwt(again.AuthenticationResult!.IdToken!).db_user_id).toBe(String(rows[0]!.id));
        expect(await rowsFor(sub)).toEqual([{ id: rows[0]!.id, sub, email: changed }]);
      },
    );

    it(
      "when the sync fails (its table is gone) " + "the sign-in fails with the function's error, as Cognito reports it",
      async () => {
        const { email } = await newUser(DEV_POOL, DEV_CLIENT);
        // Move the table away under the running handler: its upsert fails and it throws.
        await appDb.schema.alterTable("users").renameTo("users_away").execute();
        try {
          await expect(adminSignIn(DEV_POOL, adminClientId, email)).rejects.toMatchObject({
            name: "UserLambdaValidationException",
            message: "PreTokenGeneration failed with error could not sync the user with the app database.",
          });
        } finally {
          await appDb.schema.alterTable("users_away").renameTo("users").execute();
        }
      },
    );
  },
);
