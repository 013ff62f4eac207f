/**
 * This app's building blocks on top of @authhub/ui (docs/adr/0057): its Field defaults, the password field with
 * the pool's rules, errors in this app's words, sections that are URL targets, and the delivery sentences.
 */
import { ErrorAlert, Field as SharedField, Form as SharedForm, type FieldProps as SharedFieldProps } from "@authhub/ui";
import { useEffect, useId, useRef, useState, type ComponentProps, type ReactNode } from "react";
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

type FieldProps = Omit<SharedFieldProps, "type" | "autoComplete" | "errorRole" | "autoCapitalize"> & {
  type?: "email" | "password" | "tel" | "text";
  autoComplete: AutoComplete;
};

/**
 * The shared Field in this app's manner: required unless said, every field names its autocomplete, a field's
 * error is an alert (it answers an attempt, like the form's own message), and no automatic capitals but in text.
 */
export function Field({ type = "text", required = true, ...props }: FieldProps) {
  return (
    <SharedField
      {...props}
      type={type}
      required={required}
      errorRole="alert"
      autoCapitalize={type === "text" ? undefined : "none"}
    />
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

/** An error sentence from the shared table; the stable error name rides along as data for support and tests. */
export function ErrorMessage({ error, overrides }: { error: unknown; overrides?: ErrorOverrides }) {
  return <ErrorAlert data-error-name={errorName(error)}>{humanizeError(error, overrides)}</ErrorAlert>;
}

/**
 * A card with its h2. With `anchor`, the section is a URL target (`/#passkeys`): it carries that id and takes
 * focus when the URL names it (tabIndex -1: reachable by script, not an extra Tab stop).
 */
export function Section({
  title,
  children,
  description,
  anchor,
}: {
  title: string;
  children: ReactNode;
  description?: ReactNode;
  anchor?: string;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id} id={anchor} tabIndex={anchor === undefined ? undefined : -1}>
      <h2 id={id}>{title}</h2>
      {description ? <p className="description">{description}</p> : null}
      {children}
    </section>
  );
}

/**
 * The shared Form, whose messages belong to the latest attempt; an attempt here also clears the session-wide
 * notice ("You are signed out"), so the page never shows two messages from different moments.
 */
export function Form({ onAttempt, ...props }: ComponentProps<typeof SharedForm>) {
  const { dismissNotice } = useSession();
  return (
    <SharedForm
      {...props}
      onAttempt={() => {
        dismissNotice();
        onAttempt?.();
      }}
    />
  );
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
