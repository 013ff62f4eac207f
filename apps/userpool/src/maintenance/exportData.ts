import type { Clock } from "../clock.js";
import { migrations } from "../store/migrations/index.js";
import type { Store } from "../store/index.js";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader, MaintenanceError } from "./format.js";
import { type AnyDb, pagesOf } from "./rows.js";
import { EXPORTED_TABLES } from "./tables.js";

const PAGE = 500;

/** The name of the newest migration this code knows: an export and its import must agree on it. */
export function schemaVersion(): string {
  const names = Object.keys(migrations);
  return names[names.length - 1]!;
}

/**
 * The export, line by line (each without its newline): header, rows, trailer. Lines are produced
 * as the consumer pulls them, a page of rows at a time, so a pool of any size streams.
 */
export async function* exportLines(store: Store, clock: Clock): AsyncGenerator<string> {
  const db = store.db as unknown as AnyDb;
  const dataKeyCheck = await store.meta.get("data-key-check");
  if (!dataKeyCheck)
    throw new MaintenanceError(
      "this database has no data-key check: start the userpool on it once before exporting (nothing to export)",
    );
  const pools = (await db.selectFrom("user_pools").select("id").orderBy("id").execute()).map((r) => String(r.id));
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    schema: schemaVersion(),
    exportedAt: clock.now().toISOString(),
    engine: store.engine,
    dataKeyCheck,
    pools,
  };
  yield JSON.stringify(header);
  const counts: Record<string, number> = {};
  for (const table of EXPORTED_TABLES) {
    let n = 0;
    for await (const page of pagesOf(db, table.name, table.key, PAGE)) {
      for (const row of page) {
        // A copy: the pager still needs the key of the page's last row.
        const out = { ...row };
        for (const g of table.generated ?? []) delete out[g];
        yield JSON.stringify({ t: table.name, r: out });
      }
      n += page.length;
    }
    counts[table.name] = n;
  }
  yield JSON.stringify({ end: true, rows: counts });
}
