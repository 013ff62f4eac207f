/**
 * Delete account (DeleteUser) after the user types "delete": the account, its MFA settings, devices and passkeys
 * go, and Amplify drops this browser's tokens. The landing page then says it is done.
 */
import { useState, type FormEvent } from "react";
import { useServices } from "../../app/services";
import { useRouter, formText, useAction } from "@authhub/ui";
import { useSession } from "../../session/SessionProvider";
import { ErrorMessage, Field, Form } from "../ui";

export const DELETE_WORD = "delete";
export const DELETED = "Your account has been deleted. You are signed out.";

export function DeleteAccountForm() {
  const { auth } = useServices();
  const { signedOut } = useSession();
  const { navigate } = useRouter();
  const remove = useAction(auth.deleteUser);
  const [mistyped, setMistyped] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Exactly the word: a slip of the keyboard must not delete an account.
    const typed = formText(event.currentTarget, "confirmDelete");
    setMistyped(typed !== DELETE_WORD);
    if (typed !== DELETE_WORD) return;
    const outcome = await remove.run();
    if (!outcome.ok) return;
    signedOut({ tone: "info", text: DELETED });
    navigate("/");
  };

  return (
    <Form
      onSubmit={(event) => void onSubmit(event)}
      onAttempt={() => {
        remove.reset();
        setMistyped(false);
      }}
      busy={remove.pending}
    >
      <p>This cannot be undone. Your sign-in, security settings and passkeys are removed.</p>
      <Field
        label={`Type "${DELETE_WORD}" to confirm`}
        name="confirmDelete"
        autoComplete="off"
        error={mistyped ? `Type ${DELETE_WORD}, in lower case, to confirm.` : undefined}
      />
      <button type="submit" className="danger" disabled={remove.pending}>
        {remove.pending ? "Deleting…" : "Delete account"}
      </button>
      {remove.state.status === "error" ? <ErrorMessage error={remove.state.error} /> : null}
    </Form>
  );
}
