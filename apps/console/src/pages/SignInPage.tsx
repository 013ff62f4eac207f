/**
 * Production sign-in: as a member of the configured admin group of the configured pool (that pool's password and
 * MFA rules apply) or with an admin access key. An MFA challenge turns the page into its code step.
 */
import { useState, type FormEvent } from "react";
import type { MfaChallenge, SignInRequest, SignInResult } from "../api/consoleApi";
import { Field, formRaw, formText, useAction } from "@authhub/ui";
import { ErrorMessage, PageTitle, Section } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

const CODE_PROMPT: Partial<Record<MfaChallenge, string>> = {
  SOFTWARE_TOKEN_MFA: "Enter the 6-digit code from your authenticator app.",
  EMAIL_OTP: "Enter the code we e-mailed you.",
  SMS_MFA: "Enter the code we sent you by text message.",
};

const FACTOR_CHOICES = [
  { value: "SOFTWARE_TOKEN_MFA", label: "Authenticator app" },
  { value: "EMAIL_OTP", label: "Email" },
  { value: "SMS_MFA", label: "Text message" },
];

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const api = useApi();
  const [how, setHow] = useState<"pool" | "key">("pool");
  const [challenge, setChallenge] = useState<{ challenge: MfaChallenge; step: string }>();
  const [codeError, setCodeError] = useState<string>();
  const handle = (result: SignInResult) => {
    if (result.signedIn) onSignedIn();
    else setChallenge({ challenge: result.challenge, step: result.step });
  };
  const signIn = useAction(async (req: SignInRequest) => handle(await api.signIn(req)));
  const respond = useAction(async (req: { step: string; code: string } | { step: string; answer: string }) =>
    handle(await api.respond(req)),
  );

  const submitCredentials = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = event.currentTarget;
    void signIn.run(
      how === "pool"
        ? { userPoolId: formText(f, "userPoolId"), username: formText(f, "username"), password: formRaw(f, "password") }
        : { accessKeyId: formText(f, "accessKeyId"), secretAccessKey: formRaw(f, "secretAccessKey") },
    );
  };

  if (challenge) {
    const step = challenge.step;
    if (challenge.challenge === "MFA_SETUP")
      return (
        <>
          <PageTitle>Set up MFA first</PageTitle>
          <p role="alert" className="message error">
            Your pool requires MFA and your account has none yet. Set up an authenticator in the app you normally sign
            in to, then sign in to the console again.
          </p>
          <button type="button" className="secondary" onClick={() => setChallenge(undefined)}>
            Back to sign-in
          </button>
        </>
      );
    if (challenge.challenge === "SELECT_MFA_TYPE")
      return (
        <>
          <PageTitle>Choose how to confirm it is you</PageTitle>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const answer = formText(e.currentTarget, "answer");
              if (answer) void respond.run({ step, answer });
            }}
          >
            <fieldset className="choices">
              <legend>Second factor</legend>
              {FACTOR_CHOICES.map((c, i) => (
                <div className="checkbox" key={c.value}>
                  <input id={`factor-${c.value}`} type="radio" name="answer" value={c.value} defaultChecked={i === 0} />
                  <label htmlFor={`factor-${c.value}`}>{c.label}</label>
                </div>
              ))}
            </fieldset>
            {respond.state.status === "error" ? <ErrorMessage error={respond.state.error} /> : null}
            <button type="submit" disabled={respond.pending}>
              Continue
            </button>
          </form>
        </>
      );
    return (
      <>
        <PageTitle>Enter your code</PageTitle>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const code = formText(e.currentTarget, "code");
            if (!/^\d{6,8}$/.test(code)) {
              setCodeError("Enter the code: 6 to 8 digits");
              return;
            }
            setCodeError(undefined);
            void respond.run({ step, code });
          }}
        >
          <Field
            label="Code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint={CODE_PROMPT[challenge.challenge]}
            error={codeError}
            focusOnMount
          />
          {respond.state.status === "error" ? <ErrorMessage error={respond.state.error} /> : null}
          <button type="submit" disabled={respond.pending}>
            {respond.pending ? "Checking…" : "Sign in"}
          </button>
        </form>
      </>
    );
  }

  return (
    <>
      <PageTitle>Sign in to the console</PageTitle>
      <Section title="How do you sign in?">
        <fieldset className="choices">
          <legend>Sign in with</legend>
          <div className="checkbox">
            <input id="how-pool" type="radio" name="how" checked={how === "pool"} onChange={() => setHow("pool")} />
            <label htmlFor="how-pool">An administrator account of a user pool</label>
          </div>
          <div className="checkbox">
            <input id="how-key" type="radio" name="how" checked={how === "key"} onChange={() => setHow("key")} />
            <label htmlFor="how-key">An admin access key</label>
          </div>
        </fieldset>
        <form onSubmit={submitCredentials} aria-busy={signIn.pending}>
          {how === "pool" ? (
            <>
              <Field label="User pool ID" name="userPoolId" required autoComplete="off" />
              <Field label="Username" name="username" required autoComplete="username" />
              <Field label="Password" name="password" type="password" required autoComplete="current-password" />
            </>
          ) : (
            <>
              <Field label="Access key ID" name="accessKeyId" required autoComplete="username" />
              <Field
                label="Secret access key"
                name="secretAccessKey"
                type="password"
                required
                autoComplete="current-password"
              />
            </>
          )}
          {signIn.state.status === "error" ? <ErrorMessage error={signIn.state.error} /> : null}
          <button type="submit" disabled={signIn.pending}>
            {signIn.pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </Section>
    </>
  );
}
