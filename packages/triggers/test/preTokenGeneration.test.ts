import { describe, expect, it, vi } from "vitest";
import { TriggerError } from "../src/errors.js";
import { eventShape } from "../src/events.js";
import { preTokenGeneration, type Deps } from "../src/preTokenGeneration.js";
import type { UserSyncStore } from "../src/store/users.js";
import { isTransientDbError } from "../src/store/users.js";
import { fixture, memoryLogger } from "./support/engines.js";
import type { PreTokenGenerationV1Event } from "../src/events.js";

// The operation's failure handling, with the store replaced by a scripted one. Storage behaviour
// itself is covered against real databases in store/users.test.ts and handler.test.ts.
function deps(upsert: UserSyncStore["upsertBySub"]) {
  const { lines, log } = memoryLogger();
  const store = { upsertBySub: vi.fn(upsert) };
  const d: Deps = { users: async () => store, clock: () => new Date("2030-01-01T00:00:00Z"), log };
  return { d, store, lines };
}

const event = () => fixture<PreTokenGenerationV1Event>("pre-token-generation-v1-authentication.json");
const connectionLost = () => Object.assign(new Error("Connection terminated unexpectedly"), {});

describe("preTokenGeneration failure handling", () => {
  it("retries once when the connection broke under the upsert", async () => {
    let calls = 0;
    const { d, store, lines } = deps(async () => {
      if (calls++ === 0) throw connectionLost();
      return { id: "42" };
    });
    const out = (await preTokenGeneration(event(), d)) as PreTokenGenerationV1Event;
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ db_user_id: "42" });
    expect(store.upsertBySub).toHaveBeenCalledTimes(2);
    expect(lines.map((l) => l.msg)).toContain("user sync retrying after a connection error");
  });

  it("gives up after the retry, and does not retry errors that would only repeat", async () => {
    const broken = deps(async () => {
      throw connectionLost();
    });
    await expect(preTokenGeneration(event(), broken.d)).rejects.toMatchObject({ code: "UserSyncFailed" });
    expect(broken.store.upsertBySub).toHaveBeenCalledTimes(2);

    const missingTable = deps(async () => {
      throw Object.assign(new Error('relation "users" does not exist'), { code: "42P01" });
    });
    await expect(preTokenGeneration(event(), missingTable.d)).rejects.toBeInstanceOf(TriggerError);
    expect(missingTable.store.upsertBySub).toHaveBeenCalledTimes(1);
  });

  it("fails when the database cannot be opened, logging the cause without credentials", async () => {
    const { lines, log } = memoryLogger();
    const d: Deps = {
      users: async () => {
        throw new Error("connect failed for postgres://app:hunter2@db.internal:5432/app (password=hunter2)");
      },
      clock: () => new Date(),
      log,
    };
    const err = await preTokenGeneration(event(), d).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "UserSyncFailed", message: "could not sync the user with the app database" });
    expect((err as Error).message).not.toContain("hunter2");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      msg: "user sync failed",
      sub: event().request.userAttributes.sub,
    });
    expect(JSON.stringify(lines)).not.toContain("hunter2");
    expect(String(lines[0]!.error)).toContain("postgres://***@db.internal");
  });

  it("does not claim success for an id the store never returned", async () => {
    const { d } = deps(async () => {
      throw new Error("SQLITE_READONLY: attempt to write a readonly database");
    });
    await expect(preTokenGeneration(event(), d)).rejects.toMatchObject({ code: "UserSyncFailed" });
  });
});

describe("isTransientDbError", () => {
  it.each([
    [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), true],
    [Object.assign(new Error("connection failure"), { code: "08006" }), true],
    [Object.assign(new Error("deadlock detected"), { code: "40P01" }), true],
    [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), true],
    [new Error("Connection terminated unexpectedly"), true],
    [Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }), false],
    [Object.assign(new Error("no such table: users"), { code: "SQLITE_ERROR" }), false],
    ["a string", false],
  ])("%s → %s", (err, expected) => {
    expect(isTransientDbError(err)).toBe(expected);
  });
});

describe("eventShape", () => {
  it.each([
    [{ version: "1" }, "v1"],
    [{ version: "V1_0" }, "v1"],
    [{ version: "2" }, "v2"],
    [{ version: "V2_0" }, "v2"],
    [{ version: "3" }, "v2"],
    [{ version: "x", response: { claimsAndScopeOverrideDetails: null } }, "v2"],
    [{ version: "x", response: { claimsOverrideDetails: null } }, "v1"],
    [{ version: "x", response: {} }, undefined],
    [{}, undefined],
  ])("%j → %s", (event, shape) => {
    expect(eventShape(event)).toBe(shape);
  });
});
