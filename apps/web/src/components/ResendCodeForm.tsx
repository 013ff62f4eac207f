/**
 * Resend the verification e-mail (resendSignUpCode): a form when the email is unknown, a button when it is.
 * Its words follow what the e-mail holds (a link or a code, VITE_EMAIL_VERIFICATION).
 */
import { useState, type FormEvent } from "react";
import { useServices } from "../app/services";
import { Link, formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { describeDelivery, ErrorMessage, Field, Form, ifAccountExists, verificationNoun } from "./ui";

export function ResendCodeForm({ defaultEmail }: { defaultEmail?: string | undefined }) {
  const { auth, config } = useServices();
  const resend = useAction(auth.resendSignUpCode);
  const kind = config.emailVerification;
  const [email, setEmail] = useState("");
  const newOne = `a new ${verificationNoun(kind)}`;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = formText(event.currentTarget, "email");
    setEmail(typed);
    void resend.run({ email: typed });
  };

  return (
    <Form onSubmit={onSubmit} onAttempt={resend.reset} busy={resend.pending}>
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} />
      <SubmitButton pending={resend.pending} label={resendLabel(kind)} pendingLabel="Sending…" />
      {resend.state.status === "success" ? (
        <Success>
          {/* Anti-enumeration: the pool answers alike for an unknown or already verified account. */}
          {ifAccountExists(email, resend.state.result, newOne, " and is not verified yet")}{" "}
          {kind === "link" ? (
            <>
              Open the link in it, then <Link to="/login">sign in</Link>.
            </>
          ) : (
            <>
              Enter it on the <Link to="/verify-email">Verify email</Link> page.
            </>
          )}
        </Success>
      ) : null}
      {resend.state.status === "error" ? <ErrorMessage error={resend.state.error} /> : null}
    </Form>
  );
}

/** "Send a new link" or "Send a new code": the button says what the new e-mail will hold. */
export function resendLabel(kind: "link" | "code"): string {
  return kind === "link" ? "Send a new link" : "Send a new code";
}

export function ResendCodeButton({ email }: { email: string }) {
  const { auth, config } = useServices();
  const resend = useAction(auth.resendSignUpCode);
  const kind = config.emailVerification;
  return (
    <div className="inline-action">
      <button type="button" className="secondary" disabled={resend.pending} onClick={() => void resend.run({ email })}>
        {resend.pending ? "Sending…" : resendLabel(kind)}
      </button>
      {resend.state.status === "success" ? (
        <Success>{describeDelivery(resend.state.result, `a new ${verificationNoun(kind)}`)}</Success>
      ) : null}
      {resend.state.status === "error" ? <ErrorMessage error={resend.state.error} /> : null}
    </div>
  );
}
