/**
 * Log in (signIn, SRP by default) and every next step Amplify can answer with:
 * DONE, CONFIRM_SIGN_UP, RESET_PASSWORD and CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED.
 */
import { useState, type FormEvent } from "react";
import type { SignInOutput } from "../auth/authClient";
import { useServices } from "../app/services";
import { Link, useRouter } from "../routing/router";
import { useSession } from "../session/SessionProvider";
import { ConfirmSignUpForm } from "./ConfirmSignUpForm";
import { ForgotPasswordForm } from "./ForgotPasswordForm";
import { NewPasswordRequiredForm } from "./NewPasswordRequiredForm";
import { ErrorMessage, Field, formSecret, formValue, SubmitButton, useAction } from "./ui";

type NextStep = SignInOutput["nextStep"];

export function LogInForm() {
  const { auth } = useServices();
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const signIn = useAction(auth.signIn);
  const [email, setEmail] = useState("");
  const [step, setStep] = useState<NextStep | null>(null);

  const follow = async (nextStep: NextStep) => {
    if (nextStep.signInStep === "DONE") {
      // Amplify also announces signedIn on the Hub; refreshing here makes the page independent of that timing.
      await refresh();
      navigate("/");
      return;
    }
    setStep(nextStep);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = formValue(form, "email");
    setEmail(typed);
    setStep(null);
    const outcome = await signIn.run({ email: typed, password: formSecret(form, "password") });
    if (outcome.ok) await follow(outcome.result.nextStep);
  };

  return (
    <div>
      <form onSubmit={(event) => void onSubmit(event)} aria-busy={signIn.pending}>
        <Field label="Email" name="email" type="email" autoComplete="username" />
        <Field label="Password" name="password" type="password" autoComplete="current-password" />
        <SubmitButton pending={signIn.pending} label="Log in" pendingLabel="Logging in…" />
        {signIn.state.status === "error" ? <ErrorMessage error={signIn.state.error} /> : null}
      </form>
      <p className="aside">
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/register">Create an account</Link>
      </p>
      {step ? <NextStepPanel step={step} email={email} onNextStep={(next) => void follow(next)} /> : null}
    </div>
  );
}

function NextStepPanel({
  step,
  email,
  onNextStep,
}: {
  step: NextStep;
  email: string;
  onNextStep(step: NextStep): void;
}) {
  switch (step.signInStep) {
    case "CONFIRM_SIGN_UP":
      return (
        <div className="next-step">
          <h3>Verify your email first</h3>
          <p role="status">
            Your email <strong>{email}</strong> is not verified yet. Enter the code from the verification email, then
            log in again.
          </p>
          <ConfirmSignUpForm email={email} />
        </div>
      );
    case "RESET_PASSWORD":
      return (
        <div className="next-step">
          <h3>Reset your password</h3>
          <p role="status">Your password must be reset before you can log in. We will email a code to {email}.</p>
          <ForgotPasswordForm email={email} />
        </div>
      );
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
      return (
        <div className="next-step">
          <h3>Choose a new password</h3>
          <p role="status">
            Your account was created with a temporary password. Choose your own password to finish logging in.
          </p>
          <NewPasswordRequiredForm onNextStep={(output) => onNextStep(output.nextStep)} />
        </div>
      );
    case "DONE":
      return null;
    default:
      // MFA, passwordless and custom challenges are not enabled on this pool, so the app does not offer them.
      return (
        <p role="alert" className="message error">
          This account needs a sign-in step this app does not support ({step.signInStep}). Contact support.
        </p>
      );
  }
}
