import { describe, expect, it } from "vitest";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { ClientSettingsInput, PoolSettingsInput } from "../protocol/poolShapes.js";
import { parseInput } from "../protocol/validate.js";
import { normalizeClientSettings, normalizePoolSettings } from "./poolSettings.js";

/** Parses as the API and the config file do, then applies the pool rules. */
const pool = (input: unknown) => normalizePoolSettings(parseInput(PoolSettingsInput, input), "us-east-1");
const client = (input: unknown) => normalizeClientSettings(parseInput(ClientSettingsInput, input));

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterException);
    return (e as Error).message;
  }
  throw new Error("expected InvalidParameterException");
}

describe("settings this server cannot honour are refused by name", () => {
  it.each([
    [{ UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }, "UserPoolAddOns.AdvancedSecurityMode AUDIT"],
    [{ UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }, "UserPoolAddOns.AdvancedSecurityMode ENFORCED"],
    [
      { UserPoolAddOns: { AdvancedSecurityMode: "OFF", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" } } },
      "UserPoolAddOns.AdvancedSecurityAdditionalFlows",
    ],
    [{ Policies: { PasswordPolicy: { PasswordHistorySize: 3 } } }, "Policies.PasswordPolicy.PasswordHistorySize"],
    [{ EmailConfiguration: { ConfigurationSet: "my-set" } }, "EmailConfiguration.ConfigurationSet"],
    [
      { LambdaConfig: { InboundFederation: { LambdaVersion: "V1_0", LambdaArn: "a" } } },
      "LambdaConfig.InboundFederation",
    ],
    [{ DcrConfiguration: {} }, "DcrConfiguration"],
    [{ KeyConfiguration: {} }, "KeyConfiguration"],
    [{ IssuerConfiguration: {} }, "IssuerConfiguration"],
    [{ AcrConfiguration: {} }, "AcrConfiguration"],
  ])("pool %j", (input, member) => {
    const message = refusal(() => pool(input));
    expect(message).toContain(member);
    expect(message).toContain("is not supported by this server");
  });

  it.each([
    [{ AnalyticsConfiguration: { ApplicationId: "app" } }, "AnalyticsConfiguration"],
    [{ EnablePropagateAdditionalUserContextData: true }, "EnablePropagateAdditionalUserContextData"],
  ])("client %j", (input, member) => {
    const message = refusal(() => client(input));
    expect(message).toContain(member);
    expect(message).toContain("is not supported by this server");
  });

  it("accepts the values that mean off, which are honoured by definition", () => {
    const s = pool({
      UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
      Policies: { PasswordPolicy: { PasswordHistorySize: 0 }, SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } },
    });
    expect(s.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "OFF" });
    expect(client({ EnablePropagateAdditionalUserContextData: false }).EnablePropagateAdditionalUserContextData).toBe(
      false,
    );
  });

  it("stores the members that have no behaviour in Cognito either", () => {
    const s = pool({ UserPoolTags: { team: "auth" }, DeletionProtection: "ACTIVE", UserPoolTier: "PLUS" });
    expect(s).toMatchObject({ UserPoolTags: { team: "auth" }, DeletionProtection: "ACTIVE", UserPoolTier: "PLUS" });
  });
});
