/**
 * Sign in (signIn, SRP by default) and every next step Amplify can answer with: DONE, CONFIRM_SIGN_UP,
 * RESET_PASSWORD, CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED and the MFA steps (codes, choice, setup).
 * Where the pool allows them, "Email me a code" and "Sign in with a passkey" start a choice-based sign-in
 * (USER_AUTH) instead; the pool may then ask to choose a factor (CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION).
 * "Remember this device" calls rememberDevice once the sign-in is complete.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { FirstFactor, SignInOutput } from "../auth/authClient";
import { useServices } from "../app/services";
import { Link, useRouter, formRaw, formText, SubmitButton, useAction } from "@authhub/ui";
import { useSession } from "../session/SessionProvider";
import { ConfirmSignUpForm, OpenTheLink } from "./ConfirmSignUpForm";
import { ForgotPasswordForm } from "./ForgotPasswordForm";
import { EmailSetupForm, MfaCodeForm, MfaSelectionForm, TOTP_APP_NAME, TotpSetupStep } from "./mfa/MfaSignInSteps";
import { NewPasswordRequiredForm } from "./NewPasswordRequiredForm";
import { ErrorMessage, Field, Form, PasswordField } from "./ui";

type NextStep = SignInOutput["nextStep"];
/** How the user started signing in: the password form, or one of the passwordless buttons. */
type Method = "password" | "emailCode" | "passkey";

const PENDING: Record<Method, string> = {
  password: "Signing in…",
  emailCode: "Sending code…",
  passkey: "Waiting for your passkey…",
};

