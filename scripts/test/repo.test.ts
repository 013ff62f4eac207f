import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath } from "../lib/repo.js";

const ROOT = join(import.meta.dirname, "../..");

describe("README.md's Repository table", () => {
  it("has a row for every npm workspace", () => {
    const { workspaces } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { workspaces: string[] };
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("\n## Repository\n")).split("\n## ")[1]!;
    const rows = [...table.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]);
    expect(workspaces.length).toBeGreaterThan(5);
    expect(workspaces.filter((w) => !rows.includes(w))).toEqual([]);
  });
});

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
