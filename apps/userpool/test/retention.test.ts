/**
 * Retention of per-sign-in rows (issue #25): refresh tokens and codes are kept past their expiry
 * only for USERPOOL_EXPIRED_RETENTION_HOURS (default a week, at least a day), on every engine. A
 * housekeeping pass removes them after the configured time and not before, and never removes a
 * refresh token that is still valid, whatever the setting.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { resolveRuntimeConfig } from "../src/config/runtime.js";
import { createLogger } from "../src/log.js";
import { Housekeeping } from "../src/services/housekeeping.js";
import { createPool, createUser, HOUR, refreshRow, T0 } from "../src/store/contract/fixtures.js";
import type { Store } from "../src/store/index.js";
import { createTestStore, testEngines } from "./support/engines.js";

const DAY = 24 * HOUR;

describe("USERPOOL_EXPIRED_RETENTION_HOURS", () => {
  const resolve = (v?: string) =>
    resolveRuntimeConfig(v === undefined ? {} : { USERPOOL_EXPIRED_RETENTION_HOURS: v }).config.expiredRetentionMs;

  it("defaults to a week and takes whole hours from a day to a year", () => {
    expect(resolve()).toBe(7 * DAY);
    expect(resolve("24")).toBe(DAY);
    expect(resolve("8760")).toBe(365 * DAY);
  });

  it("refuses less than a day, more than a year and anything but whole hours, naming the variable", () => {
    for (const bad of ["23", "0", "8761", "36.5", "1d", "-24"])
      expect(() => resolve(bad)).toThrow(/USERPOOL_EXPIRED_RETENTION_HOURS must be an integer 24\.\.8760/);
  });
});

describe.each(testEngines())("retention of expired rows on $name", (engine) => {
  let store: Store;
  let poolId: string;
  let userId: string;
  beforeAll(async () => {
    store = await createTestStore(engine);
    poolId = await createPool(store);
    userId = (await createUser(store, poolId, "retention")).id;
  });
  afterAll(async () => {
    await store?.close();
  });

  const pass = (clock: ManualClock, expiredKeptMs?: number) =>
    new Housekeeping({
      store,
      clock,
      log: createLogger({ level: "silent" }),
      ...(expiredKeptMs !== undefined ? { expiredKeptMs } : {}),
    }).run();
  const present = async (hashes: string[]) =>
    (await Promise.all(hashes.map(async (h) => ((await store.refreshTokens.get(h)) ? h : undefined)))).filter(Boolean);

  it("removes refresh tokens and codes a configured time after they expired, and no valid token ever", async () => {
    const clock = new ManualClock(T0);
    const t = (name: string) => `${name}-${randomUUID()}`;
    // A 30-day token, one expired an hour ago, one 25 hours ago, and a rotated-out one still within its validity.
    const live = t("live");
    const recent = t("recent");
    const old = t("old");
    const rotated = t("rotated");
    await store.refreshTokens.insert(refreshRow(poolId, userId, { tokenHash: live, expiresAt: T0 + 30 * DAY }));
    await store.refreshTokens.insert(refreshRow(poolId, userId, { tokenHash: recent, expiresAt: T0 - HOUR }));
    await store.refreshTokens.insert(refreshRow(poolId, userId, { tokenHash: old, expiresAt: T0 - 25 * HOUR }));
    await store.refreshTokens.insert(
      refreshRow(poolId, userId, { tokenHash: rotated, expiresAt: T0 + DAY, rotatedAt: T0 - HOUR }),
    );
    const code = { poolId, userId, createdAt: T0 - 2 * DAY };
    await store.codes.issue({ ...code, id: randomUUID(), purpose: "A", codeMac: t("c"), expiresAt: T0 - 25 * HOUR });
    const codes = async () =>
      (await store.db.selectFrom("confirmation_codes").select("code_mac").where("user_id", "=", userId).execute())
        .length;

    // The default week keeps all of them.
    expect((await pass(clock)).refreshTokens).toBe(0);
    expect(await present([live, recent, old, rotated])).toHaveLength(4);

    // A day: the token and the code expired 25 hours ago go; the one expired an hour ago stays.
    const first = await pass(clock, DAY);
    expect(first).toMatchObject({ refreshTokens: 1, codes: 1 });
    expect(await present([live, recent, old, rotated])).toEqual([live, recent, rotated]);
    expect(await codes()).toBe(0);

    // 23 hours after the live token's expiry it is still there; the others are gone.
    clock.advance(30 * DAY + 23 * HOUR);
    await pass(clock, DAY);
    expect(await present([live, recent, old, rotated])).toEqual([live]);
    // A day after, it goes too.
    clock.advance(HOUR);
    expect((await pass(clock, DAY)).refreshTokens).toBe(1);
    expect(await present([live])).toEqual([]);
  });

  it("never removes a valid refresh token, even with the shortest retention and a far-future pass", async () => {
    const clock = new ManualClock(T0);
    const valid = `valid-${randomUUID()}`;
    await store.refreshTokens.insert(refreshRow(poolId, userId, { tokenHash: valid, expiresAt: T0 + 3650 * DAY }));
    clock.advance(3649 * DAY);
    await pass(clock, DAY);
    expect(await store.refreshTokens.get(valid)).toBeDefined();
  });
});
