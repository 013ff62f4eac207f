export interface IdentityProviderRow {
  poolId: string;
  name: string;
  type: string;
  /** ProviderDetails as JSON, sealed under the data key (it holds client_secret). */
  detailsEnc: string;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

export interface IdentityProviderStore {
  /**
   * Inserts the provider and its identifiers in one transaction;
   * StoreConflictError("provider-name" | "idp-identifier").
   */
  create(r: IdentityProviderRow): Promise<void>;
  get(poolId: string, name: string): Promise<IdentityProviderRow | undefined>;
  getByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRow | undefined>;
  /** Ordered by name; `after` is the last name of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<IdentityProviderRow[]>;
  /**
   * Replaces details, mapping and identifiers atomically; false when the provider is gone;
   * StoreConflictError("idp-identifier").
   */
  update(r: IdentityProviderRow): Promise<boolean>;
  delete(poolId: string, name: string): Promise<boolean>;
}
