/**
 * Tags of user pools (TagResource, UntagResource, ListTagsForResource): the pool's UserPoolTags, addressed by
 * the pool's ARN as DescribeUserPool answers it.
 */
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { checkTagCount } from "./poolSettings.js";
import { poolArn, type Pool, type PoolService } from "./pools.js";

/** The pool `arn` names; ResourceNotFoundException for any other ARN (another region, account or resource type). */
export async function poolOfArn(pools: PoolService, arn: string): Promise<Pool> {
  const id = /^arn:aws:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/.exec(arn)?.[1];
  const pool = id === undefined ? undefined : await pools.findPool(id);
  if (!pool || poolArn(pool) !== arn) throw new ResourceNotFoundException(`Resource ${arn} does not exist.`);
  return pool;
}

export function poolTags(pool: Pool): Record<string, string> {
  return { ...(pool.settings.UserPoolTags ?? {}) };
}

/** Stores the pool's new tags, 50 at most. */
export async function replaceTags(pools: PoolService, pool: Pool, tags: Record<string, string>): Promise<void> {
  checkTagCount(tags);
  const { UserPoolTags: _old, ...settings } = pool.settings;
  await pools.replaceSettings(pool, Object.keys(tags).length ? { ...settings, UserPoolTags: tags } : settings);
}
