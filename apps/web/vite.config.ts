import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
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
    plugins: [react()],
    server: { port: PORT, strictPort: true },
    preview: { port: PORT, strictPort: true },
    build: { sourcemap: true },
  };
});
