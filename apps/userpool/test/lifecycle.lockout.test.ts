/**
 * Sign-in lockout (Cognito developer guide, "Authentication flow": five free failures, then
 * 1 s doubling up to about 15 minutes, refusals not counted, reset after 15 quiet minutes), with
 * the injected clock at −1 s / +1 s around each boundary, across SRP, password and admin sign-in,
 * one counter per user across its aliases, and the same behaviour for unknown names.
 */
import { AdminInitiateAuthCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { lockDurationMs } from "../src/services/lockout.js";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import { createClientEphemeral, srpAuthParameters } from "./support/srpClient.js";
import { callRaw } from "./support/wire.js";
import {
  ALIAS_CLIENT_ID,
  adminAt,
  confirmedUser,
  passwordSignIn,
  rejection,
  startOn,
  type EngineUserpool,
} from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, uniqueEmail } from "./support/userpool.js";

const WRONG = "Wrong-Passw0rd!";
const INCORRECT = { name: "NotAuthorizedException", message: "Incorrect username or password." };
const LOCKED = { name: "NotAuthorizedException", message: "Password attempts exceeded" };

describe("lockDurationMs", () => {
  it("is 0 for up to four failures, then 2^(n−5) s, capped at 15 minutes", () => {
    expect([1, 2, 3, 4].map(lockDurationMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 14, 15, 100].map(lockDurationMs)).toEqual([1000, 2000, 4000, 8000, 512_000, 900_000, 900_000]);
  });
});

