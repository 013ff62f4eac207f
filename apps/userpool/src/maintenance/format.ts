/**
 * The export file: JSON lines. Line 1 is the header, then one line per row (`{"t": table, "r": row}`)
 * in the order of EXPORTED_TABLES, then a trailer with the row count of every table, so a truncated
 * file is refused rather than half imported. Values are the columns as stored: sealed columns stay
 * sealed, hashes stay hashes; nothing is decrypted on the way out.
 */
export const EXPORT_FORMAT = "authhub-userpool-export";
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  /** The last migration of the source: the target must be at the same one. */
  schema: string;
  exportedAt: string;
  engine: "sqlite" | "postgres";
  /** The source's data-key check (sealed): the target proves it holds the same key before writing anything. */
  dataKeyCheck: string;
  pools: string[];
}

export interface ExportRowLine {
  t: string;
  r: Record<string, string | number | null>;
}

export interface ExportTrailer {
  end: true;
  rows: Record<string, number>;
}

/** A refusal of the export or import tools, with a message for the operator (never a stack trace). */
export class MaintenanceError extends Error {
  override name = "MaintenanceError";
}
