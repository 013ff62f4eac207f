/**
 * Builds the Lambda bundle: dist/index.mjs (ESM, node24, exports `handler`), the asset the infra
 * packages with handler `index.handler` and the local stack loads in-process.
 *
 *   npm run build -w packages/triggers
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build as esbuild, type Metafile } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Left out of the bundle, resolved at run time:
 * - better-sqlite3: native addon, only on the local SQLite path; the local stack resolves it from the
 *   repo's node_modules. It is never imported in Lambda (DB_ENV=production uses PostgreSQL).
 * - @aws-sdk/*: provided by the nodejs24.x runtime (client-secrets-manager, for DB_SECRET_ARN).
 * - pg-native: pg's optional libpq binding, loaded only if NODE_PG_FORCE_NATIVE is set.
 */
export const EXTERNALS = ["better-sqlite3", "@aws-sdk/*", "pg-native"] as const;

export interface BuildResult {
  outfile: string;
  metafile: Metafile;
}

export async function build(outdir = join(here, "dist")): Promise<BuildResult> {
  const result = await esbuild({
    entryPoints: { index: join(here, "src/index.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node24",
    external: [...EXTERNALS],
    // pg is CommonJS and require()s Node built-ins; an ESM bundle has no `require` of its own.
    banner: {
      js:
        "import { createRequire as __authhubCreateRequire } from 'node:module';\n" +
        "const require = __authhubCreateRequire(import.meta.url);",
    },
    // Smaller bundle, faster cold start; the linked source map restores stack traces
    // (NODE_OPTIONS=--enable-source-maps).
    minify: true,
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  await mkdir(outdir, { recursive: true });
  // Write-then-rename, so a process loading the bundle while we rebuild never reads half a file.
  const files = [
    ...result.outputFiles.map((f) => ({ path: f.path, contents: f.contents as Uint8Array | string })),
    { path: join(outdir, "package.json"), contents: `${JSON.stringify({ type: "module" })}\n` },
  ];
  for (const file of files) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    await writeFile(tmp, file.contents);
    await rename(tmp, file.path);
  }
  return { outfile: join(outdir, "index.mjs"), metafile: result.metafile };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { outfile, metafile } = await build();
  const bytes = Object.values(metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`built ${outfile} (${(bytes / 1024).toFixed(0)} KiB)`);
}
