/** Resend confirmation code (resendSignUpCode): a form when the email is unknown, a button when it is. */
import type { FormEvent } from "react";
import { useServices } from "../app/services";
import { Link } from "../routing/router";
import { describeDelivery, ErrorMessage, Field, formValue, Success, SubmitButton, useAction } from "./ui";

export function ResendCodeForm({ defaultEmail }: { defaultEmail?: string | undefined }) {
  const { auth } = useServices();
  const resend = useAction(auth.resendSignUpCode);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void resend.run({ email: formValue(event.currentTarget, "email") });
  };

  return (
    <form onSubmit={onSubmit} aria-busy={resend.pending}>
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} />
      <SubmitButton pending={resend.pending} label="Resend code" pendingLabel="Sending…" />
      {resend.state.status === "success" ? (
        <Success>
          {describeDelivery(resend.state.result, "a new code")} Use it on the{" "}
          <Link to="/verify-email">Verify email</Link> page.
        </Success>
      ) : null}
      {resend.state.status === "error" ? <ErrorMessage error={resend.state.error} /> : null}
    </form>
  );
}

export function ResendCodeButton({ email }: { email: string }) {
  const { auth } = useServices();
  const resend = useAction(auth.resendSignUpCode);
  return (
    <div className="inline-action">
      <button type="button" className="secondary" disabled={resend.pending} onClick={() => void resend.run({ email })}>
        {resend.pending ? "Sending…" : "Send a new code"}
      </button>
      {resend.state.status === "success" ? (
        <Success>{describeDelivery(resend.state.result, "a new code")}</Success>
      ) : null}
      {resend.state.status === "error" ? <ErrorMessage error={resend.state.error} /> : null}
    </div>
  );
}
