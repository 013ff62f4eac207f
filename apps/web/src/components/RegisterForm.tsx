/**
 * Register (signUp). On CONFIRM_SIGN_UP the code form appears right here, for the email just used.
 * Confirming the code signs the user in (Amplify's autoSignIn: SRP with the password just chosen). Where the pool
 * allows a passwordless first factor, "Sign up without a password" signs up with none; confirming the code then
 * signs in with USER_AUTH and ConfirmSignUp's session.
 */
import { useState, type FormEvent } from "react";
import { useServices } from "../app/services";
import { Link, formRaw, formText, Success, SubmitButton, useAction } from "@authhub/ui";
import { ConfirmSignUpForm, OpenTheLink } from "./ConfirmSignUpForm";
import { describeDelivery, ErrorMessage, Field, Form, PasswordField, verificationNoun } from "./ui";

export function RegisterForm() {
  const { auth, config } = useServices();
  const register = useAction(auth.signUp);
  const registerPasswordless = useAction(auth.signUpWithoutPassword);
  const [email, setEmail] = useState("");
  const [withoutPassword, setWithoutPassword] = useState(false);
  const canGoPasswordless = config.signInFactors.some((factor) => factor !== "PASSWORD");
  const outcome = withoutPassword ? registerPasswordless : register;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = formText(form, "email");
    setEmail(typed);
    if (withoutPassword) void registerPasswordless.run({ email: typed });
    else void register.run({ email: typed, password: formRaw(form, "password") });
  };

  if (outcome.state.status === "success") {
    const { nextStep } = outcome.state.result;
    switch (nextStep.signUpStep) {
      case "CONFIRM_SIGN_UP": {
        const kind = config.emailVerification;
        const intro = (
          <Success>
            Account created for <strong className="address">{email}</strong>.{" "}
            {describeDelivery(nextStep.codeDeliveryDetails, `a ${verificationNoun(kind)}`)}{" "}
            {kind === "link"
              ? "Open the link in it to verify your email."
              : "Enter the code below. Confirming it signs you in."}
          </Success>
        );
        return kind === "link" ? (
          <OpenTheLink email={email} intro={intro} passwordless={withoutPassword} />
        ) : (
          <ConfirmSignUpForm email={email} intro={intro} />
        );
      }
      case "DONE":
      case "COMPLETE_AUTO_SIGN_IN":
        // DONE: a pre-sign-up trigger confirmed the account already; nothing left but to sign in.
        return (
          <Success>
            Account created for <strong className="address">{email}</strong> and ready to use.{" "}
            <Link to="/login">Sign in</Link>.
          </Success>
        );
    }
  }

  return (
    <Form
      onSubmit={onSubmit}
      onAttempt={() => {
        register.reset();
        registerPasswordless.reset();
      }}
      busy={outcome.pending}
    >
      <Field label="Email" name="email" type="email" autoComplete="username" />
      {canGoPasswordless ? (
        <div className="checkbox">
          <input
            id="register-without-password"
            type="checkbox"
            checked={withoutPassword}
            onChange={(event) => setWithoutPassword(event.target.checked)}
            aria-describedby="register-without-password-hint"
          />
          <label htmlFor="register-without-password">Sign up without a password</label>
          <p id="register-without-password-hint" className="hint">
            Sign in with a code we email you, and add a passkey later in your security settings.
          </p>
        </div>
      ) : null}
      {withoutPassword ? null : <PasswordField label="Password" name="password" newPassword />}
      <SubmitButton pending={outcome.pending} label="Sign up" pendingLabel="Creating account…" />
      {outcome.state.status === "error" ? <ErrorMessage error={outcome.state.error} /> : null}
    </Form>
  );
}
