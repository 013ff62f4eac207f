import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDb } from "@authhub/appdb";
import type { Context } from "aws-lambda";
import { createHandler, TriggerError, type PreTokenGenerationEvent } from "../src/handler.js";
import type { PreTokenGenerationV1Event, PreTokenGenerationV2Event } from "../src/events.js";
import {
  createTestDatabase,
  ENGINES,
  fixture,
  memoryLogger,
  v1Event,
  v2Event,
  type TestDatabase,
} from "./support/engines.js";

const v1 = (e: PreTokenGenerationEvent) => (e as PreTokenGenerationV1Event).response;
const v2 = (e: PreTokenGenerationEvent) => (e as PreTokenGenerationV2Event).response;

describe.each(ENGINES)("PreTokenGeneration handler on %s", (engine) => {
  let tdb: TestDatabase;
  let db: AppDb;
  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    db = await tdb.connect();
  });
  afterAll(() => tdb.drop());

  const rowsFor = (sub: string) => db.selectFrom("users").selectAll().where("sub", "=", sub).execute();

  it("gives 20 concurrent first sign-ins of one new user exactly one row and one db_user_id", async () => {
    // Four containers (each its own handler and connection pool), five sign-ins each, all at once.
    const containers = await Promise.all(
      Array.from({ length: 4 }, async () => createHandler({ db: await tdb.connect(), log: memoryLogger().log })),
    );
    const sub = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const event = i % 2 ? v1Event(sub, "first@example.com") : v2Event(sub, "first@example.com");
        return containers[i % containers.length]!(event);
      }),
    );
    const ids = results.map(
      (r) =>
        v1(r).claimsOverrideDetails?.claimsToAddOrOverride?.db_user_id ??
        v2(r).claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride?.db_user_id,
    );
    const rows = await rowsFor(sub);
    expect(rows).toHaveLength(1);
    expect(ids).toHaveLength(20);
    expect(new Set(ids)).toEqual(new Set([String(rows[0]!.id)]));
  });

  it("stores an email full of SQL verbatim and the table survives", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const sub = randomUUID();
    const email = "x'); DROP TABLE users;--@example.com";
    const out = await handler(v1Event(sub, email));
    const rows = await rowsFor(sub);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe(email);
    expect(v1(out).claimsOverrideDetails?.claimsToAddOrOverride?.db_user_id).toBe(String(rows[0]!.id));
    // Still a table with every earlier row in it.
    const { n } = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(1);
  });

  it("updates the row when the user's email changes, keeping its id", async () => {
    let now = new Date("2031-05-01T10:00:00.000Z");
    const handler = createHandler({ db, clock: () => now, log: memoryLogger().log });
    const sub = randomUUID();
    const first = await handler(v1Event(sub, "old@example.com"));
    now = new Date("2031-05-02T10:00:00.000Z");
    const second = await handler(v2Event(sub, "new@example.com", "pre-token-generation-v2-refresh-tokens.json"));
    const rows = await rowsFor(sub);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe("new@example.com");
    const id = String(rows[0]!.id);
    expect(v1(first).claimsOverrideDetails?.claimsToAddOrOverride?.db_user_id).toBe(id);
    expect(v2(second).claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride?.db_user_id).toBe(id);
  });

  it("V1: adds db_user_id to the ID token only, keeping existing overrides", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const event = v1Event(randomUUID(), "v1@example.com");
    const groups = {
      groupsToOverride: ["admins"],
      iamRolesToOverride: ["arn:aws:iam::123456789012:role/admin"],
      preferredRole: "arn:aws:iam::123456789012:role/admin",
    };
    event.response = {
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant: "acme" },
        claimsToSuppress: ["phone_number"],
        groupOverrideDetails: groups,
      },
    };
    const before = structuredClone(event);
    const out = await handler(event);
    const details = v1(out).claimsOverrideDetails;
    expect(details).toEqual({
      claimsToAddOrOverride: { tenant: "acme", db_user_id: expect.stringMatching(/^\d+$/) },
      claimsToSuppress: ["phone_number"],
      groupOverrideDetails: groups,
    });
    expect(out.response).not.toHaveProperty("claimsAndScopeOverrideDetails");
    expect(event).toEqual(before); // the input is not mutated
    const { request, ...rest } = out;
    expect(request).toEqual(before.request);
    expect(rest.triggerSource).toBe("TokenGeneration_Authentication");
  });

  it("V1: handles Cognito's null claimsOverrideDetails and refresh events", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const sub = randomUUID();
    const auth = await handler(v1Event(sub, "r@example.com"));
    const refresh = await handler(v1Event(sub, "r@example.com", "pre-token-generation-v1-refresh-tokens.json"));
    expect(v1(auth).claimsOverrideDetails).toEqual({ claimsToAddOrOverride: { db_user_id: expect.any(String) } });
    expect(v1(refresh).claimsOverrideDetails).toEqual(v1(auth).claimsOverrideDetails);
  });

  it("V2: adds db_user_id to both tokens, keeping existing claim, scope and group overrides", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const event = v2Event(randomUUID(), "v2@example.com");
    event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tenant: "acme" }, claimsToSuppress: ["email"] },
        accessTokenGeneration: {
          claimsToAddOrOverride: { plan: "pro" },
          scopesToAdd: ["reports/read"],
          scopesToSuppress: ["phone"],
        },
        groupOverrideDetails: { groupsToOverride: ["readers"] },
      },
    };
    const out = await handler(event);
    const id = expect.stringMatching(/^\d+$/);
    expect(v2(out).claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: { tenant: "acme", db_user_id: id }, claimsToSuppress: ["email"] },
      accessTokenGeneration: {
        claimsToAddOrOverride: { plan: "pro", db_user_id: id },
        scopesToAdd: ["reports/read"],
        scopesToSuppress: ["phone"],
      },
      groupOverrideDetails: { groupsToOverride: ["readers"] },
    });
    expect(out.response).not.toHaveProperty("claimsOverrideDetails");
  });

  it("V2: handles Cognito's null claimsAndScopeOverrideDetails; both tokens carry the same id", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const out = await handler(v2Event(randomUUID(), "v2null@example.com"));
    const details = v2(out).claimsAndScopeOverrideDetails;
    const id = details?.idTokenGeneration?.claimsToAddOrOverride?.db_user_id;
    expect(id).toMatch(/^\d+$/);
    expect(details).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: { db_user_id: id } },
      accessTokenGeneration: { claimsToAddOrOverride: { db_user_id: id } },
    });
  });

  it("works for every user TokenGeneration_* source", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const sub = randomUUID();
    const ids = new Set<string | undefined>();
    for (const source of [
      "TokenGeneration_HostedAuth",
      "TokenGeneration_Authentication",
      "TokenGeneration_NewPasswordChallenge",
      "TokenGeneration_AuthenticateDevice",
      "TokenGeneration_RefreshTokens",
    ] as const) {
      const out = await handler({
        ...v1Event(sub, "src@example.com"),
        triggerSource: source,
      } as PreTokenGenerationV1Event);
      ids.add(v1(out).claimsOverrideDetails?.claimsToAddOrOverride?.db_user_id);
    }
    expect(ids.size).toBe(1);
    expect(await rowsFor(sub)).toHaveLength(1);
  });

  it("puts the caller's request ID (ClientContext) and Lambda's awsRequestId on its log lines", async () => {
    const { lines, log } = memoryLogger();
    const handler = createHandler({ db, log });
    const context = {
      awsRequestId: "lambda-invocation-1",
      clientContext: { custom: { requestId: "req-from-the-api-0001" } },
    } as unknown as Context;
    await handler(v1Event(randomUUID(), "ids@example.com"), context);
    expect(lines.find((l) => l.msg === "user synced")).toMatchObject({
      reqId: "req-from-the-api-0001",
      awsRequestId: "lambda-invocation-1",
    });
    // A malformed ID (a line break: log forging) is left out; Lambda's own ID stays.
    lines.length = 0;
    const forged = {
      awsRequestId: "lambda-invocation-2",
      clientContext: { custom: { requestId: 'x"\n{"level":"error"' } },
    };
    await handler(v1Event(randomUUID(), "ids@example.com"), forged as unknown as Context);
    const line = lines.find((l) => l.msg === "user synced")!;
    expect(line.reqId).toBeUndefined();
    expect(line.awsRequestId).toBe("lambda-invocation-2");
  });

  it("stores NULL for a user without an email", async () => {
    const handler = createHandler({ db, log: memoryLogger().log });
    const sub = randomUUID();
    await handler(v1Event(sub, null));
    expect((await rowsFor(sub))[0]!.email).toBeNull();
  });

  it("throws (failing the sign-in) when the database rejects the write, and logs why without secrets", async () => {
    // A database the migrate step never reached: the users table does not exist.
    const bare = await createTestDatabase(engine, { migrate: false });
    try {
      const { lines, log } = memoryLogger();
      const handler = createHandler({ db: await bare.connect(), log });
      const err = await handler(v1Event(randomUUID(), "nodb@example.com")).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TriggerError);
      expect((err as TriggerError).code).toBe("UserSyncFailed");
      // The message reaches the end user through Cognito: nothing internal in it.
      expect((err as TriggerError).message).toBe("could not sync the user with the app database");
      const entry = lines.find((l) => l.level === "error");
      expect(entry).toMatchObject({ msg: "user sync failed", triggerSource: "TokenGeneration_Authentication" });
      expect(String(entry!.error)).toMatch(/users/);
      expect(JSON.stringify(lines)).not.toContain("nodb@example.com");
    } finally {
      await bare.drop();
    }
  });
});

