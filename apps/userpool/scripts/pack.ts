/**
 * The userpool as a package of its own (docs/userpool/package.md): bundles src/index.ts (the
 * startUserpool API) and src/cli.ts (the `authhub-userpool` command) into dist/, stages them with a
 * generated package.json, the development config and the README, and runs `npm pack` there.
 * The workspace's own package.json (exports → src/index.ts for the repo's tests) stays as it is.
 *
 *   npm run pack -w apps/userpool [-- <destination directory>]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { SERVER_TARGET } from "../../../scripts/lib/serverBundle.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const stage = join(root, ".pack");
const dest = resolve(process.argv[2] ?? root);
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  description: string;
  dependencies: Record<string, string>;
};

/** Left to node_modules: native or lazily loaded (as in scripts/build.ts); installed as dependencies. */
const EXTERNAL = ["better-sqlite3", "pg", "pg-native", "@aws-sdk/client-lambda", "nodemailer", "openid-client"];

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: { index: "src/index.ts", cli: "src/cli.ts" },
  outdir: join(stage, "dist"),
  bundle: true,
  // Shared code in chunks: main.ts's "am I the entry point?" check must not see cli.js as itself.
  splitting: true,
  platform: "node",
  format: "esm",
  target: SERVER_TARGET,
  external: EXTERNAL,
  banner: {
    js:
      "import { createRequire as __authhubCreateRequire } from 'node:module'; " +
      "const require = __authhubCreateRequire(import.meta.url);",
  },
  legalComments: "linked",
  logLevel: "warning",
});
const dependencies = Object.fromEntries(
  EXTERNAL.filter((d) => manifest.dependencies[d]).map((d) => [d, manifest.dependencies[d]!]),
);
writeFileSync(
  join(stage, "package.json"),
  `${JSON.stringify(
    {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
      type: "module",
      license: "UNLICENSED",
      engines: { node: ">=22" },
      bin: { "authhub-userpool": "dist/cli.js" },
      exports: { ".": "./dist/index.js" },
      files: ["dist", "userpool.config.json", "README.md"],
      dependencies,
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(root, "userpool.config.json"), join(stage, "userpool.config.json"));
copyFileSync(join(root, "../../docs/userpool/package.md"), join(stage, "README.md"));
const out = execFileSync("npm", ["pack", "--pack-destination", dest, "--json"], { cwd: stage, encoding: "utf8" });
const [{ filename }] = JSON.parse(out) as [{ filename: string }];
rmSync(stage, { recursive: true, force: true });
console.log(join(dest, filename));
