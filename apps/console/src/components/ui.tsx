/**
 * The console's building blocks on top of @authhub/ui (docs/adr/0057): multi-line fields, checkboxes and selects,
 * errors in the console's words, a card section, the page title, and a loader hook for the pages' reads.
 */
import { type ActionState, ErrorAlert, FieldFrame, formRaw, Success, useFieldIds } from "@authhub/ui";
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { describeError, ConsoleError } from "../api/consoleApi";

/** A multi-line field: one value a line (URLs, scopes). */
export function LinesField({
  label,
  name,
  defaultValue = [],
  hint,
  error,
}: {
  label: string;
  name: string;
  defaultValue?: string[] | undefined;
  hint?: string;
  error?: string | undefined;
}) {
  const ids = useFieldIds(hint, error);
  return (
    <FieldFrame label={label} ids={ids} error={error} hint={hint}>
      <textarea {...ids.control} name={name} rows={3} defaultValue={defaultValue.join("\n")} spellCheck={false} />
    </FieldFrame>
  );
}

export function Checkbox({
  label,
  name,
  defaultChecked = false,
  value,
}: {
  label: string;
  name: string;
  defaultChecked?: boolean | undefined;
  value?: string;
}) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" name={name} value={value} defaultChecked={defaultChecked} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function Select({
  label,
  name,
  options,
  defaultValue,
  hint,
  error,
}: {
  label: string;
  name: string;
  options: readonly (string | { value: string; label: string })[];
  defaultValue?: string | undefined;
  hint?: string;
  error?: string | undefined;
}) {
  const ids = useFieldIds(hint, error);
  return (
    <FieldFrame label={label} ids={ids} error={error} hint={hint}>
      <select {...ids.control} name={name} defaultValue={defaultValue}>
        {options.map((o) => {
          const { value, label: text } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </FieldFrame>
  );
}

/** The error in words; the stable code rides along as data for support and tests. */
export function ErrorMessage({ error }: { error: unknown }) {
  const code = error instanceof ConsoleError ? error.code : undefined;
  return <ErrorAlert data-error-code={code}>{describeError(error)}</ErrorAlert>;
}

export function Section({
  title,
  children,
  description,
  actions,
}: {
  title: string;
  children: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {description ? <p className="description">{description}</p> : null}
      {children}
    </section>
  );
}

export function PageTitle({ children, lead }: { children: ReactNode; lead?: ReactNode }) {
  // The page's one h1 takes focus after navigation, so a screen reader hears where it landed (skip link target).
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) return;
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header className="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {lead ? <p className="description">{lead}</p> : null}
    </header>
  );
}

export type Load<T> = { status: "loading" } | { status: "ready"; data: T } | { status: "error"; error: unknown };

/** Runs `read` now and on `reload()`; results that arrive after unmount or a newer read are dropped. */
export function useLoad<T>(read: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => (s.status === "ready" ? s : { status: "loading" }));
    read().then(
      (data) => {
        if (generation.current === mine) setState({ status: "ready", data });
      },
      (error: unknown) => {
        if (generation.current === mine) setState({ status: "error", error });
      },
    );
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what its read depends on.
  }, deps);
  useEffect(() => {
    reload();
    return () => {
      generation.current++;
    };
  }, [reload]);
  return { state, reload };
}

/** Loading and error states of a read, or its content. */
export function Loaded<T>({ load, children }: { load: Load<T>; children: (data: T) => ReactNode }) {
  if (load.status === "loading") return <p aria-live="polite">Loading…</p>;
  if (load.status === "error") return <ErrorMessage error={load.error} />;
  return <>{children(load.data)}</>;
}

/** The outcome line of an action: its error, or `success` once it worked. */
export function Outcome<R>({ state, success }: { state: ActionState<R>; success?: (result: R) => ReactNode }) {
  if (state.status === "error") return <ErrorMessage error={state.error} />;
  if (state.status === "success" && success) return <Success>{success(state.result)}</Success>;
  return null;
}

export function formChecked(form: HTMLFormElement, name: string): boolean {
  return new FormData(form).get(name) !== null;
}

/** Every checked value of a checkbox group. */
export function formAll(form: HTMLFormElement, name: string): string[] {
  return new FormData(form).getAll(name).filter((v): v is string => typeof v === "string");
}

/** One value a line, blanks dropped. */
export function formLines(form: HTMLFormElement, name: string): string[] {
  return formRaw(form, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function Time({ value }: { value: Date | string | number | undefined }) {
  if (value === undefined) return <span>—</span>;
  const d = value instanceof Date ? value : new Date(typeof value === "number" ? value * 1000 : value);
  if (Number.isNaN(d.getTime())) return <span>—</span>;
  return <time dateTime={d.toISOString()}>{d.toLocaleString()}</time>;
}
