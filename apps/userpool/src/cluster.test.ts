import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { workerCountOf } from "./cluster.js";
import { ConfigError } from "./config/errors.js";

describe("workerCountOf (USERPOOL_WORKERS / --workers)", () => {
  it("is 1 unless asked, a number as given, one per core for auto", () => {
    expect(workerCountOf({}, [])).toBe(1);
    expect(workerCountOf({ USERPOOL_WORKERS: "3" }, [])).toBe(3);
    expect(workerCountOf({ USERPOOL_WORKERS: "auto" }, [])).toBe(availableParallelism());
  });

  it("takes --workers N and --workers=N over the variable", () => {
    expect(workerCountOf({ USERPOOL_WORKERS: "3" }, ["--workers", "2"])).toBe(2);
    expect(workerCountOf({}, ["--workers=auto"])).toBe(availableParallelism());
  });

  it("refuses anything else, naming the setting", () => {
    for (const bad of ["0", "-1", "1.5", "two", "65", ""])
      expect(() => workerCountOf({ USERPOOL_WORKERS: bad }, []), bad).toThrow(
        new ConfigError(`USERPOOL_WORKERS must be an integer 1..64 or "auto"; got "${bad}"`),
      );
    expect(() => workerCountOf({}, ["--workers"])).toThrow(/--workers needs a value/);
  });
});
