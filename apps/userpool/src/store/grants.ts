/** The scopes the hosted UI granted to the tokens of one origin_jti: a refresh keeps them. */
export interface GrantRow {
  originJti: string;
  poolId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  /** The hosted session whose authorization code produced these tokens (ADR 0055). */
  hostedSessionHash?: string;
}

export interface GrantStore {
  insert(r: GrantRow): Promise<void>;
  get(originJti: string): Promise<GrantRow | undefined>;
  /** The origins (token sessions) of the pool whose code came from one of the hosted sessions `idHashes`. */
  originsOfHostedSessions(poolId: string, idHashes: string[]): Promise<{ originJti: string; userId: string }[]>;
}
