import { describe, expect, it, vi } from "vitest";
import type { ExplicitAuthFlow } from "../protocol/poolShapes.js";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { initiateAuth } from "./initiateAuth.js";

/** Where the request came from, as threat protection reads it (no ContextData: the connection). */
const signals = { ip: ctx.sourceIp, deviceName: null };

const p = pool();
const TOKENS = { AccessToken: "a", IdToken: "i", ExpiresIn: 3600, TokenType: "Bearer" };
const CHALLENGE = { ChallengeName: "PASSWORD_VERIFIER" as const, ChallengeParameters: { SALT: "s" } };

function setup(flows?: ExplicitAuthFlow[]) {
  const c = client(flows ? { ExplicitAuthFlows: flows } : {});
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
  const deps = fakeDeps(initiateAuth, {
    pools: { getClient: async () => c, getPool: async () => p, clientSecrets: () => [] },
    signIn,
    refresh,
  });
  return { c, deps, signIn, refresh };
}

describe("InitiateAuth", () => {
  it.each(["ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH"] as const)("refuses the admin flow %s", async (flow) => {
    const { c, deps, signIn } = setup(["ALLOW_ADMIN_USER_PASSWORD_AUTH"]);
    await expect(initiateAuth.handle(deps, { ClientId: c.id, AuthFlow: flow }, ctx)).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "Initiate Auth method not supported.",
    });
    expect(signIn.passwordSignIn).not.toHaveBeenCalled();
  });

  it("refuses a flow the client does not allow", async () => {
    const { c, deps } = setup(["ALLOW_USER_SRP_AUTH"]);
    await expect(
      initiateAuth.handle(deps, { ClientId: c.id, AuthFlow: "USER_PASSWORD_AUTH" }, ctx),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "USER_PASSWORD_AUTH flow not enabled for this client",
    });
  });

  it("starts SRP with the client's pool and the auth parameters", async () => {
    const { c, deps, signIn } = setup();
    const AuthParameters = { USERNAME: "alice", SRP_A: "ab" };
    const res = await initiateAuth.handle(deps, { ClientId: c.id, AuthFlow: "USER_SRP_AUTH", AuthParameters }, ctx);
    expect(res).toBe(CHALLENGE);
    expect(signIn.startSrp).toHaveBeenCalledWith({ pool: p, client: c, signals }, AuthParameters);
  });

  it("signs in with a password, passing ClientMetadata to the flow", async () => {
    const { c, deps, signIn } = setup(["ALLOW_USER_PASSWORD_AUTH"]);
    const AuthParameters = { USERNAME: "alice", PASSWORD: "pw" };
    const res = await initiateAuth.handle(
      deps,
      { ClientId: c.id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters, ClientMetadata: { k: "v" } },
      ctx,
    );
    expect(res).toEqual({ AuthenticationResult: TOKENS });
    expect(signIn.passwordSignIn).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      AuthParameters,
    );
  });

  it.each(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"] as const)("refreshes with %s", async (flow) => {
    const { c, deps, refresh } = setup();
    const res = await initiateAuth.handle(
      deps,
      { ClientId: c.id, AuthFlow: flow, AuthParameters: { REFRESH_TOKEN: "rt" } },
      ctx,
    );
    expect(res).toEqual({ ChallengeParameters: {}, AuthenticationResult: TOKENS });
    expect(refresh.refresh).toHaveBeenCalledWith(
      expect.objectContaining({ pool: p, client: c, refreshToken: "rt", rotate: false }),
    );
  });

  it("starts USER_AUTH for a client with ALLOW_USER_AUTH, with the auth parameters and ClientMetadata", async () => {
    const { c, deps, signIn } = setup(["ALLOW_USER_AUTH"]);
    const AuthParameters = { USERNAME: "alice" };
    const res = await initiateAuth.handle(
      deps,
      { ClientId: c.id, AuthFlow: "USER_AUTH", AuthParameters, ClientMetadata: { k: "v" } },
      ctx,
    );
    expect(res.AvailableChallenges).toEqual(["PASSWORD"]);
    expect(signIn.startUserAuth).toHaveBeenCalledWith(
      { pool: p, client: c, clientMetadata: { k: "v" }, signals },
      AuthParameters,
      undefined,
    );
  });

  it.each([["ALLOW_CUSTOM_AUTH"], ["CUSTOM_AUTH_FLOW_ONLY"]] as const)(
    "starts CUSTOM_AUTH for a client with %s, with the auth parameters and ClientMetadata",
    async (flow) => {
      const { c, deps, signIn } = setup([flow]);
      const AuthParameters = { USERNAME: "alice" };
      const res = await initiateAuth.handle(
        deps,
        { ClientId: c.id, AuthFlow: "CUSTOM_AUTH", AuthParameters, ClientMetadata: { k: "v" } },
        ctx,
      );
      expect(res.ChallengeName).toBe("CUSTOM_CHALLENGE");
      expect(signIn.startCustom).toHaveBeenCalledWith(
        { pool: p, client: c, clientMetadata: { k: "v" }, signals },
        AuthParameters,
      );
    },
  );

  it("refuses CUSTOM_AUTH to a client that does not allow it", async () => {
    const { c, deps, signIn } = setup(["ALLOW_USER_SRP_AUTH"]);
    await expect(initiateAuth.handle(deps, { ClientId: c.id, AuthFlow: "CUSTOM_AUTH" }, ctx)).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "CUSTOM_AUTH flow not enabled for this client",
    });
    expect(signIn.startCustom).not.toHaveBeenCalled();
  });
});