/** `defaultEmail`: from `/login?email=`, where a confirmation page sends the user (one click to sign in). */
export function LogInForm({ defaultEmail }: { defaultEmail?: string | undefined } = {}) {
  const { auth, config } = useServices();
  const { refresh, dismissNotice } = useSession();
  const { navigate, location } = useRouter();
  const [method, setMethod] = useState<Method>("password");
  const signIn = useAction(
    (how: Method, email: string, password: string): Promise<SignInOutput> =>
      how === "emailCode"
        ? auth.signInWithEmailCode({ email })
        : how === "passkey"
          ? auth.signInWithPasskey({ email })
          : auth.signIn({ email, password }),
  );
  const remember = useAction(auth.rememberDevice);
  const [email, setEmail] = useState("");
  const [rememberDevice, setRememberDevice] = useState(false);
  const [step, setStep] = useState<NextStep | null>(null);
  const [needEmail, setNeedEmail] = useState(false);
  const emailField = useRef<HTMLDivElement>(null);

  const follow = async (nextStep: NextStep) => {
    if (nextStep.signInStep === "DONE") {
      setStep(null);
      // Amplify confirmed this browser as a device during sign-in (when the pool tracks devices);
      // remembering it lets the pool skip MFA here next time, if the pool is set up that way.
      const remembered = rememberDevice ? await remember.run() : { ok: true };
      // Amplify also announces signedIn on the Hub; refreshing here makes the page independent of that timing.
      await refresh();
      // A failed remember leaves the user signed in; they stay here to read why, with a link home.
      // Signing in on "/#security" (the old /security URL) ends at the security settings it asked for.
      if (remembered.ok) navigate(location.path === "/" && location.hash ? `/#${location.hash}` : "/");
      return;
    }
    setStep(nextStep);
  };

  const start = async (form: HTMLFormElement, how: Method) => {
    // A new attempt: an older notice ("You are signed out") would only sit beside its outcome.
    dismissNotice();
    const typed = formText(form, "email");
    // The passwordless buttons skip the form's own validation, so the one field they need is checked here.
    setNeedEmail(how !== "password" && typed === "");
    if (how !== "password" && typed === "") {
      emailField.current?.querySelector("input")?.focus();
      return;
    }
    setEmail(typed);
    setStep(null);
    setMethod(how);
    const outcome = await signIn.run(how, typed, how === "password" ? formRaw(form, "password") : "");
    if (outcome.ok) await follow(outcome.result.nextStep);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void start(event.currentTarget, "password");
  };
  const passwordless = (how: Method) => (event: { currentTarget: HTMLButtonElement }) => {
    const { form } = event.currentTarget;
    if (form) void start(form, how);
  };
  const offersCode = config.signInFactors.includes("EMAIL_OTP");
  const offersPasskey = config.signInFactors.includes("WEB_AUTHN");

  return (
    <div>
      <Form
        onSubmit={onSubmit}
        onAttempt={() => {
          signIn.reset();
          setNeedEmail(false);
        }}
        busy={signIn.pending}
      >
        <div ref={emailField}>
          <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={defaultEmail} />
        </div>
        {/* With the email filled in by a link, the password is all that is left to type. */}
        <PasswordField label="Password" name="password" focusOnMount={Boolean(defaultEmail)} />
        <div className="checkbox">
          <input
            id="sign-in-remember-device"
            type="checkbox"
            checked={rememberDevice}
            onChange={(event) => setRememberDevice(event.target.checked)}
          />
          <label htmlFor="sign-in-remember-device">Remember this device</label>
        </div>
        <SubmitButton
          pending={signIn.pending && method === "password"}
          label="Sign in"
          pendingLabel={PENDING.password}
        />
        {offersCode || offersPasskey ? (
          <fieldset className="choices">
            <legend>Or sign in without your password</legend>
            {offersCode ? (
              <button type="button" className="secondary" disabled={signIn.pending} onClick={passwordless("emailCode")}>
                {signIn.pending && method === "emailCode" ? PENDING.emailCode : "Email me a code"}
              </button>
            ) : null}{" "}
            {offersPasskey ? (
              <button type="button" className="secondary" disabled={signIn.pending} onClick={passwordless("passkey")}>
                {signIn.pending && method === "passkey" ? PENDING.passkey : "Sign in with a passkey"}
              </button>
            ) : null}
          </fieldset>
        ) : null}
        {needEmail ? (
          <p role="alert" className="message error">
            Enter your email first.
          </p>
        ) : null}
        {signIn.state.status === "error" ? (
          <ErrorMessage error={signIn.state.error} overrides={method === "password" ? {} : PASSWORDLESS_ERRORS} />
        ) : null}
      </Form>
      <p className="aside">
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/register">Sign up</Link> ·{" "}
        <Link to="/resend-code">Resend the verification email</Link>
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

// Without a password in play, "the email or password is not right" would mislead.
const PASSWORDLESS_ERRORS = {
  NotAuthorizedException: "That sign-in was not accepted. Check your email, or use another sign-in method.",
};

function NextStepPanel({
  step,
  email,
  onNextStep,
}: {
  step: NextStep;
  email: string;
  onNextStep(step: NextStep): void;
}) {
  const { emailVerification } = useServices().config;
  switch (step.signInStep) {
    case "CONFIRM_SIGN_UP":
      return (
        <div className="next-step">
          <h3>Verify your email first</h3>
          {emailVerification === "link" ? (
            <OpenTheLink
              email={email}
              intro={
                <p role="status">
                  Your email <strong className="address">{email}</strong> is not verified yet. Open the link in the
                  verification email we sent you.
                </p>
              }
            />
          ) : (
            <ConfirmSignUpForm
              email={email}
              intro={
                <p role="status">
                  Your email <strong className="address">{email}</strong> is not verified yet. Enter the code from the
                  verification email, then sign in again.
                </p>
              }
            />
          )}
        </div>
      );
    case "RESET_PASSWORD":
      return (
        <div className="next-step">
          <h3>Reset your password</h3>
          <p role="status">Your password must be reset before you can sign in. We will email a code to {email}.</p>
          <ForgotPasswordForm email={email} />
        </div>
      );
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
      return (
        <div className="next-step">
          <h3>Choose a new password</h3>
          <p role="status">
            Your account was created with a temporary password. Choose your own password to finish signing in.
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
    case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
      return (
        <MfaStep title="Choose how to sign in">
          <FirstFactorForm
            factors={(step.availableChallenges ?? []).filter((name): name is FirstFactor => name in FACTOR_LABELS)}
            onNextStep={(output) => onNextStep(output.nextStep)}
          />
        </MfaStep>
      );
    case "CONFIRM_SIGN_IN_WITH_PASSWORD":
      return (
        <MfaStep title="Enter your password">
          <PasswordStepForm onNextStep={(output) => onNextStep(output.nextStep)} />
        </MfaStep>
      );
    case "DONE":
      return null;
    default:
      // Custom challenges are not enabled on this pool.
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

/** What the user calls each first factor (SELECT_CHALLENGE's AvailableChallenges). */
const FACTOR_LABELS: Record<FirstFactor, string> = {
  PASSWORD: "Password",
  PASSWORD_SRP: "Password",
  EMAIL_OTP: "A code by email",
  SMS_OTP: "A code by text message",
  WEB_AUTHN: "Passkey",
};

/** CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION: the pool could not use the preferred factor; pick another. */
function FirstFactorForm({
  factors,
  onNextStep,
}: {
  factors: FirstFactor[];
  onNextStep(output: { nextStep: NextStep }): void;
}) {
  const { auth } = useServices();
  const select = useAction(auth.selectFirstFactor);
  // PASSWORD and PASSWORD_SRP read the same to a user; SRP keeps the password in the browser, so it wins.
  const offered = factors.filter((factor) => !(factor === "PASSWORD" && factors.includes("PASSWORD_SRP")));
  const [choice, setChoice] = useState<FirstFactor | undefined>(undefined);
  const first = useRef<HTMLInputElement>(null);
  // The first option takes focus when the step appears, so a keyboard user starts in the group.
  useEffect(() => first.current?.focus(), []);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!choice) return;
    const outcome = await select.run({ factor: choice });
    if (outcome.ok) onNextStep(outcome.result);
  };
  if (offered.length === 0) {
    return (
      <p role="alert" className="message error">
        This account has no sign-in method this app offers. Contact support.
      </p>
    );
  }
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={select.pending}>
      <fieldset className="choices">
        <legend>Sign in with</legend>
        {offered.map((factor, index) => (
          <div className="checkbox" key={factor}>
            <input
              id={`first-factor-${factor}`}
              type="radio"
              name="firstFactor"
              value={factor}
              required
              checked={choice === factor}
              onChange={() => setChoice(factor)}
              ref={index === 0 ? first : undefined}
            />
            <label htmlFor={`first-factor-${factor}`}>{FACTOR_LABELS[factor]}</label>
          </div>
        ))}
      </fieldset>
      <SubmitButton pending={select.pending} label="Continue" pendingLabel="Continuing…" />
      {select.state.status === "error" ? (
        <ErrorMessage error={select.state.error} overrides={PASSWORDLESS_ERRORS} />
      ) : null}
    </form>
  );
}

/** CONFIRM_SIGN_IN_WITH_PASSWORD: the user chose the password at SELECT_CHALLENGE. */
function PasswordStepForm({ onNextStep }: { onNextStep(output: { nextStep: NextStep }): void }) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignInPassword);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await confirm.run({ password: formRaw(event.currentTarget, "password") });
    if (outcome.ok) onNextStep(outcome.result);
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={confirm.pending}>
      <PasswordField label="Password" name="password" focusOnMount />
      <SubmitButton pending={confirm.pending} label="Continue" pendingLabel="Checking…" />
      {confirm.state.status === "error" ? <ErrorMessage error={confirm.state.error} /> : null}
    </form>
  );
}
