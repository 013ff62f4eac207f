// Diffs two V8 heap snapshots (bench/soak.ts --heap-snapshots): self size and count per node type and constructor,
// the largest growths first. A snapshot holds only what survived the collection V8 runs before writing it.
//   npx tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}
type Totals = Map<string, { count: number; size: number }>;

function totals(path: string): { byKind: Totals; bytes: number } {
  const s = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [type, name, size] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const byKind: Totals = new Map();
  let bytes = 0;
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const t = types[s.nodes[i + type]!]!;
    // Objects, closures and native nodes are named by their constructor; strings and the rest by their type.
    const label = ["object", "closure", "native"].includes(t) ? s.strings[s.nodes[i + name]!]!.slice(0, 60) : t;
    const key = `${t}:${label}`;
    const e = byKind.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += s.nodes[i + size]!;
    bytes += s.nodes[i + size]!;
    byKind.set(key, e);
  }
  return { byKind, bytes };
}

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) throw new Error("usage: heapDiff.ts <before.heapsnapshot> <after.heapsnapshot>");
const before = totals(beforePath);
const after = totals(afterPath);
const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(`retained (self sizes summed): ${mb(before.bytes)} MB -> ${mb(after.bytes)} MB`);
const rows = [...new Set([...before.byKind.keys(), ...after.byKind.keys()])].map((key) => {
  const a = before.byKind.get(key) ?? { count: 0, size: 0 };
  const b = after.byKind.get(key) ?? { count: 0, size: 0 };
  return { key, bytes: b.size - a.size, count: b.count - a.count, from: a.count, to: b.count };
});
console.log("largest growth in bytes:");
for (const r of rows.sort((x, y) => y.bytes - x.bytes).slice(0, 15))
  console.log(`  ${r.bytes} B\t${r.from} -> ${r.to}\t${r.key}`);
console.log("largest growth in count:");
for (const r of rows.sort((x, y) => y.count - x.count).slice(0, 10))
  console.log(`  +${r.count}\t${r.from} -> ${r.to}\t${r.key}`);
