/**
 * Small shared building blocks: labelled fields, a submit button with a loading label,
 * and the two message kinds (status for success, alert for errors) every form uses.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { errorName, humanizeError, type ErrorOverrides } from "../auth/errorMessages";
import { useServices } from "../app/services";
import type { EmailVerification, PasswordPolicy } from "../config/config";
import { useSession } from "../session/SessionProvider";

type AutoComplete =
  | "username"
  | "email"
  | "tel"
  | "current-password"
  | "new-password"
  | "one-time-code"
  | "off"
  | "name"
  | "given-name"
  | "family-name"
  | "nickname";

interface FieldProps {
  label: string;
  name: string;
  type?: "email" | "password" | "tel" | "text";
  autoComplete: AutoComplete;
  defaultValue?: string | undefined;
  hint?: string;
  required?: boolean;
  inputMode?: "numeric" | "email" | "tel" | "text";
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Moves keyboard focus here when the field appears (a sign-in step asking for a code). */
  focusOnMount?: boolean;
  /** This field's own error (a rule it broke), shown under it and announced with it. */
  error?: string | undefined;
}

/** A label + input pair; the hint is announced through aria-describedby. */
export function Field({
  label,
  name,
  type = "text",
  autoComplete,
  defaultValue,
  hint,
  required = true,
  inputMode,
  minLength,
  maxLength,
  pattern,
  focusOnMount = false,
  error,
}: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const input = useRef<HTMLInputElement>(null);
  // A ref and an effect rather than autoFocus: focus moves only when the step appears, not on every render.
  useEffect(() => {
    if (focusOnMount) input.current?.focus();
  }, [focusOnMount]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        inputMode={inputMode}
        minLength={minLength}
        maxLength={maxLength}
        pattern={pattern}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        autoCapitalize={type === "text" ? undefined : "none"}
      />
      {error ? (
        // An alert: it appears in answer to an attempt, like the form's own message.
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Cognito's symbol set for RequireSymbols (developer guide, "Password policies"), plus the space, as the pool. */
const SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

export interface PasswordRule {
  text: string;
  met: boolean;
}

/** The pool's rules, each with whether `password` meets it; the same tests the pool runs (ASCII letters, digits). */
export function passwordRules(policy: PasswordPolicy, password: string): PasswordRule[] {
  const rules: PasswordRule[] = [
    { text: `At least ${policy.minimumLength} characters`, met: [...password].length >= policy.minimumLength },
  ];
  if (policy.requireLowercase) rules.push({ text: "A lowercase letter", met: /[a-z]/.test(password) });
  if (policy.requireUppercase) rules.push({ text: "An uppercase letter", met: /[A-Z]/.test(password) });
  if (policy.requireNumbers) rules.push({ text: "A number", met: /[0-9]/.test(password) });
  if (policy.requireSymbols) {
    rules.push({ text: "A symbol, such as ! @ # or -", met: [...password].some((c) => SYMBOLS.includes(c)) });
  }
  return rules;
}

/**
 * A password input with a show/hide toggle. With `newPassword`, it is a password being chosen: the pool's rules
 * (VITE_PASSWORD_POLICY) show as a checklist that follows the typing. Each rule says "met" or "not met" in words,
 * not only by colour or icon, and the list is a polite live region.
 */
export function PasswordField({
  label,
  name,
  newPassword = false,
  hint,
  focusOnMount = false,
}: {
  label: string;
  name: string;
  newPassword?: boolean;
  hint?: string;
  focusOnMount?: boolean;
}) {
  const { passwordPolicy } = useServices().config;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState(false);
  const [value, setValue] = useState("");
  useEffect(() => {
    if (focusOnMount) input.current?.focus();
  }, [focusOnMount]);
  // The forms clear themselves with form.reset() after a success; the checklist must follow.
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onReset = () => setValue("");
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);
  const hintId = hint ? `${id}-hint` : undefined;
  const rulesId = newPassword ? `${id}-rules` : undefined;
  const describedBy = [hintId, rulesId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="password-input">
        <input
          ref={input}
          id={id}
          name={name}
          type={shown ? "text" : "password"}
          autoComplete={newPassword ? "new-password" : "current-password"}
          required
          minLength={newPassword ? passwordPolicy.minimumLength : undefined}
          aria-describedby={describedBy}
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          onChange={(event) => setValue(event.target.value)}
        />
        <button
          type="button"
          className="secondary toggle-password"
          aria-pressed={shown}
          aria-controls={id}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? "Hide password" : "Show password"}
        </button>
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {newPassword ? (
        <ul id={rulesId} className="password-rules" aria-live="polite" aria-label="Password rules">
          {passwordRules(passwordPolicy, value).map((rule) => (
            <li key={rule.text} className={rule.met ? "met" : "unmet"}>
              <span aria-hidden="true">{rule.met ? "✓" : "○"}</span> {rule.text}
              <span className="visually-hidden">{rule.met ? ": met" : ": not met"}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

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

export function Success({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="message success">
      {children}
    </div>
  );
}

/** An error sentence from the shared table; the stable error name rides along as data for support and tests. */
export function ErrorMessage({ error, overrides }: { error: unknown; overrides?: ErrorOverrides }) {
  return (
    <p role="alert" className="message error" data-error-name={errorName(error)}>
      {humanizeError(error, overrides)}
    </p>
  );
}

export function Section({
  title,
  children,
  description,
}: {
  title: string;
  children: ReactNode;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {description ? <p className="description">{description}</p> : null}
      {children}
    </section>
  );
}

/**
 * A form whose messages belong to the latest attempt: submitting, or a submit the browser's own validation stops
 * (its tooltip then speaks), clears the session-wide notice ("You are signed out") and calls `onAttempt` so the
 * form can drop its previous error. One message area per form, never two from different attempts.
 */
export function Form({
  onSubmit,
  onAttempt,
  busy,
  children,
}: {
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onAttempt?: () => void;
  busy: boolean;
  children: ReactNode;
}) {
  const { dismissNotice } = useSession();
  const attempt = () => {
    dismissNotice();
    onAttempt?.();
  };
  return (
    <form
      onSubmit={(event) => {
        attempt();
        onSubmit(event);
      }}
      // React delivers the fields' "invalid" events to the form (the browser's do not bubble).
      onInvalid={attempt}
      aria-busy={busy}
    >
      {children}
    </form>
  );
}

export type ActionState<R> =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "success"; result: R }
  | { status: "error"; error: unknown };

/**
 * Runs an async action and tracks idle → pending → success | error for the UI.
 * Results arriving after unmount are dropped (React would warn, and nobody could see them).
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [state, setState] = useState<ActionState<R>>({ status: "idle" });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (...args: A): Promise<{ ok: true; result: R } | { ok: false }> => {
      setState({ status: "pending" });
      try {
        const result = await action(...args);
        if (mounted.current) setState({ status: "success", result });
        return { ok: true, result };
      } catch (error) {
        if (mounted.current) setState({ status: "error", error });
        return { ok: false };
      }
    },
    [action],
  );
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, run, reset, pending: state.status === "pending" };
}

/** Reads a named text value from a submitted form. */
export function formValue(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** Passwords are taken exactly as typed: a trailing space is part of the password. */
export function formSecret(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}

/** What the pool's verification e-mail holds, as a noun: "verification link" or "verification code". */
export function verificationNoun(kind: EmailVerification): string {
  return kind === "link" ? "verification link" : "verification code";
}

/**
 * "If an account exists for dave@example.com, we sent a new verification link to d***@e***." The pool answers
 * the same for an unknown (or already verified) account as for a real one (PreventUserExistenceErrors), so the
 * page cannot say more than that without helping someone probe for accounts.
 */
export function ifAccountExists(
  email: string,
  details: { destination?: string | undefined; deliveryMedium?: string | undefined } | undefined,
  what: string,
  condition = "",
): string {
  const where = details?.destination ? ` to ${details.destination}` : " to it";
  return `If an account exists for ${email}${condition}, we sent ${what}${where}.`;
}

/** "We sent a code to a***@e***." from Amplify's masked CodeDeliveryDetails. */
export function describeDelivery(
  details: { destination?: string | undefined; deliveryMedium?: string | undefined } | undefined,
  what = "a code",
): string {
  const where = details?.destination
    ? ` to ${details.destination}`
    : details?.deliveryMedium === "SMS"
      ? " by text message"
      : " to your email";
  return `We sent ${what}${where}.`;
}
