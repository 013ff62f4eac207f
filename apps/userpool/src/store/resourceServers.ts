export interface ResourceServerRow {
  poolId: string;
  identifier: string;
  name: string;
  scopes: { ScopeName: string; ScopeDescription: string }[];
  createdAt: number;
  updatedAt: number;
}

export interface ResourceServerStore {
  /** StoreConflictError("resource-server") when the identifier exists in the pool. */
  create(r: ResourceServerRow): Promise<void>;
  get(poolId: string, identifier: string): Promise<ResourceServerRow | undefined>;
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ResourceServerRow[]>;
  update(r: ResourceServerRow): Promise<boolean>;
  delete(poolId: string, identifier: string): Promise<boolean>;
}
