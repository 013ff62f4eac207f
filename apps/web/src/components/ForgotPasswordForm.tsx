/**
 * Forgot password (resetPassword). On CONFIRM_RESET_PASSWORD_WITH_CODE the code + new password
 * form appears here. With a known `email` (sign-in's RESET_PASSWORD step) it is a single button.
 */
import { useState, type FormEvent } from "react";
import { useServices } from "../app/services";
import { Link, formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { ConfirmResetPasswordForm } from "./ConfirmResetPasswordForm";
import { ErrorMessage, Field, Form, ifAccountExists } from "./ui";

export function ForgotPasswordForm({
  email: knownEmail,
  defaultEmail,
}: {
  email?: string;
  defaultEmail?: string | undefined;
}) {
  const { auth } = useServices();
  const reset = useAction(auth.resetPassword);
  const [email, setEmail] = useState(knownEmail ?? "");

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = knownEmail ?? formText(event.currentTarget, "email");
    setEmail(typed);
    void reset.run({ email: typed });
  };

  if (reset.state.status === "success") {
    const { nextStep } = reset.state.result;
    if (nextStep.resetPasswordStep === "DONE") {
      return (
        <Success>
          Your password has been reset. <Link to="/login">Sign in</Link>.
        </Success>
      );
    }
    return (
      <div>
        <Success>
          {/* Anti-enumeration: an unknown email gets the same answer (PreventUserExistenceErrors). */}
          {ifAccountExists(email, nextStep.codeDeliveryDetails, "a password reset code")} Enter it below with your new
          password.
        </Success>
        <ConfirmResetPasswordForm email={email} />
      </div>
    );
  }

  return (
    <Form onSubmit={onSubmit} onAttempt={reset.reset} busy={reset.pending}>
      {knownEmail === undefined ? (
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} />
      ) : null}
      <SubmitButton pending={reset.pending} label="Send reset code" pendingLabel="Sending…" />
      {reset.state.status === "error" ? <ErrorMessage error={reset.state.error} /> : null}
    </Form>
  );
}
