import type { TagResourceRequest, TagResourceResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { TagKey, TagValue } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { poolOfArn, poolTags, replaceTags } from "../services/tags.js";

type Deps = Pick<Services, "pools">;

export const ResourceArn = z.string().min(20).max(2048);

/** API reference, TagResource: adds the tags to the pool's, a given key replacing its value; 50 tags at most. */
export const tagResource = defineTarget<TagResourceRequest>()({
  name: "TagResource",
  access: "admin",
  input: z.object({ ResourceArn, Tags: z.record(TagKey, TagValue) }),
  async handle(deps: Deps, req): Promise<TagResourceResponse> {
    const pool = await poolOfArn(deps.pools, req.ResourceArn);
    await replaceTags(deps.pools, pool, { ...poolTags(pool), ...req.Tags });
    return {};
  },
});
