/** Attribute values waiting for verification (AttributesRequireVerificationBeforeUpdate). */
export interface PendingAttributeStore {
  /** Sets (or replaces) the value waiting for verification. */
  set(p: { poolId: string; userId: string; name: string; value: string; now: number }): Promise<void>;
  /** The user's waiting values, by attribute name. */
  get(poolId: string, userId: string): Promise<Record<string, string>>;
  delete(poolId: string, userId: string, name: string): Promise<void>;
}
