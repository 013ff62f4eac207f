import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { poolOfArn, poolTags } from "../services/tags.js";
import { ResourceArn } from "./tagResource.js";

type Deps = Pick<Services, "pools">;

/** API reference, ListTagsForResource: the pool's tags, UserPoolTags included. */
export const listTagsForResource = defineTarget<ListTagsForResourceRequest>()({
  name: "ListTagsForResource",
  access: "admin",
  input: z.object({ ResourceArn }),
  async handle(deps: Deps, req): Promise<ListTagsForResourceResponse> {
    return { Tags: poolTags(await poolOfArn(deps.pools, req.ResourceArn)) };
  },
});
