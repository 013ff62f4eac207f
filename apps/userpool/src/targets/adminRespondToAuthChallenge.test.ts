import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { adminRespondToAuthChallenge } from "./adminRespondToAuthChallenge.js";

/** Where the request came from, as threat protection reads it (no ContextData: the connection). */
const signals = { ip: ctx.sourceIp, deviceName: null };

const p = pool();
const c = client();
const TOKENS = { AuthenticationResult: { AccessToken: "a", IdToken: "i", ExpiresIn: 3600, TokenType: "Bearer" } };

function setup() {
  const pools = { getPool: vi.fn(async () => p), getClientOfPool: vi.fn(async () => c) };
  const signIn = { answerChallenge: vi.fn(async () => TOKENS) };
  return { pools, signIn, deps: fakeDeps(adminRespondToAuthChallenge, { pools, signIn }) };
}

describe("AdminRespondToAuthChallenge", () => {
  it("answers the challenge for a client of the named pool", async () => {
    const { deps, pools, signIn } = setup();
    const ChallengeResponses = { USERNAME: "alice", NEW_PASSWORD: "pw" };
    const res = await adminRespondToAuthChallenge.handle(
      deps,
      { UserPoolId: p.id, ClientId: c.id, ChallengeName: "NEW_PASSWORD_REQUIRED", ChallengeResponses },
      ctx,
    );
    expect(res).toBe(TOKENS);
    expect(pools.getClientOfPool).toHaveBeenCalledWith(p.id, c.id);
    expect(signIn.answerChallenge).toHaveBeenCalledWith(
      { pool: p, client: c, signals },
      "NEW_PASSWORD_REQUIRED",
      undefined,
      ChallengeResponses,
    );
  });

  it("passes ClientMetadata to the flow", async () => {
    const { deps, signIn } = setup();
    await adminRespondToAuthChallenge.handle(
      deps,
      {
        UserPoolId: p.id,
        ClientId: c.id,
        ChallengeName: "PASSWORD_VERIFIER",
        Session: "s".repeat(20),
        ClientMetadata: { k: "v" },
      },
      ctx,
    );
    expect(signIn.answerChallenge).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      "PASSWORD_VERIFIER",
      "s".repeat(20),
      undefined,
    );
  });
});
