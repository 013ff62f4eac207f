import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { describeRiskConfiguration } from "./describeRiskConfiguration.js";
import { setRiskConfiguration } from "./setRiskConfiguration.js";

const p = pool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } });
const c = client();
const ARN = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

describe("SetRiskConfiguration", () => {
  it("hands the three configurations to the service for the pool, or for a client of the pool", async () => {
    const set = vi.fn(async () => ({ UserPoolId: p.id }));
    const getClientOfPool = vi.fn(async () => c);
    const deps = fakeDeps(setRiskConfiguration, {
      pools: { getPool: async () => p, getClientOfPool },
      riskConfig: { set },
    });
    const compromised = { Actions: { EventAction: "BLOCK" as const } };
    expect(
      await setRiskConfiguration.handle(
        deps,
        { UserPoolId: p.id, CompromisedCredentialsRiskConfiguration: compromised },
        ctx,
      ),
    ).toEqual({ RiskConfiguration: { UserPoolId: p.id } });
    expect(set).toHaveBeenLastCalledWith(p, undefined, { CompromisedCredentialsRiskConfiguration: compromised });
    expect(getClientOfPool).not.toHaveBeenCalled();
    await setRiskConfiguration.handle(deps, { UserPoolId: p.id, ClientId: c.id }, ctx);
    expect(getClientOfPool).toHaveBeenCalledWith(p.id, c.id);
    expect(set).toHaveBeenLastCalledWith(p, c.id, {});
  });

  it("an unknown client is ResourceNotFoundException before anything is stored", async () => {
    const set = vi.fn();
    const deps = fakeDeps(setRiskConfiguration, {
      pools: {
        getPool: async () => p,
        getClientOfPool: async () => {
          throw new ResourceNotFoundException("User pool client x does not exist.");
        },
      },
      riskConfig: { set },
    });
    await expect(setRiskConfiguration.handle(deps, { UserPoolId: p.id, ClientId: "x" }, ctx)).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(set).not.toHaveBeenCalled();
  });

  it.each([
    [
      "an unknown account-takeover action",
      { AccountTakeoverRiskConfiguration: { Actions: { LowAction: { EventAction: "ALLOW", Notify: false } } } },
    ],
    ["Notify missing", { AccountTakeoverRiskConfiguration: { Actions: { LowAction: { EventAction: "BLOCK" } } } }],
    [
      "a NotifyConfiguration without SourceArn",
      { AccountTakeoverRiskConfiguration: { NotifyConfiguration: {}, Actions: {} } },
    ],
    [
      "a subject over 340 characters",
      {
        AccountTakeoverRiskConfiguration: {
          NotifyConfiguration: { SourceArn: ARN, BlockEmail: { Subject: "s".repeat(341), TextBody: "text body" } },
          Actions: {},
        },
      },
    ],
    [
      "an unknown event filter",
      { CompromisedCredentialsRiskConfiguration: { EventFilter: ["SIGN_OUT"], Actions: { EventAction: "BLOCK" } } },
    ],
    [
      "a compromised-credentials action of MFA",
      { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "MFA_REQUIRED" } } },
    ],
    [
      "201 blocked ranges",
      { RiskExceptionConfiguration: { BlockedIPRangeList: Array.from({ length: 201 }, (_, i) => `10.${i}.0.0/16`) } },
    ],
  ])("refuses %s in the protocol's shape", (_, input) => {
    expect(setRiskConfiguration.input.safeParse({ UserPoolId: p.id, ...input }).success).toBe(false);
  });
});

describe("DescribeRiskConfiguration", () => {
  it("describes the pool's or the client's configuration", async () => {
    const describeFn = vi.fn(async () => ({ UserPoolId: p.id, ClientId: c.id }));
    const deps = fakeDeps(describeRiskConfiguration, {
      pools: { getPool: async () => p, getClientOfPool: async () => c },
      riskConfig: { describe: describeFn },
    });
    expect(await describeRiskConfiguration.handle(deps, { UserPoolId: p.id, ClientId: c.id }, ctx)).toEqual({
      RiskConfiguration: { UserPoolId: p.id, ClientId: c.id },
    });
    expect(describeFn).toHaveBeenCalledWith(p, c.id);
  });
});
