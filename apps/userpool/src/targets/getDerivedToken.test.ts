import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { getDerivedToken } from "./getDerivedToken.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
const base = { ClientId: "testclient0000000000000000", SubjectToken: JWT, SubjectTokenType: "ACCESS_TOKEN" } as const;

// API reference, GetDerivedToken; ADR 0033.
describe("GetDerivedToken", () => {
  const exchanging = client({ ExplicitAuthFlows: ["ALLOW_TOKEN_EXCHANGE_IMPERSONATION"] });
  const deps = (c = exchanging) => {
    const exchange = vi.fn(async () => ({ IssuedToken: JWT, IssuedTokenType: "ACCESS_TOKEN" as const }));
    return {
      exchange,
      deps: fakeDeps(getDerivedToken, {
        pools: { getClient: async () => c, getPool: async () => pool(), clientSecrets: () => [] },
        tokenExchange: { exchange: exchange as never },
      }),
    };
  };

  it("hands an impersonation to the exchange with only the members given", async () => {
    const { deps: d, exchange } = deps();
    await getDerivedToken.handle(d, { ...base, Scopes: ["a/b", "a/b"], Audiences: ["svc"] }, ctx);
    expect(exchange).toHaveBeenCalledWith(
      expect.objectContaining({ subjectTokenType: "ACCESS_TOKEN", scopes: ["a/b"], audiences: ["svc"] }),
    );
    expect(exchange.mock.lastCall).not.toHaveProperty("0.actorToken");
  });

  it("needs the flow that matches the request: impersonation without an actor, delegation with one", async () => {
    const { deps: none } = deps(client({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }));
    await expect(getDerivedToken.handle(none, base, ctx)).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "TOKEN_EXCHANGE_IMPERSONATION flow not enabled for this client",
    });
    const { deps: d } = deps();
    await expect(
      getDerivedToken.handle(d, { ...base, ActorToken: JWT, ActorTokenType: "ACCESS_TOKEN" }, ctx),
    ).rejects.toMatchObject({ message: "TOKEN_EXCHANGE_DELEGATION flow not enabled for this client" });
  });

  it("refuses by name what this server cannot honour, before any token is read", async () => {
    const { deps: d, exchange } = deps();
    for (const [input, named] of [
      [{ ...base, SubjectTokenType: "SAML2" as const }, "SAML2"],
      [{ ...base, SubjectTokenProviderName: "Google" }, "SubjectTokenProviderName"],
      [{ ...base, ActorTokenProviderName: "Google" }, "ActorTokenProviderName"],
    ] as const)
      await expect(getDerivedToken.handle(d, input, ctx)).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringContaining(named),
      });
    expect(exchange).not.toHaveBeenCalled();
  });

  it("takes the token types of the SDK and refuses others", () => {
    expect(getDerivedToken.input.safeParse(base).success).toBe(true);
    expect(getDerivedToken.input.safeParse({ ...base, SubjectTokenType: "REFRESH_TOKEN" }).success).toBe(false);
    expect(getDerivedToken.input.safeParse({ ...base, RequestedTokenType: "SAML2" }).success).toBe(false);
  });
});