describe.each(testEngines())("lockout on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const attempt = (email: string, password: string, clientId = CLIENT_ID) =>
    passwordSignIn(up, email, password, clientId);
  const fail = async (email: string, clientId = CLIENT_ID) =>
    expect(await rejection(attempt(email, WRONG, clientId))).toMatchObject(INCORRECT);
  const locked = async (email: string, password: string, clientId = CLIENT_ID) =>
    expect(await rejection(attempt(email, password, clientId))).toMatchObject(LOCKED);
  /** Runs `fn` with the clock moved forward by `ms`, then puts it back (admin calls are signed with real time). */
  const later = async (ms: number, fn: () => Promise<void>) => {
    clock.advance(ms);
    try {
      await fn();
    } finally {
      clock.advance(-ms);
    }
  };

  it("four failures are free; a right password then signs in and starts the count over", async () => {
    const { email, password } = await confirmedUser(up);
    for (let i = 0; i < 4; i++) await fail(email);
    expect((await attempt(email, password)).AccessToken).toBeTruthy();
    for (let i = 0; i < 4; i++) await fail(email);
    expect((await attempt(email, password)).AccessToken).toBeTruthy();
  });

  it("the fifth failure locks for 1 s: even the right password is refused and not counted until it ends", async () => {
    const { email, password } = await confirmedUser(up);
    const t0 = clock.now().getTime();
    for (let i = 0; i < 5; i++) await fail(email);
    await locked(email, password);
    await locked(email, WRONG);
    clock.set(t0 + 999);
    try {
      await locked(email, password);
      clock.set(t0 + 1000);
      // Not counted during the lock: this is the 6th failure, which locks for 2 s (not 8).
      await fail(email);
      clock.set(t0 + 1000 + 1999);
      await locked(email, password);
      clock.set(t0 + 1000 + 2000);
      expect((await attempt(email, password)).AccessToken).toBeTruthy();
    } finally {
      clock.set(t0);
    }
  });

  it("doubles with each failure (8 failures → 8 s: locked at +7 s, open at +9 s)", async () => {
    const { email, password } = await confirmedUser(up);
    const t0 = clock.now().getTime();
    try {
      for (let n = 1; n <= 8; n++) {
        await fail(email);
        clock.advance(lockDurationMs(n));
      }
      // The last advance passed the 8 s lock; rewind to look inside it.
      clock.advance(-lockDurationMs(8) + 7000);
      await locked(email, password);
      clock.advance(2000);
      expect((await attempt(email, password)).AccessToken).toBeTruthy();
    } finally {
      clock.set(t0);
    }
  });

  it("is capped at 15 minutes (15 failures: locked at +899 s, open at +901 s)", async () => {
    const { email, password } = await confirmedUser(up);
    const t0 = clock.now().getTime();
    try {
      // Failure 15 would lock for 2^10 s; the cap makes it 900 s (after which 15 quiet minutes have passed).
      for (let n = 1; n <= 15; n++) {
        await fail(email);
        if (n < 15) clock.advance(lockDurationMs(n));
      }
      clock.advance(899_000);
      await locked(email, password);
      clock.advance(2000);
      expect((await attempt(email, password)).AccessToken).toBeTruthy();
    } finally {
      clock.set(t0);
    }
  });

  it("15 quiet minutes reset the counter (−1 s: the count goes on; +1 s: it starts over)", async () => {
    const a = await confirmedUser(up);
    const b = await confirmedUser(up);
    for (let i = 0; i < 4; i++) {
      await fail(a.email);
      await fail(b.email);
    }
    await later(900_000 - 1000, async () => {
      await fail(a.email);
      await locked(a.email, a.password);
    });
    await later(900_000 + 1000, async () => {
      await fail(b.email);
      // Counted from one again: three more failures are still free.
      for (let i = 0; i < 3; i++) await fail(b.email);
      expect((await attempt(b.email, b.password)).AccessToken).toBeTruthy();
    });
  });

  it("one counter across SRP, password and admin sign-in", async () => {
    const { email, password } = await confirmedUser(up);
    const admin = adminAt(up.url, clock);
    const adminFail = async () =>
      expect(
        await rejection(
          admin.send(
            new AdminInitiateAuthCommand({
              UserPoolId: POOL_ID,
              ClientId: CLIENT_ID,
              AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
              AuthParameters: { USERNAME: email, PASSWORD: WRONG },
            }),
          ),
        ),
      ).toMatchObject(INCORRECT);
    const srpFail = async () =>
      expect(
        await rejection(srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: WRONG })),
      ).toMatchObject(INCORRECT);
    await srpFail();
    await srpFail();
    await fail(email);
    await adminFail();
    await adminFail();
    // Locked in every flow now.
    await locked(email, password);
    expect(
      await rejection(srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password })),
    ).toMatchObject(LOCKED);
    expect(
      await rejection(
        admin.send(
          new AdminInitiateAuthCommand({
            UserPoolId: POOL_ID,
            ClientId: CLIENT_ID,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      ),
    ).toMatchObject(LOCKED);
    await later(1000, async () => {
      expect(
        (await srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password }))
          .AuthenticationResult?.AccessToken,
      ).toBeTruthy();
    });
  });

  it("one counter for a username and its aliases", async () => {
    const username = `lock${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const { email, password } = await confirmedUser(up, {
      clientId: ALIAS_CLIENT_ID,
      username,
      password: "Plain-Passw0rd",
    });
    await fail(username, ALIAS_CLIENT_ID);
    await fail(email, ALIAS_CLIENT_ID);
    await fail(username.toUpperCase(), ALIAS_CLIENT_ID);
    await fail(email.toUpperCase(), ALIAS_CLIENT_ID);
    await fail(username, ALIAS_CLIENT_ID);
    await locked(email, password, ALIAS_CLIENT_ID);
    await locked(username, password, ALIAS_CLIENT_ID);
  });

  it("unknown names are locked out the same way (PreventUserExistenceErrors ENABLED)", async () => {
    const ghost = uniqueEmail("ghost");
    for (let i = 0; i < 5; i++) await fail(ghost);
    await locked(ghost, WRONG);
    expect(
      await rejection(srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: ghost, password: WRONG })),
    ).toMatchObject(LOCKED);
    // SRP failures of an unknown name count too.
    const ghost2 = uniqueEmail("ghost");
    for (let i = 0; i < 5; i++)
      expect(
        await rejection(
          srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: ghost2, password: WRONG }),
        ),
      ).toMatchObject(INCORRECT);
    await locked(ghost2, WRONG);
  });

  it(
    "an unknown e-mail and the USER_ID_FOR_SRP it was given share one counter, " + "as a user's e-mail and username do",
    async () => {
      const srpId = async (name: string) => {
        const r = await callRaw(up.url, "InitiateAuth", {
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: srpAuthParameters(name, createClientEphemeral({ aBytes: 32 })),
        });
        return (r.body as { ChallengeParameters: Record<string, string> }).ChallengeParameters.USER_ID_FOR_SRP!;
      };
      const { email, password } = await confirmedUser(up);
      const ghost = uniqueEmail("ghost");
      for (const name of [email, ghost]) {
        const id = await srpId(name);
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        for (let i = 0; i < 4; i++) await fail(name);
        await fail(id);
        await locked(name, name === email ? password : WRONG);
        await locked(id, WRONG);
      }
    },
  );

  it("concurrent wrong guesses cannot slip past the lock: of 30 parallel tries exactly 5 get a verdict", async () => {
    const { email } = await confirmedUser(up);
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        up.anon
          .send(
            new InitiateAuthCommand({
              AuthFlow: "USER_PASSWORD_AUTH",
              ClientId: CLIENT_ID,
              AuthParameters: { USERNAME: email, PASSWORD: WRONG },
            }),
          )
          .then(
            () => "ok",
            (e: Error) => e.message,
          ),
      ),
    );
    expect(results.filter((r) => r === "Incorrect username or password.")).toHaveLength(5);
    expect(results.filter((r) => r === "Password attempts exceeded")).toHaveLength(25);
  });

  it("concurrent right passwords all sign in: no attempt counts as a failure while it is being checked", async () => {
    const { email, password } = await confirmedUser(up);
    for (let i = 0; i < 4; i++) await fail(email);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        attempt(email, password).then(
          (r) => (r.AccessToken ? "ok" : "no token"),
          (e: Error) => e.message,
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, () => "ok"));
    // …and the count started over: four more failures are free again.
    for (let i = 0; i < 4; i++) await fail(email);
    expect((await attempt(email, password)).AccessToken).toBeTruthy();
  });

  it("a lock refuses a right password in the SRP flow too, and does not reset the count", async () => {
    const { email, password } = await confirmedUser(up);
    for (let i = 0; i < 5; i++) await fail(email);
    expect(
      await rejection(srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password })),
    ).toMatchObject(LOCKED);
    await later(1001, async () => {
      // Still five failures counted: the next one locks for 2 s.
      await fail(email);
      expect(await rejection(attempt(email, password))).toMatchObject(LOCKED);
    });
  });
});
