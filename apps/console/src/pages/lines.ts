/** Maps and lists edited as text, one entry a line: `key = value`, `scope: description`. */

/** `key = value` lines to a map; the error names the first line that is not of that form. */
export function parsePairs(text: string, separator = "="): { map: Record<string, string> } | { error: string } {
  const map: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const at = line.indexOf(separator);
    const key = at > 0 ? line.slice(0, at).trim() : "";
    if (!key) return { error: `Line ${i + 1} is not "name ${separator} value"` };
    map[key] = line.slice(at + separator.length).trim();
  }
  return { map };
}

export function formatPairs(map: Record<string, string> | undefined, separator = "="): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k} ${separator} ${v}`)
    .join("\n");
}
