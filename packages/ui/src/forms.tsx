/**
 * Form primitives in one manner for both apps: a label for every control, its error first and its hint after,
 * both announced through aria-describedby, and values read from the submitted form.
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

export interface FieldIds {
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  /** The ids that describe the control: the error first (as screen readers read it), then the hint. */
  describedBy: string | undefined;
  /** What the control itself carries: its id, its description and whether it is invalid. */
  control: { id: string; "aria-describedby": string | undefined; "aria-invalid": true | undefined };
}

/** The ids a labelled control and its notes share; a note's id exists only while the note does. */
export function useFieldIds(hint: string | undefined, error: string | undefined): FieldIds {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return {
    id,
    hintId,
    errorId,
    describedBy,
    control: { id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined },
  };
}

/** A field's error and hint under its control, with the ids of `useFieldIds`. */
export function FieldNotes({
  ids,
  error,
  hint,
  errorRole,
}: {
  ids: FieldIds;
  error?: string | undefined;
  hint?: string | undefined;
  /** "alert": the error is announced when it appears (apps/web, where it answers an attempt). */
  errorRole?: "alert" | undefined;
}) {
  return (
    <>
      {error ? (
        <p id={ids.errorId} className="field-error" role={errorRole}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

/** A labelled control (`children`, spread with `ids.control`) in its .field box, with its error and hint under it. */
export function FieldFrame({
  label,
  ids,
  error,
  hint,
  errorRole,
  children,
}: {
  label: string;
  ids: FieldIds;
  error?: string | undefined;
  hint?: string | undefined;
  errorRole?: "alert" | undefined;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={ids.id}>{label}</label>
      {children}
      <FieldNotes ids={ids} error={error} hint={hint} errorRole={errorRole} />
    </div>
  );
}

export interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "password" | "email" | "tel" | "number" | "url";
  defaultValue?: string | number | undefined;
  hint?: string | undefined;
  /** This field's own error (a rule it broke), shown under it and named in its description. */
  error?: string | undefined;
  errorRole?: "alert" | undefined;
  required?: boolean;
  autoComplete?: string;
  autoCapitalize?: "none" | undefined;
  inputMode?: "numeric" | "text" | "email" | "tel" | undefined;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  list?: string;
  /** Moves keyboard focus here when the field appears (a sign-in step asking for a code). */
  focusOnMount?: boolean;
}

/** A label + input; optional unless `required`, autocomplete off unless named. */
export function Field({
  label,
  name,
  type = "text",
  defaultValue,
  hint,
  error,
  errorRole,
  required = false,
  autoComplete = "off",
  autoCapitalize,
  inputMode,
  min,
  max,
  minLength,
  maxLength,
  pattern,
  list,
  focusOnMount = false,
}: FieldProps) {
  const ids = useFieldIds(hint, error);
  const input = useRef<HTMLInputElement>(null);
  // A ref and an effect rather than autoFocus: focus moves only when the field appears, not on every render.
  useEffect(() => {
    if (focusOnMount) input.current?.focus();
  }, [focusOnMount]);
  return (
    <FieldFrame label={label} ids={ids} error={error} hint={hint} errorRole={errorRole}>
      <input
        {...ids.control}
        ref={input}
        name={name}
        type={type}
        defaultValue={defaultValue}
        required={required}
        autoComplete={autoComplete}
        autoCapitalize={autoCapitalize}
        inputMode={inputMode}
        min={min}
        max={max}
        minLength={minLength}
        maxLength={maxLength}
        pattern={pattern}
        list={list}
        spellCheck={false}
      />
    </FieldFrame>
  );
}

/** A submit button that is disabled and says what is happening while its action runs. */
export function SubmitButton({
  pending,
  label,
  pendingLabel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <button type="submit" disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/**
 * A form whose messages belong to the latest attempt: submitting, or a submit the browser's own validation stops
 * (its tooltip then speaks), calls `onAttempt` so the form can drop its previous error. One message area per
 * form, never two from different attempts.
 */
export function Form({
  onSubmit,
  onAttempt,
  busy,
  children,
}: {
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onAttempt?: (() => void) | undefined;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => {
        onAttempt?.();
        onSubmit(event);
      }}
      // React delivers the fields' "invalid" events to the form (the browser's do not bubble).
      onInvalid={onAttempt}
      aria-busy={busy}
    >
      {children}
    </form>
  );
}

/** A named text value of a submitted form, trimmed. */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A value exactly as typed: a password's trailing space is part of the password. */
export function formRaw(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}
