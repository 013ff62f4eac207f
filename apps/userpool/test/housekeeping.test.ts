/**
 * Housekeeping of the rows unauthenticated requests create, on every engine, through the wire:
 * lockout counters (every probe of an unknown name makes one), quota windows, federation states,
 * and the hosted-UI sessions and authorization codes of a sign-in. A pass deletes them once they
 * are past their lifetime and keeps the live ones: a locked-out user is still locked after a pass,
 * an open quota window still counts.
 */
import { randomUUID } from "node:crypto";
import { InitiateAuthCommand, ResendConfirmationCodeCommand } from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { createLogger } from "../src/log.js";
import { Housekeeping } from "../src/services/housekeeping.js";
import { testEngines } from "./support/engines.js";
import {
  Browser,
  CALLBACK,
  createUser,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./oauth/support.js";
import { rejection } from "./support/lifecycle.js";

const TABLES = ["sign_in_lockouts", "user_quotas", "federation_states", "hosted_sessions", "oauth_codes"] as const;
const MINUTE = 60_000;

describe.each(testEngines())("housekeeping of unauthenticated rows on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const clock = new ManualClock();
  let housekeeping: Housekeeping;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
    housekeeping = new Housekeeping({ store: up.store, clock, log: createLogger({ level: "silent" }) });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const rows = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = (await up.store.db.selectFrom(t).select("pool_id").where("pool_id", "=", POOL).execute()).length;
    return out;
  };
  const passwordAuth = (username: string, password: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: WEB,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  const resend = (username: string) =>
    up.anon.send(new ResendConfirmationCodeCommand({ ClientId: WEB, Username: username }));

  it(
    "deletes expired lockout, quota, federation-state, hosted-session and code rows, " +
      "and keeps the live ones in force",
    async () => {
      // A hosted-UI sign-in (session cookie and code), and a federated sign-in started and abandoned.
      const email = await createUser(up);
      const verifier = oidc.randomPKCECodeVerifier();
      const authorize = (extra: Record<string, string>) =>
        `${up.hosted}/oauth2/authorize?${new URLSearchParams({
          client_id: WEB,
          response_type: "code",
          redirect_uri: CALLBACK,
          scope: "openid",
          code_challenge: verifier.slice(0, 43),
          code_challenge_method: "S256",
          ...extra,
        })}`;
      const browser = new Browser(up.tlsFetch);
      const login = await browser.navigate(authorize({}), [up.hosted]);
      expect((await submitLogin(browser, login, email, PASSWORD)).status).toBe(303);
      const toGoogle = await up.tlsFetch(authorize({ identity_provider: "Google" }), { redirect: "manual" });
      expect(toGoogle.headers.get("location")).toContain("/_dev/google/authorize");
      // Probes of unknown names: a lockout row each (PreventUserExistenceErrors ENABLED counts them under a MAC).
      for (let i = 0; i < 5; i++)
        expect(await rejection(passwordAuth(`probe-${randomUUID()}@example.com`, "Wrong-Passw0rd!"))).toMatchObject({
          name: "NotAuthorizedException",
        });
      // The real user locked out: five wrong passwords lock it for a second (the clock stands still).
      for (let i = 0; i < 5; i++) await rejection(passwordAuth(email, "Wrong-Passw0rd!"));
      // An unknown name using up its ResendConfirmationCode quota (5 an hour).
      const name = `quota-${randomUUID()}@example.com`;
      for (let i = 0; i < 5; i++) await resend(name);
      expect(await rejection(resend(name))).toMatchObject({ name: "LimitExceededException" });
      const before = await rows();
      expect(before).toEqual({
        sign_in_lockouts: 6,
        user_quotas: 1,
        federation_states: 1,
        hosted_sessions: 1,
        oauth_codes: 1,
      });

      // A pass now deletes nothing of these: all are live.
      await housekeeping.run();
      expect(await rows()).toEqual(before);
      expect(await rejection(resend(name))).toMatchObject({ name: "LimitExceededException" });
      expect(await rejection(passwordAuth(email, PASSWORD))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Password attempts exceeded",
      });

      // Past every lifetime (lock 1 s, quiet 15 min, quota window 1 h, state 10 min, session 1 h):
      // all gone but the code.
      clock.advance(61 * MINUTE);
      const pass = await housekeeping.run();
      expect(pass).toMatchObject({ lockouts: 6, quotas: 1, federationStates: 1, hostedSessions: 1, authCodes: 0 });
      expect(await rows()).toEqual({
        sign_in_lockouts: 0,
        user_quotas: 0,
        federation_states: 0,
        hosted_sessions: 0,
        oauth_codes: 1,
      });
      // Deleting changed no verdict: the user signs in, the quota starts over.
      expect((await passwordAuth(email, PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
      expect((await resend(name)).CodeDeliveryDetails).toBeTruthy();

      // Authorization codes are kept a week past their expiry, so a replay still revokes what they produced.
      clock.advance(7 * 24 * 60 * MINUTE);
      await housekeeping.run();
      expect((await rows()).oauth_codes).toBe(0);
    },
  );
});
