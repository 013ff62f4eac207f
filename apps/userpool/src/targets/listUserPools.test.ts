import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { listUserPools } from "./listUserPools.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:f";

function setup(nextToken?: string) {
  const pools = {
    listPools: vi.fn(async () => ({
      pools: [pool({}, "us-east-1_PlainPool"), pool({ LambdaConfig: { PreSignUp: ARN } }, "us-east-1_WithLambda")],
      ...(nextToken ? { nextToken } : {}),
    })),
  };
  return { pools, deps: fakeDeps(listUserPools, { pools }) };
}

describe("ListUserPools", () => {
  it("summarises each pool, with an empty LambdaConfig when it has none", async () => {
    const { pools, deps } = setup();
    const res = await listUserPools.handle(deps, { MaxResults: 10 }, ctx);
    expect(pools.listPools).toHaveBeenCalledWith(10, undefined);
    expect(res).toEqual({
      UserPools: [
        {
          Id: "us-east-1_PlainPool",
          Name: "test",
          LambdaConfig: {},
          Status: "Enabled",
          CreationDate: new Date(0),
          LastModifiedDate: new Date(0),
        },
        expect.objectContaining({ Id: "us-east-1_WithLambda", LambdaConfig: { PreSignUp: ARN } }),
      ],
    });
  });

  it("passes NextToken on and answers the next page's token", async () => {
    const { pools, deps } = setup("next");
    const res = await listUserPools.handle(deps, { MaxResults: 2, NextToken: "this" }, ctx);
    expect(pools.listPools).toHaveBeenCalledWith(2, "this");
    expect(res.NextToken).toBe("next");
  });
});
