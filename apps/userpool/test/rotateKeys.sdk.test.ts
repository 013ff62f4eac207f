/**
 * rotate-keys (src/maintenance/rotateKeys.ts) on a running pool: the server runs with the new key and
 * the old one as USERPOOL_DATA_KEY_PREVIOUS, the rotation re-seals every sealed column in batches,
 * and afterwards no value opens under the old key, every one under the new key alone, and the server
 * without the old key still signs the user in (password, TOTP, client secret).
 */
import { randomBytes } from "node:crypto";
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { createDataCrypto } from "../src/crypto/envelope.js";
import type { AnyDb } from "../src/maintenance/rows.js";
import { rotateDataKey } from "../src/maintenance/rotateKeys.js";
import { SEALED_COLUMNS, SEALED_META_KEYS } from "../src/maintenance/tables.js";
import { cryptoRandom } from "../src/random.js";
import { computeSecretHash } from "../src/services/secretHash.js";
import type { Store } from "../src/store/index.js";
import { databaseOptions, type TestDatabase, testEngines } from "./support/engines.js";
import { userWithTotp } from "./support/maintenance.js";
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

/** The servers' clock: each TOTP code is of a later 30-second step than the last (a step is accepted once). */
const clock = new ManualClock();
function nextCode(secret: string): string {
  clock.advance(30_000);
  return totpCode(secret, clock);
}
const OLD = randomBytes(32);
const NEW = randomBytes(32);

function mfaConfig() {
  const c = testConfig();
  c.UserPools[0] = {
    ...c.UserPools[0]!,
    MfaConfiguration: "OPTIONAL",
    SoftwareTokenMfaConfiguration: { Enabled: true },
  };
  return c;
}

/** Every sealed value in the database, with the AAD its service binds it to. */
async function sealedValues(store: Store): Promise<{ where: string; value: string; aad: string }[]> {
  const db = store.db as unknown as AnyDb;
  const out: { where: string; value: string; aad: string }[] = [];
  for (const c of SEALED_COLUMNS) {
    let q = db.selectFrom(c.table).selectAll().where(c.column, "is not", null);
    if (c.table === "userpool_meta") q = q.where("key", "in", [...SEALED_META_KEYS]);
    for (const row of (await q.execute()) as Record<string, unknown>[])
      out.push({ where: `${c.table}.${c.column}`, value: String(row[c.column]), aad: c.aad(row) });
  }
  return out;
}

const opensUnder = (key: Buffer, v: { value: string; aad: string }) => {
  try {
    createDataCrypto(key, cryptoRandom).decrypt(v.value, v.aad);
    return true;
  } catch {
    return false;
  }
};

describe.each(testEngines())("rotate-keys ($name)", (engine) => {
  let db: TestDatabase;
  let up: TestUserpool | undefined;
  const email = uniqueEmail("rotated");
  let totpSecret: string;
  const start = (dataKey: Buffer, previous?: Buffer) =>
    startTestUserpool({
      ...databaseOptions(db),
      config: mfaConfig(),
      clock,
      dataKey,
      issuerBase: "http://userpool.test",
      env: {
        TEST_CLIENT_SECRET: CLIENT_SECRET,
        ...(previous ? { USERPOOL_DATA_KEY_PREVIOUS: previous.toString("base64") } : {}),
      },
    });

  async function signInBothWays(u: TestUserpool): Promise<void> {
    const answer = async (
      r: { ChallengeName?: string | undefined; Session?: string | undefined },
      clientId: string,
      extra = {},
    ) => {
      expect(r.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      const done = await u.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: r.Session!,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: nextCode(totpSecret), ...extra },
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    };
    const hash = { SECRET_HASH: computeSecretHash(CLIENT_SECRET, email, SECRET_CLIENT_ID) };
    const plain = await u.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: SECRET_CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD, ...hash },
      }),
    );
    await answer(plain, SECRET_CLIENT_ID, hash);
    await answer(
      await srpSignIn(u.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: GOOD_PASSWORD }),
      CLIENT_ID,
    );
  }

  beforeAll(async () => {
    db = await engine.create();
    up = await start(OLD);
    const user = await userWithTotp(up.admin, up.anon, email, clock);
    totpSecret = user.totpSecret;
    await up.close();
    up = undefined;
  }, 60_000);

  afterAll(async () => {
    await up?.close();
    await db?.cleanup();
  });

  it("refuses to start on the new key alone before the rotation (the data-key check)", async () => {
    await expect(start(NEW)).rejects.toThrow(/data key does not match/);
  });

  it("runs on the new key with the old one for reading, then re-seals everything in batches", async () => {
    up = await start(NEW, OLD);
    await signInBothWays(up);
    const before = await sealedValues(up.store);
    expect(before.filter((v) => opensUnder(OLD, v)).length).toBeGreaterThanOrEqual(4);

    const checked = await rotateDataKey(up.store, {
      newKey: NEW,
      previousKeys: [OLD],
      random: cryptoRandom,
      check: true,
    });
    expect(checked.reduce((n, c) => n + c.rotated, 0)).toBeGreaterThan(0);
    expect((await sealedValues(up.store)).map((v) => v.value)).toEqual(before.map((v) => v.value));

    let batches = 0;
    const counts = await rotateDataKey(up.store, {
      newKey: NEW,
      previousKeys: [OLD],
      random: cryptoRandom,
      batchSize: 2,
      onBatch: () => batches++,
    });
    expect(counts.flatMap((c) => c.unreadable)).toEqual([]);
    expect(batches).toBeGreaterThan(2);
    const after = await sealedValues(up.store);
    expect(after.length).toBe(before.length);
    expect(after.filter((v) => opensUnder(OLD, v)).map((v) => v.where)).toEqual([]);
    expect(after.filter((v) => !opensUnder(NEW, v)).map((v) => v.where)).toEqual([]);
    for (const w of [
      "users.verifier_enc",
      "user_mfa.totp_secret_enc",
      "user_pool_client_secrets.secret_enc",
      "signing_keys.private_enc",
      "userpool_meta.value",
    ])
      expect(after.map((v) => v.where)).toContain(w);

    // Idempotent: a second run finds nothing left to do.
    const again = await rotateDataKey(up.store, { newKey: NEW, previousKeys: [OLD], random: cryptoRandom });
    expect(again.reduce((n, c) => n + c.rotated, 0)).toBe(0);
    await up.close();
    up = undefined;
  });

  it("signs in on the new key alone afterwards, and the old key is refused", async () => {
    up = await start(NEW);
    await signInBothWays(up);
    await up.close();
    up = undefined;
    await expect(start(OLD)).rejects.toThrow(/data key does not match/);
  });
});
