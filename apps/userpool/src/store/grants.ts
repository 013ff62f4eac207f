/** The scopes the hosted UI granted to the tokens of one origin_jti: a refresh keeps them. */
export interface GrantRow {
  originJti: string;
  poolId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
}

export interface GrantStore {
  insert(r: GrantRow): Promise<void>;
  get(originJti: string): Promise<GrantRow | undefined>;
}
