export interface CimdPolicyRow {
  id: string;
  poolId: string;
  clientId: string;
  name: string;
  /** Seconds a fetched metadata document stays cached. */
  cacheDuration: number;
  urlPatterns: string[];
  createdAt: number;
  updatedAt: number;
}

/** A client metadata document fetched for a policy, as ListClientMetadataURLs shows it. */
export interface CimdDocumentRow {
  policyId: string;
  url: string;
  /** The document as fetched (JSON text). */
  document: string;
  cachedAt: number;
  expiresAt: number;
}

export interface CimdPolicyStore {
  create(r: CimdPolicyRow): Promise<void>;
  get(poolId: string, id: string): Promise<CimdPolicyRow | undefined>;
  /** Ordered by ID; `after` is the last ID of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<CimdPolicyRow[]>;
  /** Replaces client, name, cache duration and patterns; false when the policy is gone. */
  update(r: CimdPolicyRow): Promise<boolean>;
  /** Deletes the policy and its cached documents; false when it was not there. */
  delete(poolId: string, id: string): Promise<boolean>;
  /** Ordered by URL; `after` is the last URL of the previous page. */
  listDocuments(policyId: string, opts: { limit: number; after?: string }): Promise<CimdDocumentRow[]>;
  getDocument(policyId: string, url: string): Promise<CimdDocumentRow | undefined>;
  /** Inserts or replaces the cached document of (policy, URL). */
  putDocument(r: CimdDocumentRow): Promise<void>;
  /** False when nothing was cached for (policy, URL). */
  deleteDocument(policyId: string, url: string): Promise<boolean>;
}
