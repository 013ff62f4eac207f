/** Get users: calls the API's GET /users with the signed-in user's token and shows the rows. */
import { useServices } from "../app/services";
import { ErrorMessage, useAction } from "./ui";

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

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function UsersTable() {
  const { api } = useServices();
  const load = useAction(async () => toRows(await api.get("/users")));

  return (
    <div>
      <button type="button" disabled={load.pending} onClick={() => void load.run()}>
        {load.pending ? "Loading users…" : "Get users"}
      </button>
      {load.state.status === "error" ? <ApiErrorMessage error={load.state.error} /> : null}
      {load.state.status === "success" ? <Rows rows={load.state.result} /> : null}
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

function Rows({ rows }: { rows: Row[] }) {
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
                <td key={column}>{show(row[column])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
