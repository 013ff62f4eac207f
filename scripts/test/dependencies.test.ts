/**
 * Every package that code imports is declared by the workspace that imports it (or, for the root's own
 * scripts, by the root). npm hoists everything into one node_modules, so an undeclared import works
 * here and breaks for anyone who installs one workspace alone.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
// A package name starts with a lower-case letter or @ (npm's rule), which keeps timestamps in strings out.
// `(?<!@)`: a CSS `@import '…'` inside a string (the hosted UI's stylesheet tests) is no module import.
const IMPORT = /(?:from\s+|(?<!@)import\s*\(\s*|require\(\s*|(?<!@)import\s+)["']([@a-z][^"'\s]*)["']/g;

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;

function declared(m: Manifest): Set<string> {
  const names = new Set([m.name]);
  for (const deps of [m.dependencies, m.devDependencies, m.peerDependencies, m.optionalDependencies]) {
    for (const name of Object.keys(deps ?? {})) names.add(name);
  }
  return names;
}

/** The package an import specifier names, or undefined for Node's own modules. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

describe("declared dependencies", () => {
  it("every imported package is declared by the workspace whose file imports it", () => {
    const workspaces = manifest(".").workspaces ?? [];
    const files = execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.tsx", "*.mjs", "*.cjs", "*.js"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    const missing: string[] = [];
    for (const file of files) {
      const owner = workspaces.find((w) => file.startsWith(`${w}/`)) ?? ".";
      const names = declared(manifest(owner));
      for (const [, specifier] of readFileSync(join(ROOT, file), "utf8").matchAll(IMPORT)) {
        const name = packageOf(specifier!);
        // Type-only packages are declared as @types/<name> (e.g. "aws-lambda").
        if (name && !names.has(name) && !names.has(`@types/${name.replace("@", "").replace("/", "__")}`)) {
          missing.push(`${file}: ${name} (declare it in ${owner}/package.json)`);
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
