import { afterAll, beforeAll, describe } from "vitest";
import { oauthStoreContract } from "./oauth.contract.js";
import { createTestStore, testEngines } from "../../test/support/engines.js";
import type { Store } from "./types.js";

describe.each(testEngines())("OAuth store contract on $name", (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(() => store?.close());

  oauthStoreContract(async () => store);
});
