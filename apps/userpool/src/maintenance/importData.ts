import type { DataCrypto } from "../crypto/envelope.js";
import type { Store } from "../store/index.js";
import { schemaVersion } from "./exportData.js";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader, MaintenanceError } from "./format.js";
import type { AnyDb, Row } from "./rows.js";
import { EXPORTED_TABLES } from "./tables.js";

/** Rows per INSERT: far below SQLite's bound-parameter limit at the widest table (15 columns). */
const BATCH = 100;
const COLUMN = /^[a-z][a-z0-9_]{0,62}$/;

export interface ImportResult {
  pools: string[];
  rows: Record<string, number>;
}

/**
 * Writes an export into this database, all or nothing (one transaction). Refused before anything
 * is written: another format or schema version, a file sealed under another data key than `crypto`'s,
 * or a pool that already exists here (import never merges; docs/userpool/backup-and-keys.md).
 * Refused and rolled back: a file that ends before its trailer, or rows that break a constraint.
 */
export async function importLines(
  store: Store,
  crypto: DataCrypto,
  lines: AsyncIterable<string>,
): Promise<ImportResult> {
  const db = store.db as unknown as AnyDb;
  const it = lines[Symbol.asyncIterator]();
  const first = await nextLine(it);
  if (first === undefined) throw new MaintenanceError("the export file is empty");
  const header = parseHeader(first);
  checkKey(crypto, header.dataKeyCheck, "the export file");
  const own = await store.meta.get("data-key-check");
  if (own) checkKey(crypto, own, "this database");
  const existing = header.pools.length
    ? (await db.selectFrom("user_pools").select("id").where("id", "in", header.pools).execute()).map((r) =>
        String(r.id),
      )
    : [];
  if (existing.length)
    throw new MaintenanceError(
      `these pools already exist in the target database: ${existing.join(", ")}; import never merges ` +
        "(delete them with DeleteUserPool, or import into another database)",
    );

  const known = new Map(EXPORTED_TABLES.map((t, i) => [t.name, i]));
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    // A database never started yet takes the source's check, so the server accepts the key later.
    if (!own)
      await trx
        .insertInto("userpool_meta")
        .values({ key: "data-key-check", value: header.dataKeyCheck })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    let table: string | undefined;
    let order = -1;
    let batch: Row[] = [];
    const flush = async () => {
      if (!table || !batch.length) return;
      const q = trx.insertInto(table).values(batch);
      // Global rows (provisioned quotas) the target already has keep the target's value.
      await (table === "provisioned_limits" ? q.onConflict((oc) => oc.doNothing()) : q)
        .execute()
        .catch((e: unknown) => {
          throw new MaintenanceError(`import into ${table} failed: ${(e as Error).message}`);
        });
      batch = [];
    };
    let lineNo = 1;
    for (let line = await nextLine(it); line !== undefined; line = await nextLine(it)) {
      lineNo++;
      if (!line.trim()) continue;
      const parsed = parseJson(line, lineNo) as { t?: unknown; r?: unknown; end?: unknown; rows?: unknown };
      if (parsed.end === true) {
        await flush();
        checkTrailer(parsed.rows, counts);
        if ((await nextLine(it))?.trim()) throw new MaintenanceError(`line ${lineNo + 1}: text after the trailer`);
        return;
      }
      const t = parsed.t;
      const i = typeof t === "string" ? known.get(t) : undefined;
      if (i === undefined) throw new MaintenanceError(`line ${lineNo}: unknown table ${JSON.stringify(t)}`);
      if (i < order) throw new MaintenanceError(`line ${lineNo}: table ${t} out of order`);
      const name = t as string;
      if (name !== table) {
        await flush();
        table = name;
        order = i;
      }
      batch.push(checkRow(parsed.r, lineNo));
      counts[name] = (counts[name] ?? 0) + 1;
      if (batch.length >= BATCH) await flush();
    }
    throw new MaintenanceError("the export file ends before its trailer (truncated); nothing was imported");
  });
  return { pools: header.pools, rows: counts };
}

async function nextLine(it: AsyncIterator<string>): Promise<string | undefined> {
  const r = await it.next();
  return r.done ? undefined : r.value;
}

function parseJson(line: string, lineNo: number): unknown {
  try {
    const v = JSON.parse(line) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
    // Reported below, with the line number.
  }
  throw new MaintenanceError(`line ${lineNo}: not a JSON object`);
}

function parseHeader(line: string): ExportHeader {
  const h = parseJson(line, 1) as Partial<ExportHeader>;
  if (h.format !== EXPORT_FORMAT)
    throw new MaintenanceError(`not a userpool export (format ${JSON.stringify(h.format)})`);
  if (h.version !== EXPORT_VERSION)
    throw new MaintenanceError(
      `export format version ${h.version} is not supported (this version reads ${EXPORT_VERSION})`,
    );
  if (h.schema !== schemaVersion())
    throw new MaintenanceError(
      `the export is of schema ${h.schema}, this userpool is at ${schemaVersion()}: ` +
        "export and import with the same userpool version",
    );
  if (typeof h.dataKeyCheck !== "string" || !Array.isArray(h.pools) || !h.pools.every((p) => typeof p === "string"))
    throw new MaintenanceError("the export header lacks its data-key check or pool list");
  return h as ExportHeader;
}

function checkKey(crypto: DataCrypto, check: string, what: string): void {
  try {
    crypto.decrypt(check, "data-key-check");
  } catch {
    throw new MaintenanceError(
      `${what} is sealed under another data key: give import the source's key ` +
        "(USERPOOL_DATA_KEY / USERPOOL_DATA_KEY_FILE), or rotate one side's key first",
    );
  }
}

function checkRow(r: unknown, lineNo: number): Row {
  if (!r || typeof r !== "object" || Array.isArray(r))
    throw new MaintenanceError(`line ${lineNo}: row is not an object`);
  for (const [k, v] of Object.entries(r)) {
    // Column names become SQL identifiers: only the schema's own shape is accepted.
    if (!COLUMN.test(k)) throw new MaintenanceError(`line ${lineNo}: bad column name ${JSON.stringify(k)}`);
    if (v !== null && typeof v !== "string" && typeof v !== "number")
      throw new MaintenanceError(`line ${lineNo}: column ${k} holds a ${typeof v}, not text, a number or null`);
  }
  return r as Row;
}

function checkTrailer(rows: unknown, counts: Record<string, number>): void {
  if (!rows || typeof rows !== "object") throw new MaintenanceError("the trailer lacks its row counts");
  for (const [t, n] of Object.entries(rows as Record<string, unknown>))
    if ((counts[t] ?? 0) !== n)
      throw new MaintenanceError(`the trailer counts ${String(n)} rows of ${t}, the file holds ${counts[t] ?? 0}`);
}
