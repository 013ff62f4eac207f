/**
 * Pools with Lambda triggers for the trigger tests, and access to the recording trigger
 * (support/triggers/recorder.mjs), which the userpool under test runs in this same process.
 */
import { fileURLToPath } from "node:url";
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import type { LambdaConfig } from "../../src/triggers/lambdaConfig.js";
import { CLIENT_ID, testConfig } from "./userpool.js";

export const RECORDER = fileURLToPath(new URL("./triggers/recorder.mjs", import.meta.url));
export const TRIGGER_MODULES = fileURLToPath(new URL("./triggers/", import.meta.url));

/** A second pool, for a second LambdaConfig (e.g. PreTokenGeneration V2_0 next to V1_0). */
export const POOL2_ID = "us-east-1_TestPool2";
export const POOL2_CLIENT_ID = "testv2publicclient00000001";

export interface Recorder {
  events: any[];
  behaviour: Record<string, (event: any) => unknown>;
}

export function recorder(): Recorder {
  const g = globalThis as { __authhubTriggers?: Recorder };
  g.__authhubTriggers ??= { events: [], behaviour: {} };
  return g.__authhubTriggers;
}

/** Forgets recorded events and behaviours. */
export function resetRecorder(): void {
  const r = recorder();
  r.events.length = 0;
  for (const k of Object.keys(r.behaviour)) delete r.behaviour[k];
}

export function eventsOf(source: string): any[] {
  return recorder().events.filter((e) => e.triggerSource === source);
}

/** The test pool (support/userpool.ts) with `lambda`, plus pool 2 (same settings, one public client) with `lambda2`. */
export function triggerConfig(lambda: LambdaConfig, lambda2?: LambdaConfig): UserpoolFileConfig {
  const base = testConfig();
  const pool1 = { ...base.UserPools[0]!, LambdaConfig: lambda };
  const pools = [pool1];
  if (lambda2) {
    const client = pool1.Clients!.find((c) => c.ClientId === CLIENT_ID)!;
    pools.push({
      ...pool1,
      Id: POOL2_ID,
      PoolName: "test-pool-2",
      LambdaConfig: lambda2,
      Clients: [{ ...client, ClientId: POOL2_CLIENT_ID, ClientName: "public-2" }],
    });
  }
  return { UserPools: pools };
}

/** Every trigger this server invokes, pointing at one module. */
export function allTriggers(ref: string, version: "V1_0" | "V2_0" = "V1_0"): LambdaConfig {
  return {
    PreSignUp: ref,
    PostConfirmation: ref,
    PreAuthentication: ref,
    PostAuthentication: ref,
    PreTokenGenerationConfig: { LambdaArn: ref, LambdaVersion: version },
    CustomMessage: ref,
    UserMigration: ref,
  };
}
