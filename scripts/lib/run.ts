/** Runs a short-lived command (a build) and fails with its output when it fails. */
import { spawn } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Resolves with the combined output; rejects with it (and the command line) on a non-zero exit. */
export function runCommand(command: string, args: string[], opts: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(`\`${[command, ...args].join(" ")}\` failed (${signal ?? `exit ${code}`}):\n${output.trim()}`),
        );
    });
  });
}
