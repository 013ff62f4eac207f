/**
 * User pool replicas (Create/Delete/Update/ListUserPoolReplicas). A replica is a copy of the pool serving another
 * AWS Region; this server is one machine in no Region, so no replica can exist. Storing one and answering it as
 * ACTIVE would be a lie, so the pool answers as what it is, the PRIMARY in its own Region, and replica creation is
 * refused by name (ADR 0032).
 */
import type { UserPoolReplicaType } from "@aws-sdk/client-cognito-identity-provider";
import {
  InvalidParameterException,
  OperationNotEnabledException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import { poolArn, type Pool } from "./pools.js";

/** "Lists all replicas for a user pool, including both primary and secondary replicas" (ListUserPoolReplicas). */
export function primaryReplica(pool: Pool): UserPoolReplicaType {
  return { RegionName: pool.settings.Region, Status: "ACTIVE", Role: "PRIMARY", UserPoolArn: poolArn(pool) };
}

export function refuseReplicaCreation(pool: Pool, region: string): never {
  if (region === pool.settings.Region)
    throw new InvalidParameterException(`User pool ${pool.id} is already in Region ${region} (its primary).`);
  throw new OperationNotEnabledException(
    `CreateUserPoolReplica (RegionName ${region}) is not supported: this server runs in one place and cannot ` +
      "replicate a user pool to another Region.",
  );
}

/** The replica UpdateUserPoolReplica or DeleteUserPoolReplica names: only the primary exists. */
export function replicaIn(pool: Pool, region: string): UserPoolReplicaType {
  if (region !== pool.settings.Region)
    throw new ResourceNotFoundException(`User pool ${pool.id} has no replica in Region ${region}.`);
  return primaryReplica(pool);
}
