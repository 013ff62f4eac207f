/**
 * Issue 23's "done": every command of the pinned `@aws-sdk/client-cognito-identity-provider` is routed by this
 * server (targets/registry.ts) and driven by some test through the SDK. The command list is read from the package
 * itself (its exports ending in `Command`), so pinning a newer SDK adds its new commands here without an edit.
 *
 * A routed operation counts as tested when a file under test/ or src/ constructs `new <Name>Command(`: the SDK's
 * own serialisation then reaches the server's target.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sdk from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { targets } from "../src/targets/registry.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The operation names of the pinned SDK: `FooCommand` classes, minus the client's own `$Command`. */
const sdkOperations = Object.keys(sdk)
  .filter((k) => /^[A-Z]\w*Command$/.test(k))
  .map((k) => k.slice(0, -"Command".length))
  .sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Operations some test drives through the SDK, by `new <Name>Command(` (this file's own text excluded). */
function sdkDrivenOperations(): Set<string> {
  const self = fileURLToPath(import.meta.url);
  const found = new Set<string>();
  for (const file of [...sourceFiles(join(root, "test")), ...sourceFiles(join(root, "src"))]) {
    if (file === self) continue;
    for (const m of readFileSync(file, "utf8").matchAll(/\bnew\s+(\w+)Command\(/g)) found.add(m[1]!);
  }
  return found;
}

describe("SDK coverage", () => {
  it("reads the pinned SDK's commands", () => {
    const pkg = createRequire(import.meta.url)("@aws-sdk/client-cognito-identity-provider/package.json") as {
      version: string;
    };
    expect(pkg.version).toBe("3.1178.0");
    // 3.1178.0 has 153 commands (package dist-types/commands); a wrong export filter would miscount.
    expect(sdkOperations).toHaveLength(153);
    expect(sdkOperations).toContain("InitiateAuth");
    expect(sdkOperations).toContain("StartPointInTimeRecovery");
  });

  it("routes every SDK command", () => {
    const unrouted = sdkOperations.filter((op) => !targets.has(op));
    expect(unrouted, `${unrouted.length} SDK commands are not routed: ${unrouted.join(", ")}`).toEqual([]);
  });

  it("routes nothing the SDK does not have", () => {
    const extra = [...targets.keys()].filter((op) => !sdkOperations.includes(op));
    expect(extra).toEqual([]);
  });

  it("drives every routed command through the SDK in some test", () => {
    const driven = sdkDrivenOperations();
    const untested = sdkOperations.filter((op) => targets.has(op) && !driven.has(op));
    expect(untested, `${untested.length} routed commands no SDK test calls: ${untested.join(", ")}`).toEqual([]);
  });
});
