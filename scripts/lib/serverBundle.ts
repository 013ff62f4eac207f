/**
 * The production build of a Node server workspace (apps/userpool, apps/api): one ESM file from its
 * composition root, with a linked source map, so production runs `node dist/main…` and never tsx.
 * Each workspace's scripts/build.ts says what to leave external and where to write.
 */
import { build } from "esbuild";

export interface ServerBundleOptions {
  /** The workspace directory; entry and outfile are relative to it. */
  root: string;
  entry: string;
  outfile: string;
  /** Packages resolved from node_modules at run time instead of inlined (native addons, lazily loaded modules). */
  external: readonly string[];
}

/** Oldest Node the project supports (package.json `engines`): the bundle's syntax must run there. */
export const SERVER_TARGET = "node22";

/** Bundles the server; returns the bytes written (bundle and source map). */
export async function bundleServer(o: ServerBundleOptions): Promise<number> {
  const result = await build({
    absWorkingDir: o.root,
    entryPoints: [o.entry],
    outfile: o.outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: SERVER_TARGET,
    sourcemap: true,
    external: [...o.external],
    // CommonJS dependencies (express, pino, pg) call require(); ESM output needs one to exist.
    banner: {
      js:
        "import { createRequire as __authhubCreateRequire } from 'node:module'; " +
        "const require = __authhubCreateRequire(import.meta.url);",
    },
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  return Object.values(result.metafile.outputs).reduce((n, out) => n + out.bytes, 0);
}
