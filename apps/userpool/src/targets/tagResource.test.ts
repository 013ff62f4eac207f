import { describe, expect, it } from "vitest";
import { ctx, fakeDeps, pool, settingsPools } from "../../test/support/fakes.js";
import { tagResource } from "./tagResource.js";

const ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_TestPool1";

// API reference, TagResource.
describe("TagResource", () => {
  it("adds to the pool's tags, a given key replacing its value", async () => {
    const { pools, stored } = settingsPools(pool({ UserPoolTags: { team: "auth", env: "dev" } }));
    const deps = fakeDeps(tagResource, { pools });
    expect(await tagResource.handle(deps, { ResourceArn: ARN, Tags: { env: "prod", owner: "ana" } }, ctx)).toEqual({});
    expect(stored()?.UserPoolTags).toEqual({ team: "auth", env: "prod", owner: "ana" });
  });

  it("refuses a 51st tag", async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    const { pools } = settingsPools(pool({ UserPoolTags: fifty }));
    const deps = fakeDeps(tagResource, { pools });
    // Replacing a value keeps the count at 50.
    expect(await tagResource.handle(deps, { ResourceArn: ARN, Tags: { k0: "w" } }, ctx)).toEqual({});
    await expect(tagResource.handle(deps, { ResourceArn: ARN, Tags: { k50: "v" } }, ctx)).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "A user pool can have at most 50 tags; these would be 51.",
    });
  });

  it("refuses an ARN that is not one of this server's pools: other region, account, resource or pool", async () => {
    const { pools } = settingsPools(pool());
    const deps = fakeDeps(tagResource, { pools });
    for (const ResourceArn of [
      "arn:aws:cognito-idp:eu-west-1:000000000000:userpool/us-east-1_TestPool1",
      "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_TestPool1",
      "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Unknown01",
      "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:abc",
      "not an arn at all, long enough",
    ])
      await expect(tagResource.handle(deps, { ResourceArn, Tags: { a: "b" } }, ctx)).rejects.toMatchObject({
        name: "ResourceNotFoundException",
        message: `Resource ${ResourceArn} does not exist.`,
      });
    expect(pools.replaceSettings).not.toHaveBeenCalled();
  });

  it("takes keys of 1 to 128 characters and values of up to 256", () => {
    const parse = (Tags: Record<string, string>) => tagResource.input.safeParse({ ResourceArn: ARN, Tags }).success;
    expect(parse({ ["k".repeat(128)]: "v".repeat(256), empty: "" })).toBe(true);
    expect(parse({ "": "v" })).toBe(false);
    expect(parse({ ["k".repeat(129)]: "v" })).toBe(false);
    expect(parse({ k: "v".repeat(257) })).toBe(false);
  });
});
