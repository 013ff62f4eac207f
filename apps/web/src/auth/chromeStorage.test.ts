import { describe, expect, it } from "vitest";
import {
  AMPLIFY_KEY_PREFIX,
  ChromeKeyValueStorage,
  findChromeStorageArea,
  type ChromeStorageArea,
} from "./chromeStorage";

/** Behaves like chrome.storage.local (MV3): async, structured values, absent keys simply missing from the result. */
class FakeChromeStorageArea implements ChromeStorageArea {
  readonly data = new Map<string, unknown>();
  calls: string[] = [];

  async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    this.calls.push(`get:${JSON.stringify(keys)}`);
    await Promise.resolve();
    const wanted = keys === null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.data.has(key)) out[key] = structuredClone(this.data.get(key));
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.calls.push(`set:${Object.keys(items).join(",")}`);
    await Promise.resolve();
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }

  async remove(keys: string | string[]): Promise<void> {
    this.calls.push(`remove:${JSON.stringify(keys)}`);
    await Promise.resolve();
    for (const key of Array.isArray(keys) ? keys : [keys]) this.data.delete(key);
  }
}

const idTokenKey = `${AMPLIFY_KEY_PREFIX}authhubwebclientlocaldev01.alice@example.com.idToken`;

describe("ChromeKeyValueStorage", () => {
  it("stores and reads back a value", async () => {
    const area = new FakeChromeStorageArea();
    const storage = new ChromeKeyValueStorage(area);
    await storage.setItem(idTokenKey, "eyJ.header.sig");
    expect(area.data.get(idTokenKey)).toBe("eyJ.header.sig");
    expect(await storage.getItem(idTokenKey)).toBe("eyJ.header.sig");
  });

  it("answers null, not undefined, for a missing key", async () => {
    const storage = new ChromeKeyValueStorage(new FakeChromeStorageArea());
    const value = await storage.getItem("missing");
    expect(value).toBeNull();
  });

  it("answers null for a non-string value another part of the extension stored under the key", async () => {
    const area = new FakeChromeStorageArea();
    area.data.set("shared", { nested: true });
    expect(await new ChromeKeyValueStorage(area).getItem("shared")).toBeNull();
  });

  it("removes one key", async () => {
    const area = new FakeChromeStorageArea();
    const storage = new ChromeKeyValueStorage(area);
    await storage.setItem(idTokenKey, "t");
    await storage.removeItem(idTokenKey);
    expect(await storage.getItem(idTokenKey)).toBeNull();
  });

  it("clear() removes Amplify's keys and leaves the extension's own settings alone", async () => {
    const area = new FakeChromeStorageArea();
    const storage = new ChromeKeyValueStorage(area);
    await storage.setItem(idTokenKey, "t");
    await storage.setItem(`${AMPLIFY_KEY_PREFIX}authhubwebclientlocaldev01.LastAuthUser`, "alice@example.com");
    area.data.set("extensionSettings", { theme: "dark" });
    await storage.clear();
    expect([...area.data.keys()]).toEqual(["extensionSettings"]);
  });

  it("clear() on an empty area makes no remove call", async () => {
    const area = new FakeChromeStorageArea();
    await new ChromeKeyValueStorage(area).clear();
    expect(area.calls).toEqual(["get:null"]);
  });

  it("sees writes made by another context at once (no stale in-memory copy)", async () => {
    const area = new FakeChromeStorageArea();
    const popup = new ChromeKeyValueStorage(area);
    const background = new ChromeKeyValueStorage(area);
    await background.setItem(idTokenKey, "fresh");
    expect(await popup.getItem(idTokenKey)).toBe("fresh");
  });
});

describe("findChromeStorageArea", () => {
  it("finds chrome.storage.local inside an extension and nothing outside", () => {
    const area = new FakeChromeStorageArea();
    expect(findChromeStorageArea({ chrome: { storage: { local: area } } })).toBe(area);
    expect(findChromeStorageArea({})).toBeUndefined();
    expect(findChromeStorageArea(globalThis)).toBeUndefined();
  });
});
