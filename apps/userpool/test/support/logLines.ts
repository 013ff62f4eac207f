/** A debug-level logger whose lines the test reads back, each as the logger wrote it (JSON text), into `lines`. */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log.js";

export function logLines(lines: string[] = []): { lines: string[]; log: Logger } {
  const log = createLogger({
    level: "debug",
    destination: new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    }),
  });
  return { lines, log };
}
