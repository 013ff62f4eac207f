import { describe, expect, it } from "vitest";
import { availableEngines, testEngines } from "./engines.js";

const URL = "postgres://postgres@127.0.0.1:5432/test";
const names = (env: NodeJS.ProcessEnv) => testEngines(env).map((e) => e.name);

describe("testEngines", () => {
  it("runs SQLite alone without a PostgreSQL URL, and both engines with one", () => {
    expect(names({})).toEqual(["sqlite"]);
    expect(names({ USERPOOL_DATABASE_URL: URL })).toEqual(["sqlite", "postgres"]);
  });

  it("keeps only the engines USERPOOL_TEST_ENGINES names", () => {
    expect(names({ USERPOOL_DATABASE_URL: URL, USERPOOL_TEST_ENGINES: "postgres" })).toEqual(["postgres"]);
    expect(names({ USERPOOL_DATABASE_URL: URL, USERPOOL_TEST_ENGINES: "sqlite" })).toEqual(["sqlite"]);
    expect(names({ USERPOOL_DATABASE_URL: URL, USERPOOL_TEST_ENGINES: "sqlite, postgres" })).toEqual([
      "sqlite",
      "postgres",
    ]);
    // Moves between engines still see both.
    const all = availableEngines({ USERPOOL_DATABASE_URL: URL, USERPOOL_TEST_ENGINES: "postgres" });
    expect(all.map((e) => e.name)).toEqual(["sqlite", "postgres"]);
  });

  it("fails loudly, naming the fix, rather than run fewer engines than asked", () => {
    expect(() => names({ USERPOOL_TEST_ENGINES: "postgres" })).toThrow(/needs USERPOOL_DATABASE_URL/);
    expect(() => names({ USERPOOL_DATABASE_URL: URL, USERPOOL_TEST_ENGINES: "mysql" })).toThrow(
      /names "mysql".*sqlite, postgres/,
    );
  });
});
