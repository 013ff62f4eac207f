/**
 * Amplify token storage over `chrome.storage.local`, for running the app as a browser extension
 * (the tutorial's CustomChromeStorage, done correctly).
 *
 * The tutorial's version kept a synchronous in-memory copy filled by a callback, so the first
 * `getItem` after a reload could answer "signed out" before the copy arrived. Amplify v6's
 * `KeyValueStorageInterface` is async, so every call simply awaits chrome.storage's promise API (MV3).
 */
import type { KeyValueStorageInterface } from "aws-amplify/utils";

/** The slice of `chrome.storage.StorageArea` we use (MV3 promise form), so tests can pass a fake. */
export interface ChromeStorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * Every key Amplify's Cognito token store and OAuth store write starts with this prefix
 * (`CognitoIdentityServiceProvider.<clientId>.<username>.idToken`, `….LastAuthUser`, …).
 */
export const AMPLIFY_KEY_PREFIX = "CognitoIdentityServiceProvider.";

export class ChromeKeyValueStorage implements KeyValueStorageInterface {
  constructor(private readonly area: ChromeStorageArea) {}

  async setItem(key: string, value: string): Promise<void> {
    await this.area.set({ [key]: value });
  }

  async getItem(key: string): Promise<string | null> {
    const items = await this.area.get(key);
    const value = items[key];
    // chrome.storage reports a missing key as an absent property (undefined); Amplify expects null.
    return typeof value === "string" ? value : null;
  }

  async removeItem(key: string): Promise<void> {
    await this.area.remove(key);
  }

  /**
   * Removes Amplify's keys only. `chrome.storage.local` is shared by the whole extension, so
   * `area.clear()` would also wipe settings that have nothing to do with sign-in.
   */
  async clear(): Promise<void> {
    const all = await this.area.get(null);
    const ours = Object.keys(all).filter((key) => key.startsWith(AMPLIFY_KEY_PREFIX));
    if (ours.length > 0) await this.area.remove(ours);
  }

  // No addListener (optional in the interface): chrome.storage.onChanged also fires for this
  // context's own writes, unlike the DOM `storage` event, so Amplify would re-announce its own
  // sign-in as a cross-tab one. Each extension page re-reads storage on load instead.
}

/** The running extension's `chrome.storage.local`, or undefined outside an extension. */
export function findChromeStorageArea(scope: unknown = globalThis): ChromeStorageArea | undefined {
  const chrome = (scope as { chrome?: { storage?: { local?: ChromeStorageArea } } }).chrome;
  return chrome?.storage?.local;
}
