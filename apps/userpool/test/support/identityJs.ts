/** amazon-cognito-identity-js in Node: a Storage per test, so no session leaks between tests. */
import type { ICognitoStorage } from "amazon-cognito-identity-js";

/** An in-memory ICognitoStorage (the library defaults to window.localStorage, absent in Node). */
export class MemoryStorage implements ICognitoStorage {
  private m = new Map<string, string>();
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}
