/** A text of the development SMS outbox, sealed under the data key (it holds codes and passwords). */
export interface DevSmsRow {
  id: string;
  /** E.164, clear for the `?to=` lookup. */
  to: string;
  poolId: string;
  /** The SmsKind it was sent for. */
  kind: string;
  createdAt: number;
  contentEnc: string;
}

export interface DevSmsStore {
  insert(m: DevSmsRow): Promise<void>;
  /** Newest first (then by ID, which is time-ordered); `to` matches exactly. */
  list(opts: { to?: string; limit: number }): Promise<DevSmsRow[]>;
  /** Deletes texts created before `before` and all but the newest `keep`; returns how many went. */
  purge(opts: { before: number; keep: number }): Promise<number>;
}
