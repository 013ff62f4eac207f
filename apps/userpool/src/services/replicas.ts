/**
 * User pool replicas (Create/Delete/Update/ListUserPoolReplicas). A replica is a copy of the pool serving another
 * AWS Region; this server is one machine in no Region, so nothing is copied and no Region serves a replica. As
 * issue #23 asks, the operations still store and answer the replica's configuration exactly (Region, tags, status,
 * creation time) in the pool's settings, and docs/userpool/differences.md says what does not happen (ADR 0032).
 */
import type { UserPoolReplicaType } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { poolArn, type Pool, type PoolService } from "./pools.js";
import { checkTagCount, type StoredReplica } from "./poolSettings.js";

/** An AWS Region name (e.g. eu-west-1, us-gov-west-1, ap-southeast-5): no replica is stored in a made-up place. */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/u;

/** "Lists all replicas for a user pool, including both primary and secondary replicas" (ListUserPoolReplicas). */
export function primaryReplica(pool: Pool): UserPoolReplicaType {
  return { RegionName: pool.settings.Region, Status: "ACTIVE", Role: "PRIMARY", UserPoolArn: poolArn(pool) };
}

/** The replica's pool ARN is the primary's with the replica's Region (the pool ID stays the same). */
function replicaType(pool: Pool, r: StoredReplica, status: UserPoolReplicaType["Status"] = r.Status) {
  const arn = poolArn(pool).replace(`:${pool.settings.Region}:`, `:${r.RegionName}:`);
  return { RegionName: r.RegionName, Status: status, Role: "SECONDARY", UserPoolArn: arn } as UserPoolReplicaType;
}

export function listReplicas(pool: Pool): UserPoolReplicaType[] {
  return [primaryReplica(pool), ...(pool.settings.Replicas ?? []).map((r) => replicaType(pool, r))];
}

/** CreateUserPoolReplica: one replica per Region, never in the primary's Region; stored ACTIVE at once. */
export async function createReplica(
  pools: PoolService,
  pool: Pool,
  region: string,
  tags: Record<string, string>,
  now: Date,
): Promise<UserPoolReplicaType> {
  if (!REGION_NAME.test(region))
    throw new InvalidParameterException(`RegionName ${region} is not an AWS Region name (such as eu-west-1).`);
  if (region === pool.settings.Region)
    throw new InvalidParameterException(`User pool ${pool.id} is already in Region ${region} (its primary).`);
  const replicas = pool.settings.Replicas ?? [];
  if (replicas.some((r) => r.RegionName === region))
    throw new InvalidParameterException(`User pool ${pool.id} already has a replica in Region ${region}.`);
  checkTagCount(tags);
  const replica: StoredReplica = { RegionName: region, UserPoolTags: tags, Status: "ACTIVE", CreatedAt: now.getTime() };
  const updated = await pools.replaceSettings(pool, { ...pool.settings, Replicas: [...replicas, replica] });
  return replicaType(updated, replica);
}

function storedReplica(pool: Pool, region: string): StoredReplica {
  const r = (pool.settings.Replicas ?? []).find((x) => x.RegionName === region);
  if (!r) throw new ResourceNotFoundException(`User pool ${pool.id} has no replica in Region ${region}.`);
  return r;
}

/** UpdateUserPoolReplica: a secondary is set ACTIVE or INACTIVE; the primary, the only copy here, stays ACTIVE. */
export async function updateReplica(
  pools: PoolService,
  pool: Pool,
  region: string,
  status: StoredReplica["Status"],
): Promise<UserPoolReplicaType> {
  if (region === pool.settings.Region) {
    if (status === "INACTIVE")
      throw new InvalidParameterException(
        `Status INACTIVE is not supported for the primary of user pool ${pool.id} (Region ${region}).`,
      );
    return primaryReplica(pool);
  }
  const current = storedReplica(pool, region);
  const replica = { ...current, Status: status };
  const replicas = (pool.settings.Replicas ?? []).map((r) => (r === current ? replica : r));
  const updated = await pools.replaceSettings(pool, { ...pool.settings, Replicas: replicas });
  return replicaType(updated, replica);
}

/**
 * DeleteUserPoolReplica: "You can only delete replicas that are in the INACTIVE status" (API reference). The
 * record goes at once; the answer is the replica as Cognito reports one being removed, DELETING.
 */
export async function deleteReplica(pools: PoolService, pool: Pool, region: string): Promise<UserPoolReplicaType> {
  if (region === pool.settings.Region)
    throw new InvalidParameterException(
      `Region ${region} holds the primary of user pool ${pool.id}; delete the pool with DeleteUserPool.`,
    );
  const current = storedReplica(pool, region);
  if (current.Status !== "INACTIVE")
    throw new InvalidParameterException(
      `The replica of user pool ${pool.id} in Region ${region} is ${current.Status}; only an INACTIVE replica ` +
        "can be deleted.",
    );
  const replicas = (pool.settings.Replicas ?? []).filter((r) => r !== current);
  const { Replicas: _r, ...rest } = pool.settings;
  const updated = await pools.replaceSettings(pool, replicas.length ? { ...rest, Replicas: replicas } : rest);
  return replicaType(updated, current, "DELETING");
}
