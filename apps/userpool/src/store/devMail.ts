/** A message of the development mailbox, sealed under the data key. */
export interface DevMessageRow {
  id: string;
  to: string;
  createdAt: number;
  contentEnc: string;
}

export interface DevMailStore {
  insert(m: DevMessageRow): Promise<void>;
  /** Newest first; `to` matches the lower-cased recipient. */
  list(opts: { to?: string; limit: number }): Promise<DevMessageRow[]>;
}
