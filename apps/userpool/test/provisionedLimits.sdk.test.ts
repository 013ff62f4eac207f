/**
 * GetProvisionedLimit / UpdateProvisionedLimit through the AWS SDK v3 on every engine: a provisioned limit is the
 * server-wide request rate of its category, enforced per pool from the next request on, stored, and loaded by an
 * instance that starts later on the same database. ADR 0032.
 */
import {
  CreateUserPoolCommand,
  GetProvisionedLimitCommand,
  ListUsersCommand,
  UpdateProvisionedLimitCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { databaseOptions, testEngines, type TestDatabase } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { startTestUserpool, type TestUserpool } from "./support/userpool.js";

/** One data key for both instances on the database (PostgreSQL runs keep no key file between them). */
const dataKey = Buffer.alloc(32, 42);
const category = (Category: string) => ({ LimitClass: "API_CATEGORY" as const, Attributes: { Category } });

describe.each(testEngines())("provisioned limits through the AWS SDK v3 on $name", (engine) => {
  let db: TestDatabase;
  let up: TestUserpool;
  let admin: CognitoIdentityProviderClient;
  // The start of a second (plus a little) near real time, so every request of a step falls in one window.
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000 + 100);
  beforeAll(async () => {
    db = await engine.create();
    // Development mode: no category is limited until a limit is provisioned.
    up = await startTestUserpool({ ...databaseOptions(db), dataKey, clock });
    admin = adminAt(up.url, clock);
  });
  afterAll(async () => {
    await up?.close();
    await db?.cleanup();
  });

  it("a category without a limit on this server is refused by name when read", async () => {
    await expect(
      admin.send(new GetProvisionedLimitCommand({ LimitDefinition: category("UserList") })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("Category UserList has no request-rate limit on this server"),
    });
  });

  it("an update in bounds is answered, read back, enforced per pool, and loaded by a later instance", async () => {
    const updated = await admin.send(
      new UpdateProvisionedLimitCommand({ LimitDefinition: category("UserList"), RequestedLimitValue: 35 }),
    );
    // "Quotas in Amazon Cognito": UserList's default rate is 30 requests per second.
    const limit = { LimitDefinition: category("UserList"), ProvisionedLimitValue: 35, FreeLimitValue: 30 };
    expect(updated.Limit).toEqual(limit);
    expect((await admin.send(new GetProvisionedLimitCommand({ LimitDefinition: category("UserList") }))).Limit).toEqual(
      limit,
    );

    const poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: "limited" }))).UserPool!.Id!;
    clock.advance(1000);
    const list = () => admin.send(new ListUsersCommand({ UserPoolId: poolId }));
    for (let i = 0; i < 35; i++) await list();
    await expect(list()).rejects.toMatchObject({ name: "TooManyRequestsException", message: "Rate exceeded" });
    clock.advance(1000);
    await list();

    const later = await startTestUserpool({ ...databaseOptions(db), dataKey, clock });
    try {
      const other = adminAt(later.url, clock);
      expect(
        (await other.send(new GetProvisionedLimitCommand({ LimitDefinition: category("UserList") }))).Limit,
      ).toEqual(limit);
    } finally {
      await later.close();
    }
  });

  it("refuses values outside the default-to-maximum range, unknown categories and malformed definitions", async () => {
    await expect(
      admin.send(
        new UpdateProvisionedLimitCommand({ LimitDefinition: category("UserCreation"), RequestedLimitValue: 49 }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("must be between the default limit 50"),
    });
    await expect(
      admin.send(
        new UpdateProvisionedLimitCommand({
          LimitDefinition: category("UserCreation"),
          RequestedLimitValue: 1_000_001,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      admin.send(
        new UpdateProvisionedLimitCommand({ LimitDefinition: category("Everything"), RequestedLimitValue: 60 }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("Category Everything is not a request-rate category"),
    });
    await expect(
      admin.send(
        new GetProvisionedLimitCommand({
          LimitDefinition: { LimitClass: "API_CATEGORY", Attributes: { Category: "UserList", Pool: "x" } },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("exactly one key") });
    await expect(
      admin.send(
        new GetProvisionedLimitCommand({
          LimitDefinition: { LimitClass: "ACCOUNT" as never, Attributes: { Category: "UserList" } },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/limitClass/i) });
    // Nothing refused was stored.
    await expect(
      admin.send(new GetProvisionedLimitCommand({ LimitDefinition: category("UserCreation") })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
