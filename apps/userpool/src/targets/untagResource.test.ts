import { describe, expect, it } from "vitest";
import { ctx, fakeDeps, pool, settingsPools } from "../../test/support/fakes.js";
import { untagResource } from "./untagResource.js";

const ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_TestPool1";

// API reference, UntagResource.
describe("UntagResource", () => {
  it("removes the keys named, ignoring keys the pool does not have", async () => {
    const { pools, stored } = settingsPools(pool({ UserPoolTags: { team: "auth", env: "dev" } }));
    const deps = fakeDeps(untagResource, { pools });
    expect(await untagResource.handle(deps, { ResourceArn: ARN, TagKeys: ["env", "nope"] }, ctx)).toEqual({});
    expect(stored()?.UserPoolTags).toEqual({ team: "auth" });
  });

  it("leaves no UserPoolTags behind when the last tag goes", async () => {
    const { pools, stored } = settingsPools(pool({ UserPoolTags: { team: "auth" } }));
    await untagResource.handle(fakeDeps(untagResource, { pools }), { ResourceArn: ARN, TagKeys: ["team"] }, ctx);
    expect(stored()).not.toHaveProperty("UserPoolTags");
  });

  it("refuses an unknown pool's ARN", async () => {
    const { pools } = settingsPools(pool());
    const ResourceArn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Unknown01";
    await expect(
      untagResource.handle(fakeDeps(untagResource, { pools }), { ResourceArn, TagKeys: ["a"] }, ctx),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
