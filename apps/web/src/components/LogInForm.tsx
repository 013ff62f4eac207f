/**
 * Log in (signIn, SRP by default) and every next step Amplify can answer with: DONE, CONFIRM_SIGN_UP,
 * RESET_PASSWORD, CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED and the MFA steps (codes, choice, setup).
 * "Remember this device" calls rememberDevice once the sign-in is complete.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import type { SignInOutput } from "../auth/authClient";
import { useServices } from "../app/services";
import { Link, useRouter } from "../routing/router";
import { useSession } from "../session/SessionProvider";
import { ConfirmSignUpForm } from "./ConfirmSignUpForm";
import { ForgotPasswordForm } from "./ForgotPasswordForm";
import { EmailSetupForm, MfaCodeForm, MfaSelectionForm, TOTP_APP_NAME, TotpSetupStep } from "./mfa/MfaSignInSteps";
import { NewPasswordRequiredForm } from "./NewPasswordRequiredForm";
import { ErrorMessage, Field, formSecret, formValue, SubmitButton, useAction } from "./ui";

type NextStep = SignInOutput["nextStep"];

export function LogInForm() {
  const { auth } = useServices();
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const signIn = useAction(auth.signIn);
  const remember = useAction(auth.rememberDevice);
  const [email, setEmail] = useState("");
  const [rememberDevice, setRememberDevice] = useState(false);
  const [step, setStep] = useState<NextStep | null>(null);

  const follow = async (nextStep: NextStep) => {
    if (nextStep.signInStep === "DONE") {
      setStep(null);
      // Amplify confirmed this browser as a device during sign-in (when the pool tracks devices);
      // remembering it lets the pool skip MFA here next time, if the pool is set up that way.
      const remembered = rememberDevice ? await remember.run() : { ok: true };
      // Amplify also announces signedIn on the Hub; refreshing here makes the page independent of that timing.
      await refresh();
      // A failed remember leaves the user signed in; they stay here to read why, with a link home.
      if (remembered.ok) navigate("/");
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
        <div className="checkbox">
          <input
            id="log-in-remember-device"
            type="checkbox"
            checked={rememberDevice}
            onChange={(event) => setRememberDevice(event.target.checked)}
          />
          <label htmlFor="log-in-remember-device">Remember this device</label>
        </div>
        <SubmitButton pending={signIn.pending} label="Log in" pendingLabel="Logging in…" />
        {signIn.state.status === "error" ? <ErrorMessage error={signIn.state.error} /> : null}
      </form>
      <p className="aside">
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/register">Create an account</Link>
      </p>
      {step ? <NextStepPanel step={step} email={email} onNextStep={(next) => void follow(next)} /> : null}
      {remember.state.status === "error" ? (
        <div className="next-step">
          <ErrorMessage error={remember.state.error} />
          <p>
            You are signed in, but this device will not be remembered. <Link to="/">Continue to your account</Link>
          </p>
        </div>
      ) : null}
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
    case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
      return (
        <MfaStep title="Enter your authenticator code">
          <MfaCodeForm type="TOTP" destination={undefined} onNextStep={(output) => onNextStep(output.nextStep)} />
        </MfaStep>
      );
    case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
    case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
      return (
        <MfaStep
          title={
            step.signInStep === "CONFIRM_SIGN_IN_WITH_SMS_CODE" ? "Enter the texted code" : "Enter the emailed code"
          }
        >
          <MfaCodeForm
            type={step.signInStep === "CONFIRM_SIGN_IN_WITH_SMS_CODE" ? "SMS" : "EMAIL"}
            destination={step.codeDeliveryDetails?.destination}
            onNextStep={(output) => onNextStep(output.nextStep)}
          />
        </MfaStep>
      );
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
    case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION": {
      const setup = step.signInStep === "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION";
      return (
        <MfaStep title={setup ? "Set up two-step sign-in" : "Choose a sign-in method"}>
          <MfaSelectionForm
            types={step.allowedMFATypes ?? []}
            purpose={setup ? "setup" : "sign-in"}
            onNextStep={(output) => onNextStep(output.nextStep)}
          />
        </MfaStep>
      );
    }
    case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
      return (
        <MfaStep title="Set up an authenticator app">
          <TotpSetupStep
            sharedSecret={step.totpSetupDetails.sharedSecret}
            setupUri={step.totpSetupDetails.getSetupUri(TOTP_APP_NAME, email).href}
            onNextStep={(output) => onNextStep(output.nextStep)}
          />
        </MfaStep>
      );
    case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
      return (
        <MfaStep title="Set up email codes">
          <p>This account must use a second sign-in step. We will email you a code now and at each sign-in.</p>
          <EmailSetupForm defaultEmail={email} onNextStep={(output) => onNextStep(output.nextStep)} />
        </MfaStep>
      );
    case "DONE":
      return null;
    default:
      // Passwordless (first-factor choice, WebAuthn) and custom challenges are not enabled on this pool.
      return (
        <p role="alert" className="message error">
          This account needs a sign-in step this app does not support ({step.signInStep}). Contact support.
        </p>
      );
  }
}

/**
 * An MFA step's panel. Not a live region itself (a whole form would be read out on every change): focus
 * moves to its first field, its instructions are role="status" and its errors role="alert".
 */
function MfaStep({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="next-step">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
