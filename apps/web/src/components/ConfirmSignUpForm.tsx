/**
 * Verify email with code (confirmSignUp). Standalone it asks for the email; after sign-up or log-in it is known.
 * After a passwordless sign-up Amplify answers COMPLETE_AUTO_SIGN_IN: autoSignIn finishes signing in.
 */
import type { FormEvent } from "react";
import { useServices } from "../app/services";
import { Link, useRouter } from "../routing/router";
import { useSession } from "../session/SessionProvider";
import { ResendCodeButton } from "./ResendCodeForm";
import { ErrorMessage, Field, formValue, Success, SubmitButton, useAction } from "./ui";

export function ConfirmSignUpForm({ email, defaultEmail }: { email?: string; defaultEmail?: string | undefined }) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignUp);
  const signIn = useAction(auth.autoSignIn);
  const { refresh } = useSession();
  const { navigate } = useRouter();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const outcome = await confirm.run({ email: email ?? formValue(form, "email"), code: formValue(form, "code") });
    if (!outcome.ok || outcome.result.nextStep.signUpStep !== "COMPLETE_AUTO_SIGN_IN") return;
    const signedIn = await signIn.run();
    if (signedIn.ok && signedIn.result.nextStep.signInStep === "DONE") {
      await refresh();
      navigate("/");
    }
  };

  if (confirm.state.status === "success" && confirm.state.result.nextStep.signUpStep === "COMPLETE_AUTO_SIGN_IN") {
    if (signIn.state.status === "error" || (signIn.state.status === "success" && !signIn.state.result.isSignedIn)) {
      return (
        <div>
          <Success>Your email is verified.</Success>
          {signIn.state.status === "error" ? <ErrorMessage error={signIn.state.error} /> : null}
          <p>
            We could not sign you in automatically. <Link to="/login">Log in</Link> with a code by email.
          </p>
        </div>
      );
    }
    return (
      <p role="status" aria-busy="true">
        Your email is verified. Signing you in…
      </p>
    );
  }

  if (confirm.state.status === "success") {
    return (
      <Success>
        Your email is verified. <Link to="/login">Log in</Link> now.
      </Success>
    );
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={confirm.pending}>
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
