/** What readiness checks and metrics read about the database itself. */
export interface PoolState {
  /** Connections open. */
  total: number;
  /** Open connections not in use. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface HealthStore {
  /** One round trip to the database; throws when it cannot be reached (or the handle is closed). */
  ping(): Promise<void>;
  /** Names of the migrations the database records as applied, in name order. */
  appliedMigrations(): Promise<string[]>;
  /** The PostgreSQL connection pool now; undefined for SQLite, whose single handle has no pool. */
  poolState(): PoolState | undefined;
}
