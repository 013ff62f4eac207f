import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { consoleStaleReason } from "./build";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dist(builtAt?: Date): string {
  const dir = mkdtempSync(join(tmpdir(), "console-dist-"));
  dirs.push(dir);
  if (builtAt) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.html"), "<!doctype html>");
    utimesSync(join(dir, "index.html"), builtAt, builtAt);
  }
  return dir;
}

describe("consoleStaleReason (npm start builds the console when needed)", () => {
  it("asks for a build when there is none", () => {
    expect(consoleStaleReason(dist())).toBe("not built yet");
  });

  it("names an input newer than the build", () => {
    expect(consoleStaleReason(dist(new Date("2000-01-01T00:00:00Z")))).toMatch(
      /^apps\/console\/src changed since the last build$/,
    );
  });

  it("is satisfied with a build newer than every input", () => {
    expect(consoleStaleReason(dist(new Date(Date.now() + 3_600_000)))).toBeUndefined();
  });
});
