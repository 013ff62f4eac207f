import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const apiRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface Spawned {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the port once the server logs "api listening". */
  listening: Promise<number>;
  exited: Promise<number | null>;
}

/** Runs `node <args>` with a clean, explicit environment (plus PATH), collecting output. */
export function run(args: string[], env: Record<string, string>, cwd = apiRoot): Spawned {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let onPort: (port: number) => void;
  let onFail: (err: Error) => void;
  const listening = new Promise<number>((resolve, reject) => {
    onPort = resolve;
    onFail = reject;
  });
  listening.catch(() => undefined);
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      stdout.push(line);
      try {
        const parsed = JSON.parse(line) as { msg?: string; port?: number };
        if (parsed.msg === "api listening" && parsed.port) onPort(parsed.port);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  exited.then(() => onFail(new Error(`exited before listening:\n${stderr.join("")}\n${stdout.join("\n")}`)));
  return { child, stdout, stderr, listening, exited };
}

/** `node --import tsx src/main.ts …`, as `npm start` / `npm run migrate` do. */
export const runMain = (args: string[], env: Record<string, string>) =>
  run(["--import", "tsx", "src/main.ts", ...args], env);
