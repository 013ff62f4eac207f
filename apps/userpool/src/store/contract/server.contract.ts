/**
 * What belongs to the server rather than to a pool: meta values and the development mailbox.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { storeTest, T0 } from "./fixtures.js";

export function serverStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "dev mail: newest first, filtered by lower-cased recipient",
    withStore(async (s) => {
      await s.devMail.insert({ id: randomUUID(), to: "Zed@Example.com", createdAt: T0, contentEnc: "a" });
      await s.devMail.insert({ id: randomUUID(), to: "zed@example.com", createdAt: T0 + 1, contentEnc: "b" });
      await s.devMail.insert({ id: randomUUID(), to: "other@example.com", createdAt: T0 + 2, contentEnc: "c" });
      expect((await s.devMail.list({ to: "ZED@example.com", limit: 10 })).map((m) => m.contentEnc)).toEqual(["b", "a"]);
      expect((await s.devMail.list({ limit: 2 })).map((m) => m.contentEnc)).toEqual(["c", "b"]);
    }),
  );

  it(
    "meta: setIfAbsent keeps the first value",
    withStore(async (s) => {
      expect(await s.meta.get("k")).toBeUndefined();
      expect(await s.meta.setIfAbsent("k", "first")).toBe("first");
      expect(await s.meta.setIfAbsent("k", "second")).toBe("first");
      expect(await s.meta.get("k")).toBe("first");
    }),
  );
}
