import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { respondToAuthChallenge } from "./respondToAuthChallenge.js";

/** Where the request came from, as threat protection reads it (no ContextData: the connection). */
const signals = { ip: ctx.sourceIp, deviceName: null };

const p = pool();
const c = client();
const TOKENS = { AuthenticationResult: { AccessToken: "a", IdToken: "i", ExpiresIn: 3600, TokenType: "Bearer" } };

function setup() {
  const pools = { getClient: vi.fn(async () => c), getPool: vi.fn(async () => p) };
  const signIn = { answerChallenge: vi.fn(async () => TOKENS) };
  return { pools, signIn, deps: fakeDeps(respondToAuthChallenge, { pools, signIn }) };
}

describe("RespondToAuthChallenge", () => {
  it("answers the challenge in the client's pool with the session and responses", async () => {
    const { deps, pools, signIn } = setup();
    const ChallengeResponses = { USERNAME: "alice", PASSWORD_CLAIM_SIGNATURE: "sig" };
    const res = await respondToAuthChallenge.handle(
      deps,
      { ClientId: c.id, ChallengeName: "PASSWORD_VERIFIER", Session: "s".repeat(20), ChallengeResponses },
      ctx,
    );
    expect(res).toBe(TOKENS);
    expect(pools.getPool).toHaveBeenCalledWith(c.poolId);
    expect(signIn.answerChallenge).toHaveBeenCalledWith(
      { pool: p, client: c, signals },
      "PASSWORD_VERIFIER",
      "s".repeat(20),
      ChallengeResponses,
    );
  });

  it("passes ClientMetadata to the flow", async () => {
    const { deps, signIn } = setup();
    await respondToAuthChallenge.handle(
      deps,
      { ClientId: c.id, ChallengeName: "NEW_PASSWORD_REQUIRED", ClientMetadata: { k: "v" } },
      ctx,
    );
    expect(signIn.answerChallenge).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      "NEW_PASSWORD_REQUIRED",
      undefined,
      undefined,
    );
  });
});
