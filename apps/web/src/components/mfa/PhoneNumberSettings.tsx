/**
 * The phone number text-message codes go to: add or change it (UpdateUserAttributes), and verify it with
 * the texted code (GetUserAttributeVerificationCode → VerifyUserAttribute). A pool that auto-verifies
 * phone numbers texts the code as soon as the number is saved; otherwise the user asks for one.
 */
import { useState, type FormEvent } from "react";
import type { CodeDelivery, PhoneNumber } from "../../auth/authClient";
import { SMS_CODE_WRONG } from "../../auth/errorMessages";
import { useServices } from "../../app/services";
import { formText, SubmitButton, Success, useAction } from "@authhub/ui";
import { describeDelivery, ErrorMessage, Field } from "../ui";

/** E.164, the only form Cognito accepts for phone_number: "+", a country code, at most 15 digits. */
const E164 = "\\+[1-9][0-9]{1,14}";

const CODE_OVERRIDES = {
  CodeMismatchException: SMS_CODE_WRONG,
  ExpiredCodeException: "That code has expired. Send a new code and use the one in the latest text message.",
};

export type PhoneState =
  | { status: "loading" }
  | { status: "loaded"; value: PhoneNumber }
  | { status: "error"; error: unknown };

export function PhoneNumberSettings({ phone, onChanged }: { phone: PhoneState; onChanged(): Promise<void> }) {
  const { auth } = useServices();
  const save = useAction(auth.updatePhoneNumber);
  const send = useAction(auth.sendPhoneVerificationCode);
  // Where the latest code went, while the page waits for it; null when no code is on its way.
  const [codeSent, setCodeSent] = useState<CodeDelivery | null>(null);
  const [verified, setVerified] = useState(false);

  const onSave = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setVerified(false);
    const outcome = await save.run({ phoneNumber: formText(event.currentTarget, "phoneNumber") });
    if (outcome.ok) {
      setCodeSent(outcome.result);
      await onChanged();
    }
  };

  const onSend = async () => {
    setVerified(false);
    const outcome = await send.run();
    if (outcome.ok) setCodeSent(outcome.result);
  };

  if (phone.status === "loading") return <p aria-busy="true">Loading your phone number…</p>;
  if (phone.status === "error") return <ErrorMessage error={phone.error} />;
  const { value, verified: isVerified } = phone.value;
  return (
    <div>
      <p data-testid="phone-status">
        {value ? (
          <>
            Your phone number is <span className="mono">{value}</span> ({isVerified ? "verified" : "not verified"}).
          </>
        ) : (
          "No phone number yet."
        )}
      </p>
      {codeSent ? (
        <ConfirmPhoneForm
          codeSent={codeSent}
          resending={send.pending}
          onResend={onSend}
          onVerified={async () => {
            setCodeSent(null);
            setVerified(true);
            await onChanged();
          }}
        />
      ) : (
        <>
          <form onSubmit={(event) => void onSave(event)} aria-busy={save.pending}>
            <Field
              label="Phone number"
              name="phoneNumber"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              pattern={E164}
              defaultValue={value}
              hint="In international format: + and the country code, then the number, e.g. +15555550123."
            />
            <SubmitButton pending={save.pending} label="Save phone number" pendingLabel="Saving…" />
            {save.state.status === "error" ? (
              <ErrorMessage
                error={save.state.error}
                overrides={{
                  InvalidParameterException: "Enter the number in international format, e.g. +15555550123.",
                }}
              />
            ) : null}
          </form>
          {value && !isVerified ? (
            <div className="actions">
              <button type="button" onClick={() => void onSend()} disabled={send.pending}>
                {send.pending ? "Sending…" : "Send a verification code"}
              </button>
            </div>
          ) : null}
        </>
      )}
      {save.state.status === "success" && !codeSent && !verified ? (
        <Success>Your phone number is saved.</Success>
      ) : null}
      {verified ? <Success>Your phone number is verified.</Success> : null}
      {send.state.status === "error" ? <ErrorMessage error={send.state.error} /> : null}
    </div>
  );
}

/** The texted code, with a way to ask for another. */
function ConfirmPhoneForm({
  codeSent,
  resending,
  onResend,
  onVerified,
}: {
  codeSent: CodeDelivery;
  resending: boolean;
  onResend(): Promise<void>;
  onVerified(): Promise<void>;
}) {
  const { auth } = useServices();
  const confirm = useAction(auth.confirmPhoneNumber);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await confirm.run({ code: formText(event.currentTarget, "code") });
    if (outcome.ok) await onVerified();
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={confirm.pending}>
      <p role="status">{describeDelivery(codeSent, "a 6-digit code")} Enter it to verify your phone number.</p>
      <Field
        label="Verification code"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        pattern="[0-9]{6}"
        maxLength={6}
        hint="6 digits"
        focusOnMount
      />
      <div className="actions">
        <SubmitButton pending={confirm.pending} label="Verify phone number" pendingLabel="Checking…" />
        <button type="button" className="secondary" onClick={() => void onResend()} disabled={resending}>
          {resending ? "Sending…" : "Send a new code"}
        </button>
      </div>
      {confirm.state.status === "error" ? (
        <ErrorMessage error={confirm.state.error} overrides={CODE_OVERRIDES} />
      ) : null}
    </form>
  );
}
