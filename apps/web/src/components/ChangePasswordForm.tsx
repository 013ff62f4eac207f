/** Change password (updatePassword) for a signed-in user-pool user. Not rendered for federated users. */
import type { FormEvent } from "react";
import { useServices } from "../app/services";
import { formRaw, Success, SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage, Form, PasswordField } from "./ui";

// updatePassword answers a wrong current password with NotAuthorizedException, whose generic wording mentions
// the email.
const OVERRIDES = { NotAuthorizedException: "Your current password is not right." };

export function ChangePasswordForm() {
  const { auth } = useServices();
  const change = useAction(auth.updatePassword);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const outcome = await change.run({
      oldPassword: formRaw(form, "oldPassword"),
      newPassword: formRaw(form, "newPassword"),
    });
    // Clear both fields once the change is done, so the old password does not linger on screen.
    if (outcome.ok) form.reset();
  };

  return (
    <Form onSubmit={(event) => void onSubmit(event)} onAttempt={change.reset} busy={change.pending}>
      <PasswordField label="Current password" name="oldPassword" />
      <PasswordField label="New password" name="newPassword" newPassword />
      <SubmitButton pending={change.pending} label="Change password" pendingLabel="Changing…" />
      {change.state.status === "success" ? <Success>Your password has been changed.</Success> : null}
      {change.state.status === "error" ? <ErrorMessage error={change.state.error} overrides={OVERRIDES} /> : null}
    </Form>
  );
}
