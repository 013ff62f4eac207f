import type { JsonObject } from "./json.js";

export interface DomainRow {
  domain: string;
  poolId: string;
  customDomainConfig: JsonObject | null;
  managedLoginVersion: number;
  createdAt: number;
}

export interface DomainStore {
  /** StoreConflictError("domain") when the domain is taken or the pool already has one. */
  create(r: DomainRow): Promise<void>;
  get(domain: string): Promise<DomainRow | undefined>;
  getForPool(poolId: string): Promise<DomainRow | undefined>;
  /** UpdateUserPoolDomain: false when the pool has no such domain. */
  update(
    poolId: string,
    domain: string,
    patch: { customDomainConfig: JsonObject | null; managedLoginVersion: number },
  ): Promise<boolean>;
  delete(poolId: string, domain: string): Promise<boolean>;
}
