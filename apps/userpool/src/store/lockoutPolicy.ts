import type { LockoutPolicy } from "./lifecycleTypes.js";

/** Lock duration after `failures` failures under `policy`; every LockoutStore computes the same. */
export function lockMs(failures: number, policy: LockoutPolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - policy.freeFailures - 1, 30) * 1000, policy.maxLockMs);
}
