/** An identity at a pool's identity provider, linked to an existing user (AdminLinkProviderForUser). */
export interface ProviderLinkRow {
  poolId: string;
  providerName: string;
  /** The provider's subject for the user (Cognito_Subject). */
  providerUserId: string;
  userId: string;
  createdAt: number;
}

export interface ProviderLinkStore {
  /** StoreConflictError("provider-link") when that provider identity is already linked to a user. */
  create(r: ProviderLinkRow): Promise<void>;
  find(poolId: string, providerName: string, providerUserId: string): Promise<ProviderLinkRow | undefined>;
  listForUser(poolId: string, userId: string): Promise<ProviderLinkRow[]>;
  /** False when there was no such link. */
  delete(poolId: string, providerName: string, providerUserId: string): Promise<boolean>;
}
