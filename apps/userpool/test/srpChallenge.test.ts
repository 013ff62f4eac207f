/**
 * The PASSWORD_VERIFIER challenge sealed into SECRET_BLOCK (src/services/srpChallenge.ts), end to
 * end on each engine: InitiateAuth writes nothing, the block answers once, for its own client,
 * within AuthSessionValidity, and only for the password it was made against.
 */
import {
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { Housekeeping } from "../src/services/housekeeping.js";
import { testEngines } from "./support/engines.js";
import { createClientEphemeral, passwordVerifierResponses, srpAuthParameters } from "./support/srpClient.js";
import { adminAt, confirmedUser, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, SRP_ONLY_CLIENT_ID, uniqueEmail } from "./support/userpool.js";

const INCORRECT = { name: "NotAuthorizedException", message: "Incorrect username or password." };
const INVALID = { name: "NotAuthorizedException", message: "Invalid session for the user, session is expired." };
const MINUTE = 60_000;

describe.each(testEngines())("sealed SRP challenges on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** InitiateAuth USER_SRP_AUTH; returns a function that answers it (with `password`, at `clientId`). */
  async function challenge(username: string, clientId = CLIENT_ID) {
    const ephemeral = createClientEphemeral({ aBytes: 32 });
    const started = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: clientId,
        AuthParameters: srpAuthParameters(username, ephemeral),
      }),
    );
    const params = started.ChallengeParameters!;
    return {
      params,
      answer: (password: string, o: { clientId?: string; secretBlock?: string } = {}) => {
        const responses = passwordVerifierResponses({
          poolName: POOL_ID.split("_")[1]!,
          password,
          ephemeral,
          challengeParameters: { ...params, ...(o.secretBlock ? { SECRET_BLOCK: o.secretBlock } : {}) },
        });
        return up.anon.send(
          new RespondToAuthChallengeCommand({
            ClientId: o.clientId ?? clientId,
            ChallengeName: "PASSWORD_VERIFIER",
            ChallengeResponses: responses,
          }),
        );
      },
    };
  }

  /** Row counts of every table. */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = (await up.store.db.introspection.getTables()).map((t) => t.name).sort();
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const r = await up.store.db
        .selectFrom(t as never)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      counts[t] = Number((r as { n: number | string }).n);
    }
    return counts;
  }

  it("InitiateAuth writes nothing, for a user or an unknown name; the answer records one row", async () => {
    const { email, password } = await confirmedUser(up);
    const before = await rowCounts();
    expect(before).toHaveProperty("srp_answered_challenges");
    const real = await challenge(email);
    await challenge(uniqueEmail("nobody"));
    expect(await rowCounts()).toEqual(before);
    expect((await real.answer(password)).AuthenticationResult?.AccessToken).toBeTruthy();
    const after = await rowCounts();
    expect(after.srp_answered_challenges).toBe(before.srp_answered_challenges! + 1);
  });

  it("a USERNAME longer than any user can have is refused as a parameter error, known user or not", async () => {
    const long = `${"a".repeat(2040)}@example.com`;
    const r = await rejection(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: srpAuthParameters(long, createClientEphemeral({ aBytes: 32 })),
        }),
      ),
    );
    expect(r).toMatchObject({
      name: "InvalidParameterException",
      message: "USERNAME must be at most 2048 characters long.",
    });
    // Just under the limit an unknown name still gets a normal-looking challenge.
    const c = await challenge(`${"b".repeat(2036)}@example.com`);
    expect(c.params.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers once: a replay of a right answer is refused", async () => {
    const { email, password } = await confirmedUser(up);
    const c = await challenge(email);
    expect((await c.answer(password)).AuthenticationResult?.IdToken).toBeTruthy();
    expect(await rejection(c.answer(password))).toMatchObject(INVALID);
  });

  it(
    "a block is refused at another client of the pool, tampered with, " +
      "or after AuthSessionValidity (3 minutes by default)",
    async () => {
      const { email, password } = await confirmedUser(up);
      const c = await challenge(email);
      expect(await rejection(c.answer(password, { clientId: SRP_ONLY_CLIENT_ID }))).toMatchObject(INVALID);
      const raw = Buffer.from(c.params.SECRET_BLOCK!, "base64");
      raw[raw.length >> 1]! ^= 1;
      expect(await rejection(c.answer(password, { secretBlock: raw.toString("base64") }))).toMatchObject(INVALID);
      expect(
        await rejection(c.answer(password, { secretBlock: raw.subarray(0, 40).toString("base64") })),
      ).toMatchObject(INVALID);

      clock.advance(3 * MINUTE);
      try {
        expect(await rejection(c.answer(password))).toMatchObject(INVALID);
      } finally {
        clock.advance(-3 * MINUTE);
      }
      // None of that used the challenge up: just inside its validity it still signs in.
      clock.advance(3 * MINUTE - 1000);
      try {
        expect((await c.answer(password)).AuthenticationResult?.AccessToken).toBeTruthy();
      } finally {
        clock.advance(-(3 * MINUTE - 1000));
      }
    },
  );

  it("a challenge made before a password change cannot be answered with the old password", async () => {
    const { email, password } = await confirmedUser(up);
    const c = await challenge(email);
    await adminAt(up.url, clock).send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: email,
        Password: "N3w-Passw0rd!!",
        Permanent: true,
      }),
    );
    expect(await rejection(c.answer(password))).toMatchObject(INCORRECT);
    expect((await (await challenge(email)).answer("N3w-Passw0rd!!")).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("housekeeping deletes answered challenges once they have expired", async () => {
    const { email, password } = await confirmedUser(up);
    await (await challenge(email)).answer(password);
    const live = (await rowCounts()).srp_answered_challenges!;
    expect(live).toBeGreaterThan(0);
    const housekeeping = new Housekeeping({ store: up.store, clock, log: up.services.log });
    expect((await housekeeping.run()).srpChallenges).toBe(0);
    clock.advance(15 * MINUTE);
    try {
      expect((await housekeeping.run()).srpChallenges).toBe(live);
    } finally {
      clock.advance(-15 * MINUTE);
    }
    expect((await rowCounts()).srp_answered_challenges).toBe(0);
  });

  it("housekeeping deletes refresh tokens a week after they expired (30 days by default), not before", async () => {
    const { email, password } = await confirmedUser(up);
    const tokens = (await (await challenge(email)).answer(password)).AuthenticationResult!;
    const hash = (await import("../src/crypto/envelope.js")).sha256(tokens.RefreshToken!);
    const housekeeping = new Housekeeping({ store: up.store, clock, log: up.services.log });
    const DAY = 86_400_000;
    for (const [days, kept] of [
      [36.99, true],
      [37, false],
    ] as const) {
      clock.advance(days * DAY);
      try {
        await housekeeping.run();
      } finally {
        clock.advance(-days * DAY);
      }
      expect(!!(await up.store.refreshTokens.get(hash)), `after ${days} days`).toBe(kept);
    }
  });
});