describe("PreTokenGeneration handler: events it must not sync", () => {
  const neverOpened = () => Promise.reject(new Error("the database must not be opened for this event"));

  it("passes non-token events through untouched, without opening the database", async () => {
    const { lines, log } = memoryLogger();
    const handler = createHandler({ openDb: neverOpened, log });
    for (const name of [
      "post-confirmation-confirm-sign-up.json",
      "pre-sign-up-sign-up.json",
      "custom-message-sign-up.json",
      "user-migration-authentication.json",
    ]) {
      const event = fixture<PreTokenGenerationEvent>(name);
      expect(await handler(event)).toBe(event);
    }
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(4);
  });

  it("passes machine-to-machine (client credentials) token generation through", async () => {
    const handler = createHandler({ openDb: neverOpened, log: memoryLogger().log });
    const event = {
      ...fixture<PreTokenGenerationV2Event>("pre-token-generation-v2-authentication.json"),
      version: "3",
      triggerSource: "TokenGeneration_ClientCredentials",
    } as unknown as PreTokenGenerationEvent;
    expect(await handler(event)).toBe(event);
  });

  it("rejects malformed events with an error that names the field", async () => {
    const handler = createHandler({ openDb: neverOpened, log: memoryLogger().log });
    const base = fixture<PreTokenGenerationV1Event>("pre-token-generation-v1-authentication.json");
    const cases: Array<[unknown, RegExp]> = [
      [
        { ...base, request: { ...base.request, userAttributes: { email: "a@example.com" } } },
        /request\.userAttributes\.sub is missing/,
      ],
      [{ ...base, request: {} }, /request\.userAttributes is missing/],
      [{ ...base, request: { ...base.request, userAttributes: { sub: "s", email: 42 } } }, /email is not a string/],
      [
        {
          ...base,
          request: { ...base.request, userAttributes: { sub: "s", email: `${"a".repeat(320)}@example.com` } },
        },
        /longer than 320/,
      ],
      [{ ...base, request: { ...base.request, userAttributes: { sub: "s".repeat(129) } } }, /sub is longer than 128/],
      [null, /not an object/],
    ];
    for (const [event, message] of cases) {
      const err = await handler(event as PreTokenGenerationEvent).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TriggerError);
      expect((err as TriggerError).code).toBe("InvalidEvent");
      expect((err as TriggerError).message).toMatch(message);
    }
  });

  it("refuses an event version it does not know rather than answer in the wrong shape", async () => {
    const handler = createHandler({ openDb: neverOpened, log: memoryLogger().log });
    const event = {
      ...fixture<PreTokenGenerationV1Event>("pre-token-generation-v1-authentication.json"),
      version: "9",
      response: {},
    };
    const err = await handler(event as unknown as PreTokenGenerationEvent).catch((e: unknown) => e);
    expect((err as TriggerError).code).toBe("UnsupportedEventVersion");
    expect((err as TriggerError).message).toBe('unsupported PreTokenGeneration event version "9"');
  });
});
