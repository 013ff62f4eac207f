/** Sign out, on this device or on all devices (signOut({ global })). */
import { useState, type FormEvent } from "react";
import { useServices } from "../app/services";
import { useSession } from "../session/SessionProvider";
import { SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage } from "./ui";

export function SignOutForm() {
  const { auth } = useServices();
  const { signedOut } = useSession();
  const signOut = useAction(auth.signOut);
  const [global, setGlobal] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await signOut.run({ global });
    if (outcome.ok) {
      signedOut({
        tone: "info",
        text: global ? "You are signed out on all devices." : "You are signed out.",
      });
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={signOut.pending}>
      <div className="checkbox">
        <input
          id="sign-out-global"
          type="checkbox"
          checked={global}
          onChange={(event) => setGlobal(event.target.checked)}
        />
        <label htmlFor="sign-out-global">Sign out of all devices</label>
      </div>
      <p className="hint">
        All devices: every refresh token is revoked, so other browsers lose the session at their next refresh.
      </p>
      <SubmitButton pending={signOut.pending} label="Sign out" pendingLabel="Signing out…" />
      {signOut.state.status === "error" ? <ErrorMessage error={signOut.state.error} /> : null}
    </form>
  );
}
