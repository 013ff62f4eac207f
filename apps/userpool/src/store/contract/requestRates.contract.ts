/**
 * The request-rate counters, as tests. store.test.ts runs every suite of contract/ on every engine; the clock is
 * the `now` argument, so windows are exact.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";

/** A multiple of every window used below, so T0 starts a window of each. */
const T0 = 1_700_000_040_000;
const SECOND = 1000;
const MINUTE = 60_000;

export function requestRateStoreContract(open: () => Promise<Store>): void {
  const withStore = (fn: (s: Store) => Promise<void>) => async () => fn(await open());
  const key = (name: string) => `test:${randomUUID()}:${name}`;

  it(
    "requestRates.hit counts per key within a fixed window and starts again at 1 in the next",
    withStore(async (s) => {
      const k = key("a");
      const hit = async (now: number) => (await s.requestRates.hit(now, [{ key: k, windowMs: SECOND }])).get(k);
      expect(await hit(T0)).toBe(1);
      expect(await hit(T0 + 500)).toBe(2);
      expect(await hit(T0 + 999)).toBe(3);
      // Windows are aligned to the epoch, not to the first request.
      expect(await hit(T0 + SECOND)).toBe(1);
      expect(await hit(T0 + SECOND + 1)).toBe(2);
      expect(await hit(T0 + 5 * SECOND)).toBe(1);
    }),
  );

  it(
    "requestRates.hit counts several keys with their own windows in one call, " +
      "and a lagging clock counts into the newer window",
    withStore(async (s) => {
      const [a, b, c] = [key("a"), key("b"), key("c")];
      const counters = [
        { key: a, windowMs: SECOND },
        { key: b, windowMs: MINUTE },
        { key: c, windowMs: SECOND },
      ];
      expect(Object.fromEntries(await s.requestRates.hit(T0, counters))).toEqual({ [a]: 1, [b]: 1, [c]: 1 });
      expect(Object.fromEntries(await s.requestRates.hit(T0 + 10, counters.slice(0, 2)))).toEqual({ [a]: 2, [b]: 2 });
      expect(Object.fromEntries(await s.requestRates.hit(T0 + 2 * SECOND, counters))).toEqual({
        [a]: 1,
        [b]: 3,
        [c]: 1,
      });
      // Another instance 1.5 s behind: its window is older, so it counts into the row's current one.
      expect((await s.requestRates.hit(T0 + 500, [counters[0]!])).get(a)).toBe(2);
      expect(await s.requestRates.hit(T0, [])).toEqual(new Map());
    }),
  );

  it(
    "requestRates.hit: concurrent callers of one key each get a different count",
    withStore(async (s) => {
      const k = key("race");
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => s.requestRates.hit(T0, [{ key: k, windowMs: MINUTE }]).then((m) => m.get(k)!)),
      );
      expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }),
  );

  it(
    "requestRates.purgeExpired deletes counters whose window has ended, and only those",
    withStore(async (s) => {
      const [short, long] = [key("short"), key("long")];
      await s.requestRates.hit(T0, [
        { key: short, windowMs: SECOND },
        { key: long, windowMs: MINUTE },
      ]);
      const before = await s.requestRates.purgeExpired(T0 + SECOND - 1);
      expect(before).toBe(0);
      expect(await s.requestRates.purgeExpired(T0 + SECOND)).toBeGreaterThanOrEqual(1);
      // The minute counter kept its count; the second counter starts over.
      expect((await s.requestRates.hit(T0 + SECOND, [{ key: long, windowMs: MINUTE }])).get(long)).toBe(2);
      expect((await s.requestRates.hit(T0 + SECOND, [{ key: short, windowMs: SECOND }])).get(short)).toBe(1);
      const rows = await s.db
        .selectFrom("request_rates")
        .select("counter")
        .where("counter", "in", [short, long])
        .execute();
      expect(rows).toHaveLength(2);
      await s.requestRates.purgeExpired(T0 + 2 * MINUTE);
      expect(
        await s.db.selectFrom("request_rates").select("counter").where("counter", "in", [short, long]).execute(),
      ).toEqual([]);
    }),
  );
}
