import { afterAll, beforeAll, describe } from "vitest";
import { createStore } from "./index.js";
import { oauthStoreContract } from "./oauth.contract.js";
import { testEngines } from "./testing.js";
import type { Store } from "./types.js";

describe.each(testEngines())("OAuth store contract on $name", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await engine.create();
    cleanup = db.cleanup;
    store = await createStore(db.target);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  oauthStoreContract(async () => store);
});
