/** Sign in with Google: signInWithRedirect to the hosted UI, which hands over to Google and back. */
import { useServices } from "../app/services";
import { ErrorMessage, useAction } from "./ui";

export function GoogleSignInButton() {
  const { auth, config } = useServices();
  const redirect = useAction(auth.signInWithGoogle);

  if (!config.oauth) {
    return (
      <p className="hint">
        Sign in with Google is off: set VITE_OAUTH_DOMAIN and the redirect URLs to enable the hosted UI.
      </p>
    );
  }

  return (
    <div className="inline-action">
      <button type="button" className="google" disabled={redirect.pending} onClick={() => void redirect.run()}>
        {redirect.pending ? "Redirecting to Google…" : "Sign in with Google"}
      </button>
      {redirect.state.status === "error" ? <ErrorMessage error={redirect.state.error} /> : null}
    </div>
  );
}
