/**
 * Warm-up across instances (ADR 0054): an instance that reads a pool whose LambdaConfig another instance
 * (or cluster worker) stored warms its functions once, as the instance that stored it did; a cache refill
 * with the same functions does not warm again. Two PoolServices over one store stand for two instances.
 * SQLite always; PostgreSQL with USERPOOL_DATABASE_URL.
 */
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { createDataCrypto } from "../src/crypto/envelope.js";
import { cryptoRandom } from "../src/random.js";
import { type Pool, PoolService } from "../src/services/pools.js";
import type { Store } from "../src/store/index.js";
import { createTestStore, testEngines } from "./support/engines.js";

describe.each(testEngines())("trigger warm-up across instances on $name", (engine) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** An instance: its own read cache (refilled on every read here) and a record of what it warmed. */
  function instance(s: Store): { pools: PoolService; warmed: string[] } {
    const warmed: string[] = [];
    const crypto = createDataCrypto(Buffer.alloc(32, 3), cryptoRandom);
    const pools = new PoolService({
      store: s,
      clock: systemClock,
      random: cryptoRandom,
      crypto,
      cacheTtlMs: 0,
      triggers: {
        warm: async (p: Pool) => {
          warmed.push(`${p.id} ${p.settings.LambdaConfig?.PreSignUp}`);
        },
      },
    });
    return { pools, warmed };
  }

  it("another instance warms a changed LambdaConfig once, when it next reads the pool", async () => {
    store = await createTestStore(engine);
    const a = instance(store);
    const b = instance(store);
    const pool = await a.pools.createPool(
      "p",
      { LambdaConfig: { PreSignUp: "/srv/one.mjs" } },
      { region: "us-east-1" },
    );
    expect(a.warmed).toEqual([`${pool.id} /srv/one.mjs`]);

    await b.pools.getPool(pool.id);
    await b.pools.getPool(pool.id);
    expect(b.warmed).toEqual([`${pool.id} /srv/one.mjs`]);

    await a.pools.updatePool(pool.id, { LambdaConfig: { PreSignUp: "/srv/two.mjs" } });
    await b.pools.getPool(pool.id);
    await b.pools.getPool(pool.id);
    expect(b.warmed).toEqual([`${pool.id} /srv/one.mjs`, `${pool.id} /srv/two.mjs`]);
    // The instance that stored it warmed at the store, not again when it reads the pool back.
    await a.pools.getPool(pool.id);
    expect(a.warmed).toEqual([`${pool.id} /srv/one.mjs`, `${pool.id} /srv/two.mjs`]);

    // Saving the same functions again through an instance warms again there (a failed load is retried).
    await b.pools.updatePool(pool.id, { LambdaConfig: { PreSignUp: "/srv/two.mjs" } });
    expect(b.warmed).toHaveLength(3);
  });

  it("a pool without functions warms nothing; functions added later warm on the next read", async () => {
    store = await createTestStore(engine);
    const a = instance(store);
    const b = instance(store);
    const pool = await a.pools.createPool("p", {}, { region: "us-east-1" });
    await b.pools.getPool(pool.id);
    expect([a.warmed, b.warmed]).toEqual([[], []]);

    await a.pools.updatePool(pool.id, { LambdaConfig: { PreSignUp: "/srv/late.mjs" } });
    await b.pools.getPool(pool.id);
    expect(b.warmed).toEqual([`${pool.id} /srv/late.mjs`]);

    // Removed and added back: warmed again, since the instance has seen the pool without them in between.
    await a.pools.updatePool(pool.id, {});
    await b.pools.getPool(pool.id);
    await a.pools.updatePool(pool.id, { LambdaConfig: { PreSignUp: "/srv/late.mjs" } });
    await b.pools.getPool(pool.id);
    expect(b.warmed).toEqual([`${pool.id} /srv/late.mjs`, `${pool.id} /srv/late.mjs`]);
  });
});
