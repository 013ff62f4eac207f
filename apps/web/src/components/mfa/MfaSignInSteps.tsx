/**
 * The MFA steps Amplify's signIn/confirmSignIn can stop at, each answered with confirmSignIn:
 * a code (authenticator app, e-mail, SMS), a choice of factor, and the first-time setups the pool
 * asks for when it requires MFA (authenticator app with a QR code, or an e-mail address).
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { ConfirmSignInOutput, MfaType } from "../../auth/authClient";
import { SMS_CODE_WRONG, TOTP_CODE_WRONG } from "../../auth/errorMessages";
import { useServices } from "../../app/services";
import { formText, SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage, Field } from "../ui";
import { TotpSecret } from "./TotpSecret";

type OnNextStep = (output: ConfirmSignInOutput) => void;

/** The issuer authenticator apps show next to the code (the otpauth URI's label prefix and `issuer`). */
export const TOTP_APP_NAME = "Authhub";

/** What the user calls each factor. */
export const MFA_LABELS: Record<MfaType, string> = {
  TOTP: "Authenticator app",
  EMAIL: "Email code",
  SMS: "Text message (SMS)",
};

// A wrong code is CodeMismatchException whatever the factor; the generic wording talks about e-mail.
const CODE_OVERRIDES: Record<MfaType, Record<string, string>> = {
  TOTP: { CodeMismatchException: TOTP_CODE_WRONG },
  EMAIL: {},
  SMS: { CodeMismatchException: SMS_CODE_WRONG },
};

/**
 * Six digits, as Cognito's MFA codes are (TOTP: RFC 6238 with 6 digits; EMAIL_OTP/SMS_MFA: 6-digit codes).
 * `pattern` lets the browser say so before a round trip.
 */
function CodeField({ hint }: { hint: string }) {
  return (
    <Field
      label="Verification code"
      name="code"
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]{6}"
      maxLength={6}
      hint={hint}
      focusOnMount
    />
  );
}

/** CONFIRM_SIGN_IN_WITH_TOTP_CODE, _EMAIL_CODE and _SMS_CODE. */
export function MfaCodeForm({
  type,
  destination,
  onNextStep,
}: {
  type: MfaType;
  /** Masked address or number the code went to (codeDeliveryDetails.destination), for EMAIL and SMS. */
  destination: string | undefined;
  onNextStep: OnNextStep;
}) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignInCode);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await confirm.run({ code: formText(event.currentTarget, "code") });
    if (outcome.ok) onNextStep(outcome.result);
  };
  const fallback = type === "SMS" ? "by text message" : "to your email";
  const where =
    type === "TOTP"
      ? "Open your authenticator app and enter the 6-digit code it shows for Authhub."
      : `We sent a 6-digit code ${destination ? `to ${destination}` : fallback}.`;
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={confirm.pending}>
      <p role="status">{where}</p>
      <CodeField hint="6 digits" />
      <SubmitButton pending={confirm.pending} label="Confirm code" pendingLabel="Checking…" />
      {confirm.state.status === "error" ? (
        <ErrorMessage error={confirm.state.error} overrides={CODE_OVERRIDES[type]} />
      ) : null}
    </form>
  );
}

/** CONTINUE_SIGN_IN_WITH_MFA_SELECTION (choose a factor) and _MFA_SETUP_SELECTION (choose one to set up). */
export function MfaSelectionForm({
  types,
  purpose,
  onNextStep,
}: {
  types: MfaType[];
  purpose: "sign-in" | "setup";
  onNextStep: OnNextStep;
}) {
  const { auth } = useServices();
  const select = useAction(auth.selectMfaType);
  const [choice, setChoice] = useState<MfaType | undefined>(undefined);
  const first = useRef<HTMLInputElement>(null);
  // The first option takes focus when the step appears, so a keyboard user starts in the group.
  useEffect(() => first.current?.focus(), []);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!choice) return;
    const outcome = await select.run({ type: choice });
    if (outcome.ok) onNextStep(outcome.result);
  };
  const legend = purpose === "setup" ? "Choose how to set up two-step sign-in" : "Choose how to get your code";
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={select.pending}>
      <fieldset className="choices">
        <legend>{legend}</legend>
        {types.map((type, index) => (
          <div className="checkbox" key={type}>
            <input
              id={`mfa-choice-${type}`}
              type="radio"
              name="mfaType"
              value={type}
              required
              checked={choice === type}
              onChange={() => setChoice(type)}
              ref={index === 0 ? first : undefined}
            />
            <label htmlFor={`mfa-choice-${type}`}>{MFA_LABELS[type]}</label>
          </div>
        ))}
      </fieldset>
      <SubmitButton pending={select.pending} label="Continue" pendingLabel="Continuing…" />
      {select.state.status === "error" ? <ErrorMessage error={select.state.error} /> : null}
    </form>
  );
}

/** CONTINUE_SIGN_IN_WITH_TOTP_SETUP: scan (or type) the secret, then prove it with a code. */
export function TotpSetupStep({
  sharedSecret,
  setupUri,
  onNextStep,
}: {
  sharedSecret: string;
  setupUri: string;
  onNextStep: OnNextStep;
}) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmSignInCode);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const friendlyDeviceName = formText(form, "deviceName");
    const outcome = await confirm.run({
      code: formText(form, "code"),
      ...(friendlyDeviceName ? { friendlyDeviceName } : {}),
    });
    if (outcome.ok) onNextStep(outcome.result);
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={confirm.pending}>
      <TotpSecret sharedSecret={sharedSecret} setupUri={setupUri} />
      <CodeField hint="The 6-digit code your authenticator app shows after adding Authhub" />
      <Field
        label="Authenticator name (optional)"
        name="deviceName"
        autoComplete="off"
        required={false}
        hint="For example “Phone”: it helps you recognise this app later."
      />
      <SubmitButton pending={confirm.pending} label="Confirm code" pendingLabel="Checking…" />
      {confirm.state.status === "error" ? (
        <ErrorMessage error={confirm.state.error} overrides={CODE_OVERRIDES.TOTP} />
      ) : null}
    </form>
  );
}

/** CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: the address that receives the codes from now on. */
export function EmailSetupForm({ defaultEmail, onNextStep }: { defaultEmail: string; onNextStep: OnNextStep }) {
  const { auth } = useServices();
  const setUp = useAction(auth.setUpEmailMfa);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await setUp.run({ email: formText(event.currentTarget, "mfaEmail") });
    if (outcome.ok) onNextStep(outcome.result);
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={setUp.pending}>
      <Field
        label="Email for sign-in codes"
        name="mfaEmail"
        type="email"
        autoComplete="email"
        defaultValue={defaultEmail}
        focusOnMount
      />
      <SubmitButton pending={setUp.pending} label="Send code" pendingLabel="Sending…" />
      {setUp.state.status === "error" ? <ErrorMessage error={setUp.state.error} /> : null}
    </form>
  );
}
