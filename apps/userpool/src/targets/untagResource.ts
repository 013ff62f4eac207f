import type { UntagResourceRequest, UntagResourceResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { TagKey } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { poolOfArn, poolTags, replaceTags } from "../services/tags.js";
import { ResourceArn } from "./tagResource.js";

type Deps = Pick<Services, "pools">;

/** API reference, UntagResource: removes the keys named; a key the pool does not have is no error. */
export const untagResource = defineTarget<UntagResourceRequest>()({
  name: "UntagResource",
  access: "admin",
  input: z.object({ ResourceArn, TagKeys: z.array(TagKey) }),
  async handle(deps: Deps, req): Promise<UntagResourceResponse> {
    const pool = await poolOfArn(deps.pools, req.ResourceArn);
    const tags = poolTags(pool);
    for (const key of req.TagKeys) delete tags[key];
    await replaceTags(deps.pools, pool, tags);
    return {};
  },
});
