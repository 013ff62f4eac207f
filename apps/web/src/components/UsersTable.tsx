/**
 * Get users: calls the API's GET /users with the signed-in user's token and shows the rows, readable at 1280 px:
 * times as "3 hours ago" over the local date and time (the ISO value in `<time datetime>` and its title), long IDs
 * cut to their first characters with a button that copies the whole value, e-mail addresses free to wrap.
 */
import { useState } from "react";
import { useServices } from "../app/services";
import { useAction } from "@authhub/ui";
import { ErrorMessage } from "./ui";

type Row = Record<string, unknown>;

// The API answers with an array of rows (the tutorial's shape); `{ users: [...] }` is accepted too.
function toRows(body: unknown): Row[] {
  const list = Array.isArray(body) ? body : (body as { users?: unknown } | null)?.users;
  if (!Array.isArray(list))
    throw Object.assign(new Error("The API answered /users with an unexpected shape."), { name: "BadUsersResponse" });
  return list.filter((row): row is Row => !!row && typeof row === "object");
}

const PREFERRED = ["id", "email", "sub", "created_at", "updated_at"];

function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const rest = [...seen].filter((key) => !PREFERRED.includes(key)).sort();
  return [...PREFERRED.filter((key) => seen.has(key)), ...rest];
}

// An ISO 8601 timestamp as the API sends created_at / updated_at.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
/** IDs longer than this are cut, with a copy button: a 36-character Cognito sub would widen the table by half. */
const ID_SHOWN = 8;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 hours ago", "yesterday", "now": the largest unit that fits, in English like the rest of the app. */
export function relativeTime(then: Date, now: Date): string {
  const seconds = (then.getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      // Half away from zero in both directions (Math.round takes -1.5 to -1).
      const amount = Math.round(Math.abs(seconds) / size);
      return format.format(seconds < 0 ? -amount : amount, unit);
    }
  }
  return format.format(0, "second");
}

function isIdColumn(column: string): boolean {
  return column === "sub" || /(^|_)id$/.test(column);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** `now` is injected so the relative times can be tested; the page reads the clock when the rows arrive. */
export function UsersTable({ now = () => new Date() }: { now?: () => Date }) {
  const { api } = useServices();
  const load = useAction(async () => toRows(await api.get("/users")));

  return (
    <div>
      <button type="button" disabled={load.pending} onClick={() => void load.run()}>
        {load.pending ? "Loading users…" : "Get users"}
      </button>
      {load.state.status === "error" ? <ApiErrorMessage error={load.state.error} /> : null}
      {load.state.status === "success" ? <Rows rows={load.state.result} now={now()} /> : null}
    </div>
  );
}

function ApiErrorMessage({ error }: { error: unknown }) {
  // ApiError messages are already written for users; anything else goes through the shared table.
  if (error instanceof Error && (error.name === "ApiError" || error.name === "BadUsersResponse")) {
    return (
      <p role="alert" className="message error" data-error-name={error.name}>
        {error.message}
      </p>
    );
  }
  return <ErrorMessage error={error} />;
}

function Rows({ rows, now }: { rows: Row[]; now: Date }) {
  if (rows.length === 0) return <p role="status">The API returned no users.</p>;
  const columns = columnsOf(rows);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard
    <section className="table-wrap" aria-label="Users table" tabIndex={0}>
      <table>
        <caption>
          Users from the API ({rows.length} {rows.length === 1 ? "row" : "rows"})
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: each load replaces all rows; never reordered
            <tr key={index}>
              {columns.map((column) => (
                <td key={column} className={column === "email" ? "wrap" : undefined}>
                  <Cell column={column} value={row[column]} now={now} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Cell({ column, value, now }: { column: string; value: unknown; now: Date }) {
  const text = show(value);
  if (typeof value === "string" && ISO_TIME.test(value)) {
    const then = new Date(value.replace(" ", "T"));
    if (!Number.isNaN(then.getTime())) {
      const local = then.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      return (
        <time dateTime={then.toISOString()} title={then.toISOString()} className="stacked">
          {relativeTime(then, now)}
          <span className="aside">{local}</span>
        </time>
      );
    }
  }
  if (isIdColumn(column) && text.length > ID_SHOWN) return <LongId column={column} value={text} />;
  return <>{text}</>;
}

function LongId({ column, value }: { column: string; value: string }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard (an insecure origin, or permission refused): the full value is still in the title.
      setCopied("failed");
    }
  };
  return (
    <span className="long-id">
      <code title={value}>{value.slice(0, ID_SHOWN)}…</code>
      <button type="button" className="secondary copy" onClick={() => void copy()}>
        {copied === "yes" ? "Copied" : "Copy"}
        <span className="visually-hidden">{` ${column} ${value}`}</span>
      </button>
      <span role="status" className="visually-hidden">
        {copied === "yes"
          ? `${column} copied`
          : copied === "failed"
            ? `Could not copy; the ${column} is in the title.`
            : ""}
      </span>
    </span>
  );
}
