/**
 * The shapes the console's list and detail pages share: token paging, a table that scrolls sideways, a paged
 * list with its empty line, an item card that opens to its editor, and a form whose fields are checked before
 * anything is sent. Each page keeps its own operations, fields and words.
 */
import type { ActionState } from "@authhub/ui";
import { useCallback, useState, type FormEvent, type ReactNode } from "react";
import { ConfirmDelete } from "./ConfirmDelete";
import { type Load, Loaded, Outcome, useLoad } from "./ui";

export interface TokenPages<T> {
  state: Load<T>;
  reload(): void;
  /** 1 for the first page. */
  number: number;
  /** Back to the first page, read again even if it is the one shown (a new search). */
  restart(): void;
  previous: (() => void) | undefined;
  next(page: T): (() => void) | undefined;
}

/**
 * Reads a list page by page: `read` gets the token (NextToken, PaginationToken, a cursor) of the page to read,
 * `nextToken` finds the following page's in an answer. "Previous" replays the token that led to the page before,
 * kept in a stack; there is no total (it would cost a count of every row, and Cognito has none either).
 */
export function useTokenPages<T>(
  read: (token: string | undefined) => Promise<T>,
  nextToken: (page: T) => string | undefined,
  deps: readonly unknown[],
): TokenPages<T> {
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const { state, reload } = useLoad(() => read(tokens[tokens.length - 1]), [...deps, tokens]);
  const restart = useCallback(() => setTokens([undefined]), []);
  const next = (page: T) => {
    const token = nextToken(page);
    return token ? () => setTokens((t) => [...t, token]) : undefined;
  };
  const previous = tokens.length > 1 ? () => setTokens((t) => t.slice(0, -1)) : undefined;
  return { state, reload, number: tokens.length, restart, previous, next };
}

/** Previous / next buttons for token paging. */
export function Pager({ previous, next }: { previous: (() => void) | undefined; next: (() => void) | undefined }) {
  if (!previous && !next) return null;
  return (
    <nav className="actions pager" aria-label="Pages">
      <button type="button" className="secondary" onClick={previous} disabled={!previous}>
        Previous page
      </button>
      <button type="button" className="secondary" onClick={next} disabled={!next}>
        Next page
      </button>
    </nav>
  );
}

/**
 * One page of a paged list: its items (a table, or cards), the empty line when there are none, and the pager.
 * `items` picks the rows out of the answer.
 */
export function PagedList<T, I>({
  pages,
  items,
  empty,
  children,
}: {
  pages: TokenPages<T>;
  items: (page: T) => readonly I[] | undefined;
  empty: ReactNode;
  children: (items: readonly I[], page: T) => ReactNode;
}) {
  return (
    <Loaded load={pages.state}>
      {(page) => {
        const list = items(page) ?? [];
        return (
          <>
            {children(list, page)}
            {list.length === 0 ? empty : null}
            <Pager previous={pages.previous} next={pages.next(page)} />
          </>
        );
      }}
    </Loaded>
  );
}

export interface Column<R> {
  header: string;
  cell(row: R): ReactNode;
  className?: string | ((row: R) => string | undefined);
}

/** A table in a region that scrolls sideways on narrow screens, named by `label`. */
export function DataTable<R>({
  label,
  caption,
  columns,
  rows,
  rowKey,
}: {
  label: string;
  caption: ReactNode;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-wrap" tabIndex={0} aria-label={`${label}, scrolls sideways`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c) => (
                <td key={c.header} className={typeof c.className === "function" ? c.className(row) : c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** An item of a list as a card that opens to its editor; `onToggle` hears it open and close. */
export function ItemCard({
  summary,
  onToggle,
  children,
}: {
  summary: ReactNode;
  onToggle?: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <details className="card item" onToggle={onToggle ? (e) => onToggle(e.currentTarget.open) : undefined}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The delete part of an item card: a heading and the typed-name confirmation. */
export function DeleteItem(props: Parameters<typeof ConfirmDelete>[0]) {
  return (
    <>
      <h3>Delete</h3>
      <ConfirmDelete {...props} />
    </>
  );
}

/** A form read into a value, or into each field's error (then nothing is sent). */
export type FormRead<V, E> = { value: V } | { errors: E };

/**
 * A form whose fields are checked before anything is sent: `read` gives the value or the fields' errors, which
 * the fields show; a value goes to `onValid`. Under the fields, the action's outcome, then the submit button.
 */
export function CheckedForm<V, E extends object, R>({
  read,
  onValid,
  action,
  submitLabel,
  success,
  busy = false,
  children,
}: {
  read: (form: HTMLFormElement) => FormRead<V, E>;
  onValid: (value: V, form: HTMLFormElement) => void;
  action: { state: ActionState<R>; pending: boolean };
  submitLabel: string;
  success: (result: R) => ReactNode;
  /** Marks the form aria-busy while the action runs. */
  busy?: boolean;
  children: (errors: Partial<E>) => ReactNode;
}) {
  const [errors, setErrors] = useState<Partial<E>>({});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = read(event.currentTarget);
    if ("errors" in outcome) return setErrors(outcome.errors);
    setErrors({});
    onValid(outcome.value, event.currentTarget);
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={busy ? action.pending : undefined}>
      {children(errors)}
      <Outcome state={action.state} success={success} />
      <button type="submit" disabled={action.pending}>
        {submitLabel}
      </button>
    </form>
  );
}
