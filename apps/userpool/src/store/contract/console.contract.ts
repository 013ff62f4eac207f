/**
 * The admin console's storage: sessions with an idle and an absolute deadline, steps consumed once,
 * and the audit log paged newest first, filtered by actor and operation, and pruned by age in batches.
 * store.test.ts runs it on every engine.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { ConsoleSessionRow, Store } from "../index.js";
import { HOUR, storeTest, T0 } from "./fixtures.js";

const MIN = 60_000;
const DAY = 24 * HOUR;

function session(extra: Partial<ConsoleSessionRow> = {}): ConsoleSessionRow {
  return {
    idHash: randomUUID().replaceAll("-", ""),
    kind: "session",
    who: "admin",
    dataEnc: null,
    createdAt: T0,
    idleExpiresAt: T0 + 30 * MIN,
    expiresAt: T0 + 8 * HOUR,
    ...extra,
  };
}

export function consoleStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "console sessions: live until the idle or the absolute deadline, touch never passes the absolute one",
    withStore(async (s) => {
      const a = session();
      await s.consoleSessions.create(a);
      expect(await s.consoleSessions.getLive(a.idHash, "session", T0 + MIN)).toMatchObject({ who: "admin" });
      // The kind is part of the lookup: a step id is no session.
      expect(await s.consoleSessions.getLive(a.idHash, "step", T0 + MIN)).toBeUndefined();
      expect(await s.consoleSessions.getLive(a.idHash, "session", T0 + 30 * MIN)).toBeUndefined();
      await s.consoleSessions.touch(a.idHash, T0 + 60 * MIN);
      expect(await s.consoleSessions.getLive(a.idHash, "session", T0 + 59 * MIN)).toBeDefined();
      await s.consoleSessions.touch(a.idHash, T0 + 9 * HOUR);
      const row = await s.consoleSessions.getLive(a.idHash, "session", T0 + 8 * HOUR - 1);
      expect(row?.idleExpiresAt).toBe(T0 + 8 * HOUR);
      expect(await s.consoleSessions.getLive(a.idHash, "session", T0 + 8 * HOUR)).toBeUndefined();
    }),
  );

  it(
    "console steps: sealed data kept, deleted exactly once; purgeExpired removes rows past either deadline",
    withStore(async (s) => {
      const step = session({ kind: "step", dataEnc: "v1.sealed", idleExpiresAt: T0 + 5 * MIN });
      await s.consoleSessions.create(step);
      expect((await s.consoleSessions.getLive(step.idHash, "step", T0))?.dataEnc).toBe("v1.sealed");
      const deletes = await Promise.all([s.consoleSessions.delete(step.idHash), s.consoleSessions.delete(step.idHash)]);
      expect(deletes.filter(Boolean)).toHaveLength(1);

      const idle = session({ idleExpiresAt: T0 + MIN, createdAt: T0 - 10 * HOUR });
      const live = session({ idleExpiresAt: T0 + 100 * HOUR, expiresAt: T0 + 100 * HOUR });
      await s.consoleSessions.create(idle);
      await s.consoleSessions.create(live);
      expect(await s.consoleSessions.purgeExpired(T0 + 2 * MIN)).toBeGreaterThanOrEqual(1);
      expect(await s.consoleSessions.getLive(idle.idHash, "session", T0)).toBeUndefined();
      expect(await s.consoleSessions.getLive(live.idHash, "session", T0 + 2 * MIN)).toBeDefined();
    }),
  );

  it(
    "console audit: ids increase, listed newest first, paged with before",
    withStore(async (s) => {
      const who = `auditor-${randomUUID()}`;
      const written = [];
      for (let i = 0; i < 5; i++)
        written.push(
          await s.consoleAudit.append({
            at: T0 + i,
            who,
            operation: i % 2 ? "AdminDisableUser" : "SignIn",
            userPoolId: i % 2 ? "us-east-1_Contract1" : null,
            target: i % 2 ? `user${i}` : null,
            outcome: i === 3 ? "UserNotFoundException" : "ok",
          }),
        );
      const ids = written.map((e) => e.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      expect(new Set(ids).size).toBe(5);
      const first = (await s.consoleAudit.list({ limit: 3 })).filter((e) => e.who === who);
      expect(first.map((e) => e.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect(first[1]).toEqual({
        id: ids[3],
        at: T0 + 3,
        who,
        operation: "AdminDisableUser",
        userPoolId: "us-east-1_Contract1",
        target: "user3",
        outcome: "UserNotFoundException",
      });
      const rest = await s.consoleAudit.list({ limit: 10, before: ids[2]! });
      expect(rest.filter((e) => e.who === who).map((e) => e.id)).toEqual([ids[1], ids[0]]);
      expect(rest.every((e) => e.id < ids[2]!)).toBe(true);
    }),
  );

  it(
    "console audit: filtered by exact actor and operation, alone or together, and paged within the filter",
    withStore(async (s) => {
      const alice = `alice-${randomUUID()}`;
      const bob = `bob-${randomUUID()}`;
      const ids: Record<string, number[]> = {};
      const add = (key: string, id: number) => {
        ids[key] = [...(ids[key] ?? []), id];
      };
      const ops = ["AdminDisableUser", "SignIn", "AdminDisableUser", "AdminDeleteUser", "AdminDisableUser"];
      for (const [i, operation] of ops.entries())
        for (const who of [alice, bob]) {
          const e = await s.consoleAudit.append({
            at: T0 + i,
            who,
            operation,
            userPoolId: null,
            target: null,
            outcome: "ok",
          });
          add(`${who} ${operation}`, e.id);
          add(who, e.id);
        }
      const newestFirst = (xs: number[]) => [...xs].sort((x, y) => y - x);
      const list = async (q: Parameters<Store["consoleAudit"]["list"]>[0]) =>
        (await s.consoleAudit.list(q)).map((e) => e.id);

      expect(await list({ limit: 10, who: alice })).toEqual(newestFirst(ids[alice]!));
      // A prefix or another case is another actor: the filter is exact.
      expect(await list({ limit: 10, who: alice.slice(0, -1) })).toEqual([]);
      expect(await list({ limit: 10, who: alice.toUpperCase() })).toEqual([]);
      const disables = await s.consoleAudit.list({ limit: 10, who: bob, operation: "AdminDisableUser" });
      expect(disables.map((e) => e.id)).toEqual(newestFirst(ids[`${bob} AdminDisableUser`]!));
      expect(disables.every((e) => e.who === bob && e.operation === "AdminDisableUser")).toBe(true);
      // The operation alone spans actors (and entries of other tests, all of that operation).
      const all = await s.consoleAudit.list({ limit: 1000, operation: "AdminDeleteUser" });
      expect(all.every((e) => e.operation === "AdminDeleteUser")).toBe(true);
      expect(all.map((e) => e.id)).toEqual(
        expect.arrayContaining([...ids[`${alice} AdminDeleteUser`]!, ...ids[`${bob} AdminDeleteUser`]!]),
      );
      // Pages of two within a filter: the cursor is the last id of the page before.
      const first = await list({ limit: 2, who: alice, operation: "AdminDisableUser" });
      const second = await list({ limit: 2, who: alice, operation: "AdminDisableUser", before: first.at(-1)! });
      expect([...first, ...second]).toEqual(newestFirst(ids[`${alice} AdminDisableUser`]!));
    }),
  );

  it(
    "console audit: purgeBefore deletes entries older than the cutoff in batches, keeps the rest, and is idempotent",
    withStore(async (s) => {
      // Far before T0, so no other test's entry is older than these cutoffs.
      const OLD = T0 - 2000 * DAY;
      const who = `retained-${randomUUID()}`;
      const write = (at: number) =>
        s.consoleAudit.append({ at, who, operation: "SignIn", userPoolId: null, target: null, outcome: "ok" });
      for (let i = 0; i < 7; i++) await write(OLD + i * MIN);
      const kept = await write(OLD + DAY);
      const mine = async () => (await s.consoleAudit.list({ limit: 100, who })).map((e) => e.at);

      // Six rows older than the cutoff in batches of 3: 3, 3 and an empty one. An entry at the cutoff is kept.
      expect(await s.consoleAudit.purgeBefore(OLD + 6 * MIN, { batch: 3 })).toBe(6);
      expect(await mine()).toEqual([OLD + DAY, OLD + 6 * MIN]);
      // Nothing left to delete: a second pass (another instance, or the next timer) deletes nothing.
      expect(await s.consoleAudit.purgeBefore(OLD + 6 * MIN, { batch: 3 })).toBe(0);

      // Seven rows (3, 3, 1) purged by two instances at once: each row is deleted, and counted, once.
      for (let i = 0; i < 6; i++) await write(OLD + HOUR + i);
      const counts = await Promise.all([
        s.consoleAudit.purgeBefore(OLD + 2 * HOUR, { batch: 3 }),
        s.consoleAudit.purgeBefore(OLD + 2 * HOUR, { batch: 3 }),
      ]);
      expect(counts[0]! + counts[1]!).toBe(7);
      expect(await mine()).toEqual([kept.at]);
      // The default batch (DELETE_BATCH) too.
      expect(await s.consoleAudit.purgeBefore(OLD + DAY + 1)).toBe(1);
      expect(await mine()).toEqual([]);
    }),
  );
}
