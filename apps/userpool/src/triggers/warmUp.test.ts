import { describe, expect, it } from "vitest";
import { normalizePoolSettings } from "../services/poolSettings.js";
import type { Pool } from "../services/pools.js";
import { logLines } from "../../test/support/logLines.js";
import { warmUpTriggers } from "./warmUp.js";

const pool = (id: string, withTrigger: boolean): Pool => ({
  id,
  name: id,
  settings: normalizePoolSettings(withTrigger ? { LambdaConfig: { PreSignUp: "/srv/fn.mjs" } } : {}, "us-east-1"),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe("warm-up at start", () => {
  it("pages through every pool and warms those with a LambdaConfig; settles when their loads have", async () => {
    const all = Array.from({ length: 130 }, (_, i) => pool(`us-east-1_Warm${String(i).padStart(5, "0")}`, i % 2 === 0));
    const listPools = async (limit: number, nextToken?: string) => {
      const from = nextToken === undefined ? 0 : Number(nextToken);
      const page = all.slice(from, from + limit);
      return from + limit < all.length ? { pools: page, nextToken: String(from + limit) } : { pools: page };
    };
    const warmed: string[] = [];
    let settled = 0;
    const done = warmUpTriggers({
      pools: {
        listPools,
        warmTriggers: async (p) => {
          await new Promise((r) => setTimeout(r, 20));
          warmed.push(p.id);
          settled++;
        },
      },
      log: logLines().log,
    });
    await done;
    expect(settled).toBe(65);
    expect(warmed.sort()).toEqual(all.filter((_, i) => i % 2 === 0).map((p) => p.id));
  });

  it("never rejects: a pool listing that fails is logged, and what was started still settles", async () => {
    const { lines, log } = logLines();
    let calls = 0;
    const warmed: string[] = [];
    await expect(
      warmUpTriggers({
        pools: {
          listPools: async () => {
            if (calls++ === 0) return { pools: [pool("us-east-1_WarmFirst", true)], nextToken: "x" };
            throw new Error("database went away");
          },
          warmTriggers: async (p) => void warmed.push(p.id),
        },
        log,
      }),
    ).resolves.toBeUndefined();
    expect(warmed).toEqual(["us-east-1_WarmFirst"]);
    expect(lines.join("")).toContain("trigger warm-up could not list the pools");
  });
});
