/**
 * Verify email with code (confirmSignUp). Standalone it asks for the email; after sign-up or sign-in it is known.
 * After a sign-up in this tab Amplify answers COMPLETE_AUTO_SIGN_IN: autoSignIn finishes signing in (USER_AUTH
 * with ConfirmSignUp's session when passwordless, SRP with the password just chosen otherwise).
 * `intro` (e.g. "Account created…") shows only while the code is still asked for: once verified, the outcome
 * replaces it, so two messages from different steps never stand side by side.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useServices } from "../app/services";
import { Link, useRouter, formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { useSession } from "../session/SessionProvider";
import { ResendCodeButton } from "./ResendCodeForm";
import { ErrorMessage, Field, Form } from "./ui";

export function ConfirmSignUpForm({
  email,
  defaultEmail,
  intro,
}: {
  email?: string;
  defaultEmail?: string | undefined;
  intro?: ReactNode;
}) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignUp);
  const signIn = useAction(auth.autoSignIn);
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const [confirmedEmail, setConfirmedEmail] = useState(email ?? "");

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = email ?? formText(form, "email");
    setConfirmedEmail(typed);
    const outcome = await confirm.run({ email: typed, code: formText(form, "code") });
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
            We could not sign you in automatically.{" "}
            <Link to={`/login?email=${encodeURIComponent(confirmedEmail)}`}>Sign in</Link> yourself.
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
        Your email is verified. <Link to={`/login?email=${encodeURIComponent(confirmedEmail)}`}>Sign in</Link> now.
      </Success>
    );
  }

  return (
    <div>
      {intro}
      <Form onSubmit={(event) => void onSubmit(event)} onAttempt={confirm.reset} busy={confirm.pending}>
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
      </Form>
    </div>
  );
}

/**
 * The pool verifies by link (CONFIRM_WITH_LINK): there is no code to type, so this says to open the e-mailed link
 * and offers a new one.
 */
export function OpenTheLink({
  email,
  intro,
  passwordless = false,
}: {
  email: string;
  intro?: ReactNode;
  passwordless?: boolean;
}) {
  return (
    <div>
      {intro}
      <p>
        Opening the link verifies your email. Then <Link to={`/login?email=${encodeURIComponent(email)}`}>sign in</Link>
        {passwordless ? " with a code by email" : ""}. No email? Check your spam folder, or ask for a new link:
      </p>
      <ResendCodeButton email={email} />
    </div>
  );
}
