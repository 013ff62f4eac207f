import { describe, expect, it, vi } from "vitest";
import type { ExplicitAuthFlow } from "../protocol/poolShapes.js";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { adminInitiateAuth } from "./adminInitiateAuth.js";

/** Where the request came from, as threat protection reads it (no ContextData: the connection). */
const signals = { ip: ctx.sourceIp, deviceName: null };

const p = pool();
const TOKENS = { AccessToken: "a", IdToken: "i", ExpiresIn: 3600, TokenType: "Bearer" };
const CHALLENGE = { ChallengeName: "PASSWORD_VERIFIER" as const, ChallengeParameters: { SALT: "s" } };

function setup(flows?: ExplicitAuthFlow[]) {
  const c = client(flows ? { ExplicitAuthFlows: flows } : {});
  const pools = {
    getPool: vi.fn(async () => p),
    getClientOfPool: vi.fn(async () => c),
    clientSecrets: () => [],
  };
  const signIn = {
    startSrp: vi.fn(async () => CHALLENGE),
    passwordSignIn: vi.fn(async () => ({ AuthenticationResult: TOKENS })),
    startCustom: vi.fn(async () => ({ ChallengeName: "CUSTOM_CHALLENGE" as const, ChallengeParameters: {} })),
    startUserAuth: vi.fn(async () => ({
      ChallengeName: "SELECT_CHALLENGE" as const,
      ChallengeParameters: {},
      AvailableChallenges: ["PASSWORD" as const],
    })),
  };
  const refresh = { refresh: vi.fn(async () => TOKENS) };
  const deps = fakeDeps(adminInitiateAuth, { pools, signIn, refresh });
  const call = (input: Omit<Parameters<typeof adminInitiateAuth.handle>[1], "UserPoolId" | "ClientId">) =>
    adminInitiateAuth.handle(deps, { UserPoolId: p.id, ClientId: c.id, ...input }, ctx);
  return { c, pools, signIn, refresh, call };
}

describe("AdminInitiateAuth", () => {
  it("starts CUSTOM_AUTH with the auth parameters and ClientMetadata", async () => {
    const { c, call, signIn } = setup(["ALLOW_CUSTOM_AUTH"]);
    const AuthParameters = { USERNAME: "alice", CHALLENGE_NAME: "SRP_A", SRP_A: "ab" };
    await call({ AuthFlow: "CUSTOM_AUTH", AuthParameters, ClientMetadata: { k: "v" } });
    expect(signIn.startCustom).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      AuthParameters,
    );
  });

  it("looks the client up within the named pool", async () => {
    const { c, pools, call } = setup();
    await call({ AuthFlow: "USER_SRP_AUTH" });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(pools.getClientOfPool).toHaveBeenCalledWith(p.id, c.id);
  });

  it("refuses USER_PASSWORD_AUTH, which belongs to InitiateAuth", async () => {
    const { call, signIn } = setup(["ALLOW_USER_PASSWORD_AUTH"]);
    await expect(call({ AuthFlow: "USER_PASSWORD_AUTH" })).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "Initiate Auth method not supported.",
    });
    expect(signIn.passwordSignIn).not.toHaveBeenCalled();
  });

  it("refuses a flow the client does not allow", async () => {
    const { call } = setup(["ALLOW_USER_SRP_AUTH"]);
    await expect(call({ AuthFlow: "ADMIN_USER_PASSWORD_AUTH" })).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client",
    });
  });

  it.each([
    ["ADMIN_USER_PASSWORD_AUTH", ["ALLOW_ADMIN_USER_PASSWORD_AUTH"]],
    ["ADMIN_NO_SRP_AUTH", ["ADMIN_NO_SRP_AUTH"]],
  ] as const)("signs in with a password on %s, passing ClientMetadata", async (flow, flows) => {
    const { c, call, signIn } = setup([...flows]);
    const AuthParameters = { USERNAME: "alice", PASSWORD: "pw" };
    const res = await call({ AuthFlow: flow, AuthParameters, ClientMetadata: { k: "v" } });
    expect(res).toEqual({ AuthenticationResult: TOKENS });
    expect(signIn.passwordSignIn).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      AuthParameters,
    );
  });

  it("starts SRP", async () => {
    const { c, call, signIn } = setup();
    const AuthParameters = { USERNAME: "alice", SRP_A: "ab" };
    expect(await call({ AuthFlow: "USER_SRP_AUTH", AuthParameters })).toBe(CHALLENGE);
    expect(signIn.startSrp).toHaveBeenCalledWith({ pool: p, client: c, signals }, AuthParameters);
  });

  it.each(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"] as const)("refreshes with %s", async (flow) => {
    const { c, call, refresh } = setup();
    const res = await call({ AuthFlow: flow, AuthParameters: { REFRESH_TOKEN: "rt" } });
    expect(res).toEqual({ ChallengeParameters: {}, AuthenticationResult: TOKENS });
    expect(refresh.refresh).toHaveBeenCalledWith(
      expect.objectContaining({ pool: p, client: c, refreshToken: "rt", rotate: false }),
    );
  });

  it("starts USER_AUTH for a client with ALLOW_USER_AUTH", async () => {
    const { c, call, signIn } = setup(["ALLOW_USER_AUTH"]);
    const res = await call({ AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "alice" } });
    expect(res.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(signIn.startUserAuth).toHaveBeenCalledWith(
      { pool: p, client: c, signals },
      { USERNAME: "alice" },
      undefined,
    );
  });
});
