/**
 * `npm run dev` for a server: `tsx watch <entry>` that stops with npm (ADR 0060). tsx watch's own process sits
 * between npm's shell and the server, so when `kill <npm's pid>` ends the shell, the server's check of its parent
 * (lib/npmParent.ts) sees the watcher, still there, and both would keep running with the ports. This process is the
 * shell's child instead: when the shell goes, it stops the watcher, which stops the server.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { stopWhenNpmExits } from "./lib/npmParent.js";

const cli = createRequire(import.meta.url).resolve("tsx/cli");
const watcher = spawn(process.execPath, [cli, "watch", ...process.argv.slice(2)], { stdio: "inherit" });
const stop = (): void => {
  if (watcher.exitCode === null && watcher.signalCode === null) watcher.kill("SIGTERM");
};
stopWhenNpmExits(stop);
process.on("SIGTERM", stop);
// Ctrl-C signals the whole process group: the watcher stops the server itself, and this process waits for it.
process.on("SIGINT", () => {});
watcher.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
