export interface TermsRow {
  id: string;
  poolId: string;
  clientId: string;
  termsName: string;
  termsSource: string;
  enforcement: string;
  links: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** A user's acceptance of one version of one terms document (ADR 0030). */
export interface TermsAcceptanceRow {
  poolId: string;
  userId: string;
  clientId: string;
  termsId: string;
  termsName: string;
  /** The terms' LastModifiedDate (ms) when accepted. */
  termsVersion: number;
  /** The links shown when accepted. */
  links: Record<string, string>;
  acceptedAt: number;
}

export interface TermsStore {
  /** StoreConflictError when the client already has terms of that name (a unique index decides). */
  create(r: TermsRow): Promise<void>;
  get(poolId: string, id: string): Promise<TermsRow | undefined>;
  getByClient(poolId: string, clientId: string, termsName: string): Promise<TermsRow | undefined>;
  /** The client's terms, by name. */
  listForClient(poolId: string, clientId: string): Promise<TermsRow[]>;
  /** A page of the pool's terms ordered by id, after `afterId`. */
  list(poolId: string, limit: number, afterId?: string): Promise<TermsRow[]>;
  /** StoreConflictError on a name taken; false when the row is gone. */
  update(r: TermsRow): Promise<boolean>;
  delete(poolId: string, id: string): Promise<boolean>;
  recordAcceptance(r: TermsAcceptanceRow): Promise<void>;
  /** The user's acceptances, oldest first. */
  acceptances(poolId: string, userId: string): Promise<TermsAcceptanceRow[]>;
}
