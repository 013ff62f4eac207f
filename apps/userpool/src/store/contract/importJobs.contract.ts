/**
 * User import jobs: status changes are compare-and-set, pages are oldest first, and a batch insert creates
 * every user whose username and aliases are free, reports the others (taken in the pool or earlier in the
 * batch) and creates nothing of them.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { ImportedUser, ImportJobRow, Store } from "../index.js";
import { createPool, createUser, storeTest, T0 } from "./fixtures.js";

const job = (poolId: string, jobId: string, createdAt: number): ImportJobRow => ({
  jobId,
  poolId,
  jobName: "j",
  status: "Created",
  cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/r",
  createdAt,
  startedAt: null,
  completedAt: null,
  uploadedAt: null,
  heartbeatAt: null,
  importedUsers: 0,
  skippedUsers: 0,
  failedUsers: 0,
  completionMessage: null,
});

const imported = (poolId: string, name: string, email?: string): ImportedUser => {
  const id = randomUUID();
  return {
    user: {
      id,
      poolId,
      username: name,
      usernameKey: name.toLowerCase(),
      status: "RESET_REQUIRED",
      enabled: true,
      attributes: { sub: id, ...(email ? { email, email_verified: "true" } : {}) },
      srpSalt: null,
      verifierEnc: null,
      passwordSetAt: null,
      createdAt: T0,
      updatedAt: T0,
    },
    aliases: email ? [{ poolId, type: "email", key: email, userId: id }] : [],
    smsMfa: false,
  };
};

export function importJobStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "import jobs: pages oldest first, status changes only from the expected states",
    withStore(async (s) => {
      const p = await createPool(s);
      const ids = [`import-${randomUUID().slice(0, 8)}c`, `import-${randomUUID().slice(0, 8)}a`];
      await s.importJobs.create(job(p, ids[0]!, T0 + 2));
      await s.importJobs.create(job(p, ids[1]!, T0 + 1));
      const first = await s.importJobs.list(p, { limit: 1 });
      expect(first.map((j) => j.jobId)).toEqual([ids[1]]);
      const second = await s.importJobs.list(p, { limit: 5, after: ids[1]! });
      expect(second.map((j) => j.jobId)).toEqual([ids[0]]);
      expect(await s.importJobs.update(ids[0]!, ["Pending"], { status: "InProgress" })).toBe(false);
      expect(await s.importJobs.update(ids[0]!, ["Created"], { status: "Pending", startedAt: T0 + 3 })).toBe(true);
      expect(await s.importJobs.get(p, ids[0]!)).toMatchObject({ status: "Pending", startedAt: T0 + 3 });
      expect(await s.importJobs.getById(ids[0]!)).toMatchObject({ poolId: p });
      expect(await s.importJobs.get(await createPool(s), ids[0]!)).toBeUndefined();
      expect((await s.importJobs.listByStatus(["Pending"])).map((j) => j.jobId)).toContain(ids[0]);
    }),
  );

  it(
    "import jobs: a batch creates the free names and reports taken usernames and aliases",
    withStore(async (s) => {
      const p = await createPool(s);
      await createUser(s, p, "taken");
      const first = imported(p, "first", "first@example.com");
      const outcomes = await s.importJobs.insertUsers(p, [
        first,
        imported(p, "TAKEN"),
        imported(p, "second", "first@example.com"),
        imported(p, "First"),
        imported(p, "third", "third@example.com"),
      ]);
      expect(outcomes).toEqual(["created", "username", "alias", "username", "created"]);
      expect(await s.users.count(p)).toBe(3);
      expect((await s.users.getByAlias(p, "email", "first@example.com"))?.id).toBe(first.user.id);
      expect(await s.importJobs.insertUsers(p, [imported(p, "x", "third@example.com")])).toEqual(["alias"]);
    }),
  );
}
