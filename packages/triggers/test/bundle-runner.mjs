// Plain Node (no tsx, no vitest): loads the built Lambda bundle and invokes its `handler` with the
// given event files, all at once as a cold container would receive them. Prints one JSON line.
//   node test/bundle-runner.mjs dist/index.mjs fixtures/a.json fixtures/b.json
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, ...eventFiles] = process.argv.slice(2);
const mod = await import(pathToFileURL(bundle).href);
// Marks the end of the module's init: what it logged before this line happened before any event.
process.stdout.write("IMPORTED\n");
if (typeof mod.handler !== "function") throw new Error(`${bundle} does not export a handler function`);
const results = await Promise.all(
  eventFiles.map(async (file) => {
    const event = JSON.parse(readFileSync(file, "utf8"));
    try {
      return { ok: true, event: await mod.handler(event) };
    } catch (err) {
      return { ok: false, name: err.name, code: err.code, message: err.message };
    }
  }),
);
// Lambda never closes; here it lets the process exit without waiting for idle connections to time out.
await mod.handler.close();
process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
