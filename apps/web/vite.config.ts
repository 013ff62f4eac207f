import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { stopWithNpmPlugin } from "../../scripts/lib/npmParent.ts";
import { resolveBuildEnv } from "./src/config/buildEnv.ts";

// Port 3000 is the redirect URL registered on the dev client (docs/conventions.md), so it must not drift.
const PORT = 3000;

export default defineConfig(({ command, mode }) => {
  if (command === "build") {
    const build = resolveBuildEnv(mode, import.meta.dirname);
    // Vite reads VITE_* from process.env after this config runs, and those win over its .env files.
    if (build.fromDevelopmentDefaults) Object.assign(process.env, build.env);
    console.log(build.summary);
  }
  return {
    // `kill <npm's pid>` reaches Vite as its parent shell exiting (scripts/lib/npmParent.ts).
    plugins: [react(), stopWithNpmPlugin()],
    server: { port: PORT, strictPort: true },
    preview: { port: PORT, strictPort: true },
    build: { sourcemap: true },
  };
});
