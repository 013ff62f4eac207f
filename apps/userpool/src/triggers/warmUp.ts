/**
 * Warm-up at start: every stored pool's in-process trigger functions are loaded in the background, so
 * a first invocation finds its module imported, as a Lambda function with provisioned concurrency
 * finds its execution environment initialised (ADR 0054). Pools stored later warm themselves, and a
 * pool another instance changed warms when this one reads it (PoolService.warmTriggers).
 */
import type { Logger } from "../log.js";
import type { PoolService } from "../services/pools.js";

/** Pages through the pools and warms each; settles when every load has. Never rejects. */
export async function warmUpTriggers(deps: {
  pools: Pick<PoolService, "listPools" | "warmTriggers">;
  log: Logger;
}): Promise<void> {
  const loads: Promise<void>[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await deps.pools.listPools(60, nextToken);
      for (const pool of page.pools) if (pool.settings.LambdaConfig) loads.push(deps.pools.warmTriggers(pool));
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (err) {
    deps.log.warn(
      { err: { name: (err as Error).name, message: (err as Error).message } },
      "trigger warm-up could not list the pools; their functions load on first use",
    );
  }
  await Promise.all(loads);
}
