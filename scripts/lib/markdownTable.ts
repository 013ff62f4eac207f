/**
 * Reads the tables of the docs, so tests can hold them to the code they describe (the env tables to
 * each app's config schema).
 */

/** The body rows of the first table under the heading titled `title` (any level), as cell texts. */
export function tableUnder(markdown: string, title: string): string[][] {
  const lines = markdown.split("\n");
  const at = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, "").trim() === title);
  if (at < 0) throw new Error(`no heading "${title}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^#{1,6} /.test(line)) break;
    if (line.startsWith("|")) rows.push(cells(line));
    else if (rows.length) break;
  }
  if (rows.length < 2) throw new Error(`no table under "${title}"`);
  // The header row and the |---| separator.
  return rows.slice(2);
}

/** Environment variable names written as code in a cell: `NAME`, or `NAME=value`. */
export function variableNames(cell: string): string[] {
  return [...cell.matchAll(/`([A-Z][A-Z0-9_]*)(?:=[^`]*)?`/g)].map((m) => m[1]!);
}

/** Splits a table row on the pipes outside code spans. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let code = false;
  for (const ch of line.trim().slice(1, -1)) {
    if (ch === "`") code = !code;
    if (ch === "|" && !code) {
      out.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}
