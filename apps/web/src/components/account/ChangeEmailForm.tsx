/**
 * Change e-mail: UpdateUserAttributes with the new address, then VerifyUserAttribute with the code sent to it.
 * With AttributesRequireVerificationBeforeUpdate (UserAttributeUpdateSettingsType, Cognito API reference) the old
 * address stays the user's e-mail, for sign-in and messages, until the code is entered; without it the new
 * address replaces the old one at once, unverified. The page cannot read the pool's setting, so after the update
 * it reads the e-mail back (GetUser) and words the next step after what the pool did.
 */
import { useState, type FormEvent } from "react";
import type { CodeDelivery } from "../../auth/authClient";
import { useServices } from "../../app/services";
import { useSession } from "../../session/SessionProvider";
import { formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { describeDelivery, ErrorMessage, Field, Form } from "../ui";

const OVERRIDES = { AliasExistsException: "Another account already uses that email." };

interface Pending {
  email: string;
  delivery: CodeDelivery | null;
  /** true: the old address is still in force until the code (the pool keeps it); false: replaced at once. */
  oldKept: boolean;
}

export function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const { auth } = useServices();
  const { refresh } = useSession();
  const [pending, setPending] = useState<Pending | null>(null);
  const [sameAsCurrent, setSameAsCurrent] = useState(false);
  const [verified, setVerified] = useState<string | null>(null);
  const update = useAction(async (email: string): Promise<Pending> => {
    const delivery = await auth.updateEmail({ email });
    const after = await auth.fetchProfile();
    return { email, delivery, oldKept: after.email !== email };
  });
  const confirm = useAction(auth.confirmEmail);

  const onChange = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = formText(event.currentTarget, "newEmail");
    setVerified(null);
    setSameAsCurrent(email.toLowerCase() === currentEmail.toLowerCase());
    if (email.toLowerCase() === currentEmail.toLowerCase()) return;
    const outcome = await update.run(email);
    if (!outcome.ok) return;
    setPending(outcome.result);
    // Replaced at once, or nothing to verify: the header and the session show the new address now.
    if (!outcome.result.oldKept || outcome.result.delivery === null) await refresh();
  };

  const onConfirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!pending) return;
    const outcome = await confirm.run({ code: formText(event.currentTarget, "emailCode") });
    if (!outcome.ok) return;
    setVerified(pending.email);
    setPending(null);
    update.reset();
    await refresh();
  };

  if (pending && pending.delivery !== null) {
    return (
      <div>
        <div role="status" className="message success">
          {describeDelivery(pending.delivery, "a verification code")}{" "}
          {pending.oldKept ? (
            <>
              Until you enter it, your email stays <strong className="address">{currentEmail}</strong>: sign in with it,
              and messages go there.
            </>
          ) : (
            <>
              Your email is now <strong className="address">{pending.email}</strong>, not yet verified. Enter the code
              to verify it.
            </>
          )}
        </div>
        <Form onSubmit={(event) => void onConfirm(event)} onAttempt={confirm.reset} busy={confirm.pending}>
          <Field
            label="Code from the new address"
            name="emailCode"
            autoComplete="one-time-code"
            inputMode="numeric"
            hint={`The 6-digit code we sent to ${pending.email}.`}
            focusOnMount
          />
          <SubmitButton pending={confirm.pending} label="Verify new email" pendingLabel="Verifying…" />
          {confirm.state.status === "error" ? <ErrorMessage error={confirm.state.error} /> : null}
        </Form>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setPending(null);
            update.reset();
            confirm.reset();
          }}
        >
          Use another address
        </button>
      </div>
    );
  }

  return (
    <Form
      onSubmit={(event) => void onChange(event)}
      onAttempt={() => {
        update.reset();
        setSameAsCurrent(false);
        setVerified(null);
      }}
      busy={update.pending}
    >
      <Field
        label="New email"
        name="newEmail"
        type="email"
        autoComplete="email"
        maxLength={128}
        hint="We send a code to the new address to check that it is yours."
        error={sameAsCurrent ? "New email: this is already your email." : undefined}
      />
      <SubmitButton pending={update.pending} label="Change email" pendingLabel="Sending code…" />
      {verified !== null ? (
        <Success>
          Your email is now <strong className="address">{verified}</strong>, verified. Sign in with it from now on.
        </Success>
      ) : null}
      {pending && pending.delivery === null ? (
        <Success>
          Your email is now <strong className="address">{pending.email}</strong>.
        </Success>
      ) : null}
      {update.state.status === "error" ? <ErrorMessage error={update.state.error} overrides={OVERRIDES} /> : null}
    </Form>
  );
}
