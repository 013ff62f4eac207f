/** Values kept once per database (the data key's check value, the development Google's signing key). */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  /** Returns the stored value: `value` if this call inserted it, else the existing one. */
  setIfAbsent(key: string, value: string): Promise<string>;
}
