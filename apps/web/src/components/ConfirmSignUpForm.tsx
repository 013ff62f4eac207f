/** Verify email with code (confirmSignUp). Standalone it asks for the email; after sign-up or log-in it is known. */
import type { FormEvent } from "react";
import { useServices } from "../app/services";
import { Link } from "../routing/router";
import { ResendCodeButton } from "./ResendCodeForm";
import { ErrorMessage, Field, formValue, Success, SubmitButton, useAction } from "./ui";

export function ConfirmSignUpForm({ email, defaultEmail }: { email?: string; defaultEmail?: string | undefined }) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignUp);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    void confirm.run({ email: email ?? formValue(form, "email"), code: formValue(form, "code") });
  };

  if (confirm.state.status === "success") {
    return (
      <Success>
        Your email is verified. <Link to="/login">Log in</Link> now.
      </Success>
    );
  }

  return (
    <form onSubmit={onSubmit} aria-busy={confirm.pending}>
      {email === undefined ? (
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} />
      ) : null}
      <Field
        label="Verification code"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        hint="The 6-digit code from the email we sent you."
      />
      <SubmitButton pending={confirm.pending} label="Verify email" pendingLabel="Verifying…" />
      {confirm.state.status === "error" ? <ErrorMessage error={confirm.state.error} /> : null}
      {email !== undefined ? <ResendCodeButton email={email} /> : null}
    </form>
  );
}
