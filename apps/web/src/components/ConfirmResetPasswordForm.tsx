/** Verify forgot password: the emailed code plus a new password (confirmResetPassword). */
import type { FormEvent } from "react";
import { useServices } from "../app/services";
import { Link, formRaw, formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage, Field, Form, PasswordField } from "./ui";

export function ConfirmResetPasswordForm({
  email,
  defaultEmail,
}: {
  email?: string;
  defaultEmail?: string | undefined;
}) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmResetPassword);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    void confirm.run({
      email: email ?? formText(form, "email"),
      code: formText(form, "code"),
      newPassword: formRaw(form, "newPassword"),
    });
  };

  if (confirm.state.status === "success") {
    return (
      <Success>
        Your password has been reset. <Link to="/login">Sign in</Link> with the new password.
      </Success>
    );
  }

  return (
    <Form onSubmit={onSubmit} onAttempt={confirm.reset} busy={confirm.pending}>
      {email === undefined ? (
        <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={defaultEmail} />
      ) : null}
      <Field
        label="Verification code"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        hint="The code from the password reset email."
      />
      <PasswordField label="New password" name="newPassword" newPassword />
      <SubmitButton pending={confirm.pending} label="Reset password" pendingLabel="Resetting…" />
      {confirm.state.status === "error" ? <ErrorMessage error={confirm.state.error} /> : null}
    </Form>
  );
}
