import { describe, expect, it } from "vitest";
import { displayPath } from "../lib/repo.js";

describe("displayPath (the start banner's paths)", () => {
  it("is relative inside the repository and absolute outside it, even beside it", () => {
    expect(displayPath("/work/main/.data/app.sqlite", "/work/main")).toBe(".data/app.sqlite");
    expect(displayPath("/work/main", "/work/main")).toBe(".");
    expect(displayPath("/tmp/authhub-data/app.sqlite", "/work/main")).toBe("/tmp/authhub-data/app.sqlite");
    // A sibling whose name begins with the repository's: a prefix test would have called it inside.
    expect(displayPath("/work/main2/.data/app.sqlite", "/work/main")).toBe("/work/main2/.data/app.sqlite");
    expect(displayPath("/work/main/../elsewhere/db", "/work/main")).toBe("/work/elsewhere/db");
    expect(displayPath("postgres://postgres:***@db:5432/app", "/work/main")).toBe(
      "postgres://postgres:***@db:5432/app",
    );
  });
});
