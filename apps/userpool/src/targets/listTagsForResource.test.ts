import { describe, expect, it } from "vitest";
import { ctx, fakeDeps, pool, settingsPools } from "../../test/support/fakes.js";
import { listTagsForResource } from "./listTagsForResource.js";

const ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_TestPool1";

// API reference, ListTagsForResource.
describe("ListTagsForResource", () => {
  it("answers the pool's tags, an empty map when it has none", async () => {
    const tagged = settingsPools(pool({ UserPoolTags: { team: "auth" } }));
    const deps = fakeDeps(listTagsForResource, { pools: tagged.pools });
    expect(await listTagsForResource.handle(deps, { ResourceArn: ARN }, ctx)).toEqual({ Tags: { team: "auth" } });
    const bare = settingsPools(pool());
    expect(
      await listTagsForResource.handle(fakeDeps(listTagsForResource, { pools: bare.pools }), { ResourceArn: ARN }, ctx),
    ).toEqual({ Tags: {} });
  });

  it("refuses an unknown pool's ARN", async () => {
    const { pools } = settingsPools(pool());
    const ResourceArn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Unknown01";
    await expect(
      listTagsForResource.handle(fakeDeps(listTagsForResource, { pools }), { ResourceArn }, ctx),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
