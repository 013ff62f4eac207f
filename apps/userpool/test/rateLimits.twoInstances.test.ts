/**
 * Two instances on one database share one limit: the counters are rows of that database, counted
 * by one atomic upsert, so a client cannot double its quota by alternating between instances
 * behind a load balancer. Runs on a shared SQLite file always and on PostgreSQL whenever
 * USERPOOL_DATABASE_URL is set.
 */
import { SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { rejection } from "./support/lifecycle.js";
import { CLIENT_ID, GOOD_PASSWORD, startTwoInstancesOn, uniqueEmail, type TestUserpool } from "./support/userpool.js";

describe.each(testEngines())("two instances on one $name database share the request-rate limits", (engine) => {
  let a: TestUserpool;
  let b: TestUserpool;
  let stop: (() => Promise<void>) | undefined;
  // One clock for both, as NTP-synchronised hosts would have; at the start of a minute.
  const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000 + 100);
  beforeAll(async () => {
    ({ a, b, stop } = await startTwoInstancesOn(engine, {
      clock,
      rateLimits: { categories: { UserCreation: 3 }, addresses: { InitiateAuth: 2 } },
    }));
  });
  afterAll(() => stop?.());

  const signUp = (up: TestUserpool) =>
    up.anon.send(
      new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail("twinrate"), Password: GOOD_PASSWORD }),
    );

  it("a pool's UserCreation quota is one count across both instances", async () => {
    await signUp(a);
    await signUp(b);
    await signUp(a);
    expect(await rejection(signUp(b))).toMatchObject({ name: "TooManyRequestsException", message: "Rate exceeded" });
    expect(await rejection(signUp(a))).toMatchObject({ name: "TooManyRequestsException" });
    clock.advance(1000);
    await signUp(b);
  });

  it("an address's InitiateAuth limit is one count across both instances", async () => {
    const initiate = async (up: TestUserpool) => {
      const res = await fetch(`${up.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
        },
        body: "{}",
      });
      return ((await res.json()) as { __type: string }).__type;
    };
    expect(await initiate(a)).toBe("InvalidParameterException");
    expect(await initiate(b)).toBe("InvalidParameterException");
    expect(await initiate(a)).toBe("TooManyRequestsException");
    expect(await initiate(b)).toBe("TooManyRequestsException");
  });
});
