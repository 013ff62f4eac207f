#!/usr/bin/env node
// Fails when a tracked source line is longer than biome.jsonc's line width (120 characters). Biome wraps
// code but leaves long strings, comments and regexes alone, so those are checked here. JSON is data and
// is exempt: a JSON string cannot be split across lines.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const WIDTH = 120;
const files = execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.tsx", "*.js", "*.mjs", "*.cjs", "*.css"], {
  encoding: "utf8",
})
  .split("\0")
  .filter(Boolean);
const over = [];
for (const file of files) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const length = [...line].length;
      if (length > WIDTH) over.push(`${file}:${i + 1}: ${length} characters`);
    });
}
if (over.length) {
  process.stderr.write(`${over.length} lines are longer than ${WIDTH} characters:\n${over.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`line width: ${files.length} files, no line over ${WIDTH} characters\n`);
