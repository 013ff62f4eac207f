import { type SqlBool, sql } from "kysely";
import { createDataCrypto, type DataCrypto } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import type { Store } from "../store/index.js";
import { MaintenanceError } from "./format.js";
import { type AnyDb, pagesOf } from "./rows.js";
import { SEALED_COLUMNS, SEALED_META_KEYS, type SealedColumn } from "./tables.js";

export interface RotationCount {
  table: string;
  column: string;
  /** Sealed under a previous key and re-sealed under the new one (check mode: would be). */
  rotated: number;
  /** Already under the new key. */
  current: number;
  /** Under none of the keys given: listed by primary key, never re-sealed. */
  unreadable: string[];
}

export interface RotateOptions {
  newKey: Buffer;
  /** Keys the values may still be sealed under (the one in use before the rotation). */
  previousKeys: readonly Buffer[];
  random: Random;
  /** Rows read and rewritten per transaction. */
  batchSize?: number;
  /** Count only; write nothing. */
  check?: boolean;
  onBatch?: (c: RotationCount) => void;
}

/**
 * Re-seals every value sealed with the data key (SEALED_COLUMNS) under `newKey`. Idempotent and
 * resumable: a value that opens under the new key alone is left as it is, so a run stopped halfway
 * is simply started again. Servers keep running meanwhile with the new key and the old ones as
 * USERPOOL_DATA_KEY_PREVIOUS; a row they rewrite during a batch is left to them (the UPDATE
 * matches the old ciphertext only).
 */
export async function rotateDataKey(store: Store, o: RotateOptions): Promise<RotationCount[]> {
  if (o.previousKeys.some((k) => k.equals(o.newKey)))
    throw new MaintenanceError(
      "the new data key is also listed as a previous key: give the key in use before as previous",
    );
  const only = createDataCrypto(o.newKey, o.random);
  const ring = createDataCrypto(o.newKey, o.random, o.previousKeys);
  const out: RotationCount[] = [];
  for (const col of SEALED_COLUMNS) out.push(await rotateColumn(store.db as unknown as AnyDb, col, only, ring, o));
  return out;
}

async function rotateColumn(
  db: AnyDb,
  col: SealedColumn,
  only: DataCrypto,
  ring: DataCrypto,
  o: RotateOptions,
): Promise<RotationCount> {
  const count: RotationCount = { table: col.table, column: col.column, rotated: 0, current: 0, unreadable: [] };
  const where =
    col.table === "userpool_meta"
      ? sql<SqlBool>`${sql.ref(col.column)} is not null and ${sql.ref("key")} in (${sql.join([...SEALED_META_KEYS])})`
      : sql<SqlBool>`${sql.ref(col.column)} is not null`;
  for await (const page of pagesOf(db, col.table, col.key, o.batchSize ?? 500, where)) {
    const updates: { row: (typeof page)[number]; value: string }[] = [];
    for (const row of page) {
      const value = String(row[col.column]);
      const aad = col.aad(row);
      if (opens(only, value, aad)) {
        count.current++;
        continue;
      }
      let plain: Buffer;
      try {
        plain = ring.decrypt(value, aad);
      } catch {
        count.unreadable.push(col.key.map((k) => String(row[k])).join("|"));
        continue;
      }
      updates.push({ row, value: only.encrypt(plain, aad) });
    }
    if (!o.check && updates.length)
      await db.transaction().execute(async (trx) => {
        for (const u of updates) {
          let q = trx
            .updateTable(col.table)
            .set({ [col.column]: u.value })
            .where(col.column, "=", u.row[col.column]);
          for (const k of col.key) q = q.where(k, "=", u.row[k]);
          await q.execute();
        }
      });
    count.rotated += updates.length;
    o.onBatch?.(count);
  }
  return count;
}

function opens(crypto: DataCrypto, value: string, aad: string): boolean {
  try {
    crypto.decrypt(value, aad);
    return true;
  } catch {
    return false;
  }
}
