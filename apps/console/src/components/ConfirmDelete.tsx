/**
 * Deleting is confirmed by typing the thing's name (as the AWS console asks for a pool): a slip of the mouse
 * cannot delete, and the name typed is the one about to go.
 */
import { useState, type FormEvent } from "react";
import { Field, formRaw, useAction } from "@authhub/ui";
import { ErrorMessage } from "./ui";

export function ConfirmDelete({
  what,
  name,
  consequence,
  onDelete,
}: {
  /** "user pool", "user", "app client"… */
  what: string;
  /** What must be typed. */
  name: string;
  consequence?: string;
  onDelete: () => Promise<unknown>;
}) {
  const [mismatch, setMismatch] = useState<string>();
  const action = useAction(onDelete);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = formRaw(event.currentTarget, "confirm");
    if (typed !== name) {
      setMismatch(`Type ${name} exactly to delete this ${what}.`);
      return;
    }
    setMismatch(undefined);
    void action.run();
  };
  return (
    <form onSubmit={submit} aria-busy={action.pending} noValidate>
      {consequence ? <p className="description">{consequence}</p> : null}
      <Field label={`Type ${name} to confirm`} name="confirm" error={mismatch} />
      {action.state.status === "error" ? <ErrorMessage error={action.state.error} /> : null}
      <button type="submit" className="danger" disabled={action.pending}>
        {action.pending ? "Deleting…" : `Delete ${what}`}
      </button>
    </form>
  );
}
