/**
 * Races through the real wire, on every engine: one confirmation code redeemed by 50 parallel
 * ConfirmSignUp calls (exactly one wins), 200 concurrent sign-ups of one e-mail in different cases
 * (exactly one user), 20 parallel refreshes of one token with rotation on (at most one live refresh
 * token afterwards), and a GlobalSignOut racing refreshes (nothing survives it). Never a 5xx.
 */
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  ListUsersCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/crypto/envelope.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, GOOD_PASSWORD, POOL_ID, ROTATING_CLIENT_ID, latestCode, uniqueEmail } from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

/** Settles every call and fails on anything but the expected outcomes (a 5xx, a transport error). */
async function settle<T>(
  calls: Promise<T>[],
): Promise<{ ok: T[]; errors: { name: string; status: number | undefined }[] }> {
  const results = await Promise.allSettled(calls);
  const ok: T[] = [];
  const errors: { name: string; status: number | undefined }[] = [];
  for (const r of results) {
    if (r.status === "fulfilled") ok.push(r.value);
    else {
      const e = r.reason as { name?: string; $metadata?: { httpStatusCode?: number } };
      errors.push({ name: e.name ?? String(r.reason), status: e.$metadata?.httpStatusCode });
    }
  }
  for (const e of errors) expect(e.status, `${e.name} came back as ${e.status}`).toBe(400);
  return { ok, errors };
}

describe.each(testEngines())("concurrency on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startOn(engine);
  });
  afterAll(async () => {
    await up?.stop();
  });

  it("50 parallel ConfirmSignUp calls with one code: exactly one succeeds", async () => {
    const email = uniqueEmail("race");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    const code = await latestCode(up.url, email);
    const { ok, errors } = await settle(
      Array.from({ length: 50 }, () =>
        up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code })),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(errors).toHaveLength(49);
    // The losers saw a used code, a confirmed user, or the per-user quota (15 an hour).
    for (const e of errors)
      expect(["CodeMismatchException", "NotAuthorizedException", "LimitExceededException"]).toContain(e.name);
    expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
      "CONFIRMED",
    );
  });

  it("200 concurrent sign-ups of one e-mail in different cases: exactly one user exists", async () => {
    const base = uniqueEmail("dup");
    const variant = (i: number) => [...base].map((c, j) => ((i >> (j % 8)) & 1 ? c.toUpperCase() : c)).join("");
    const { ok, errors } = await settle(
      Array.from({ length: 200 }, (_, i) =>
        up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: variant(i), Password: GOOD_PASSWORD })),
      ),
    );
    expect(ok).toHaveLength(1);
    for (const e of errors) expect(e.name).toBe("UsernameExistsException");
    const listed = await up.admin.send(new ListUsersCommand({ UserPoolId: POOL_ID, Filter: `email = "${base}"` }));
    expect(listed.Users).toHaveLength(1);
  });

  it("20 parallel refreshes of one token with rotation: at most one live refresh token left, no 5xx", async () => {
    const { email, password } = await confirmedUser(up);
    const first = await passwordSignIn(up, email, password, ROTATING_CLIENT_ID);
    const { ok, errors } = await settle(
      Array.from({ length: 20 }, () =>
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: first.RefreshToken! }),
        ),
      ),
    );
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const e of errors) expect(e.name).toBe("NotAuthorizedException");
    // Of the successors handed out, at most one still refreshes; the original never does.
    const successors = ok.map((r) => r.AuthenticationResult!.RefreshToken!);
    const live = await up.store.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("token_hash", "in", [sha256(first.RefreshToken!), ...successors.map((t) => sha256(t))])
      .where("revoked_at", "is", null)
      .where("rotated_at", "is", null)
      .execute();
    expect(live.length).toBeLessThanOrEqual(1);
    const usable = await settle(
      successors.map((t) =>
        up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: t })),
      ),
    );
    expect(usable.ok.length).toBeLessThanOrEqual(1);
    await expect(
      up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: first.RefreshToken! }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("GlobalSignOut racing 20 rotating refreshes: afterwards no refresh token of the user works", async () => {
    const { email, password } = await confirmedUser(up);
    const s = await passwordSignIn(up, email, password, ROTATING_CLIENT_ID);
    const refreshes = Array.from({ length: 20 }, () =>
      up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: s.RefreshToken! }),
      ),
    );
    const signOut = up.anon.send(new GlobalSignOutCommand({ AccessToken: s.AccessToken! }));
    const [{ ok }] = await Promise.all([settle(refreshes), settle([signOut])]);
    for (const r of ok) {
      await expect(
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({
            ClientId: ROTATING_CLIENT_ID,
            RefreshToken: r.AuthenticationResult!.RefreshToken!,
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
      // Access tokens minted in the race carry the revoked origin.
      const wire = await callRaw(up.url, "GetUser", { AccessToken: r.AuthenticationResult!.AccessToken! });
      expect(wire.body.__type).toBe("NotAuthorizedException");
    }
    const sub = (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).Username!;
    const live = await sql<{
      n: number | string;
    }>`select count(*) as n from refresh_tokens where user_id = ${sub} and revoked_at is null`.execute(up.store.db);
    // A successor minted after the sign-out's revocation is unrevoked on its row but dead by its origin
    // (checked above).
    expect(Number(live.rows[0]!.n)).toBeLessThanOrEqual(1);
  });
});
