/**
 * Stopping with npm. `npm start` / `npm run dev` run their command through `sh -c`; `kill <npm's pid>` (systemd, a
 * container, an editor's stop button, a test) makes npm relay the signal to that shell, which exits without passing
 * it on (dash does not exec the command), and the server would keep its ports as an orphan. Under npm, the parent
 * going away is that stop (ADR 0060). Shared by scripts/start.ts, the userpool's and the API's main.ts and the Vite
 * configs, so every documented start stops the same way.
 */

/** Raises SIGTERM on this process, so its own shutdown (drain, close, exit) runs as if npm's signal had arrived. */
export function raiseSigterm(): void {
  process.kill(process.pid, "SIGTERM");
}

/**
 * Under npm (`npm_lifecycle_event` set), calls `onExit` once when this process's parent goes away. Polled: nothing
 * tells a process its parent exited. The timer does not keep the process alive. Returns a function that stops watching.
 */
export function stopWhenNpmExits(onExit: () => void = raiseSigterm, env: NodeJS.ProcessEnv = process.env): () => void {
  if (!env.npm_lifecycle_event) return () => {};
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    onExit();
  }, 250);
  watch.unref();
  return () => clearInterval(watch);
}

/** The same for a Vite dev or preview server (Vite stops itself on SIGTERM), as a plugin; a build does not watch. */
export function stopWithNpmPlugin(): { name: string; configureServer(): void; configurePreviewServer(): void } {
  return {
    name: "authhub:stop-with-npm",
    configureServer: () => void stopWhenNpmExits(),
    configurePreviewServer: () => void stopWhenNpmExits(),
  };
}
