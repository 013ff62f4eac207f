/**
 * Every change made through the console: who, what, when, on what, and how it ended. Filtered by exact actor and
 * operation on the server, paged by `before` within the filter (ADR 0056); "Previous" replays the cursor that led to
 * the previous page, kept in a stack, as on the users page.
 */
import { useId, useState, type FormEvent } from "react";
import { Field, formText } from "@authhub/ui";
import { Pager } from "../components/lists";
import { Loaded, PageTitle, Section, Time, useLoad } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

export const AUDIT_PAGE_SIZE = 50;
/** The server's limits (console/audit.ts): the widths of the audit table's columns. */
const WHO_MAX = 512;
const OPERATION_MAX = 128;
/** Written by the console itself; the other operations are suggested from the entries on screen. */
const CONSOLE_OPERATIONS = ["SignIn", "SignOut"];

interface AuditFilter {
  who?: string;
  operation?: string;
}

export function AuditPage() {
  const api = useApi();
  const [search, setSearch] = useState<{ filter: AuditFilter; cursors: (string | undefined)[] }>({
    filter: {},
    cursors: [undefined],
  });
  const before = search.cursors[search.cursors.length - 1];
  const { state } = useLoad(
    () => api.audit({ limit: AUDIT_PAGE_SIZE, ...search.filter, ...(before ? { before } : {}) }),
    [api, search],
  );
  const filtered = Boolean(search.filter.who || search.filter.operation);
  const seen = state.status === "ready" ? state.data.entries.map((e) => e.operation) : [];
  return (
    <>
      <PageTitle
        lead={
          "Changes made through the console, newest first. Reads are not recorded. Entries older than the " +
          "server's retention (USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS, a year by default) are deleted."
        }
      >
        Audit log
      </PageTitle>
      <Section title="Filter entries">
        <AuditFilterForm
          operations={[...new Set([...CONSOLE_OPERATIONS, ...seen])].sort()}
          filtered={filtered}
          onFilter={(filter) => setSearch({ filter, cursors: [undefined] })}
        />
      </Section>
      <Loaded load={state}>
        {(page) => (
          <>
            {page.entries.length === 0 ? (
              <p role="status">{filtered ? "No entries match." : "No changes recorded yet."}</p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
              <section className="table-wrap" tabIndex={0} aria-label="Audit log, scrolls sideways">
                <table>
                  <caption>
                    {filtered ? "Matching audit entries" : "Audit entries"}, page {search.cursors.length}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">Operation</th>
                      <th scope="col">Pool</th>
                      <th scope="col">Target</th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.entries.map((e) => (
                      <tr key={e.id}>
                        <td>
                          <Time value={e.at} />
                        </td>
                        <td>{e.who}</td>
                        <td>{e.operation}</td>
                        <td className="mono">{e.userPoolId ?? "—"}</td>
                        <td className="wrap">{e.target ?? "—"}</td>
                        <td>
                          {e.outcome === "ok" ? (
                            <span className="badge ok">ok</span>
                          ) : (
                            <span className="badge bad">{e.outcome}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            <Pager
              previous={
                search.cursors.length > 1
                  ? () => setSearch((s) => ({ ...s, cursors: s.cursors.slice(0, -1) }))
                  : undefined
              }
              next={page.next ? () => setSearch((s) => ({ ...s, cursors: [...s.cursors, page.next] })) : undefined}
            />
          </>
        )}
      </Loaded>
    </>
  );
}

/** Who and operation, each matched exactly; empty fields filter nothing. Too long a value is the field's error. */
function AuditFilterForm({
  operations,
  filtered,
  onFilter,
}: {
  operations: string[];
  filtered: boolean;
  onFilter: (filter: AuditFilter) => void;
}) {
  const id = useId();
  const [errors, setErrors] = useState<{ who?: string; operation?: string }>({});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const who = formText(event.currentTarget, "who");
    const operation = formText(event.currentTarget, "operation");
    const next: typeof errors = {};
    if (who.length > WHO_MAX) next.who = `Enter at most ${WHO_MAX} characters`;
    if (operation.length > OPERATION_MAX) next.operation = `Enter at most ${OPERATION_MAX} characters`;
    setErrors(next);
    const invalid = next.who ? "who" : next.operation ? "operation" : undefined;
    if (invalid) {
      // The keyboard lands on the field to correct; its error is read as its description.
      (event.currentTarget.elements.namedItem(invalid) as HTMLInputElement | null)?.focus();
      return;
    }
    onFilter({ ...(who ? { who } : {}), ...(operation ? { operation } : {}) });
  };
  const clear = (form: HTMLFormElement | null) => {
    form?.reset();
    setErrors({});
    onFilter({});
    // The button goes away with the filter: focus moves to the first field rather than to the page's start.
    (form?.elements.namedItem("who") as HTMLInputElement | null)?.focus();
  };
  return (
    <search aria-label="Filter the audit log">
      <form onSubmit={submit} className="filter-builder" noValidate>
        <div className="filter-row">
          <Field label="Who" name="who" hint="Exactly as in the Who column" error={errors.who} />
          <Field
            label="Operation"
            name="operation"
            hint="Exactly as in the Operation column, such as AdminDeleteUser"
            error={errors.operation}
            list={`${id}-operations`}
          />
          <datalist id={`${id}-operations`}>
            {operations.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </div>
        <div className="actions wrap">
          <button type="submit">Filter</button>
          {filtered ? (
            <button type="button" className="secondary" onClick={(e) => clear(e.currentTarget.form)}>
              Show all entries
            </button>
          ) : null}
        </div>
      </form>
    </search>
  );
}
