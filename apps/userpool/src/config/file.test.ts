import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { readFileConfig } from "./file.js";

const dir = mkdtempSync(join(tmpdir(), "userpool-config-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("config file: prototype keys", () => {
  // Every object has "constructor" and "__proto__" through its prototype; the unknown-key check must
  // look at own keys only, or these pass unreported (and a typo'd file looks valid).
  it.each([
    [
      '{"UserPools":[{"Id":"us-east-1_Config001","PoolName":"p","constructor":{"name":"x"}}]}',
      "UserPools[0].constructor: unknown setting",
    ],
    [
      '{"UserPools":[{"Id":"us-east-1_Config001","PoolName":"p",' +
        '"Policies":{"__proto__":{"PasswordPolicy":{"MinimumLength":6}}}}]}',
      "UserPools[0].Policies.__proto__: unknown setting",
    ],
    ['{"constructor":{"prototype":{"polluted":1}},"UserPools":[]}', "constructor: unknown setting"],
  ])("%s is an unknown setting", (text, message) => {
    const file = join(dir, "c.json");
    writeFileSync(file, text);
    expect(() => readFileConfig(file)).toThrow(ConfigError);
    expect(() => readFileConfig(file)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
