/** Answers CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: an admin-created user picks a password (confirmSignIn). */
import type { FormEvent } from "react";
import type { ConfirmSignInOutput } from "../auth/authClient";
import { useServices } from "../app/services";
import { formRaw, SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage, Form, PasswordField } from "./ui";

export function NewPasswordRequiredForm({ onNextStep }: { onNextStep(output: ConfirmSignInOutput): void }) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmNewPassword);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await confirm.run({ newPassword: formRaw(event.currentTarget, "newPassword") });
    if (outcome.ok) onNextStep(outcome.result);
  };

  return (
    <Form onSubmit={(event) => void onSubmit(event)} onAttempt={confirm.reset} busy={confirm.pending}>
      <PasswordField label="New password" name="newPassword" newPassword />
      <SubmitButton pending={confirm.pending} label="Set new password" pendingLabel="Saving…" />
      {confirm.state.status === "error" ? <ErrorMessage error={confirm.state.error} /> : null}
    </Form>
  );
}
