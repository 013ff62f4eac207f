/** Register (signUp). On CONFIRM_SIGN_UP the code form appears right here, for the email just used. */
import { useState, type FormEvent } from "react";
import { useServices } from "../app/services";
import { Link } from "../routing/router";
import { ConfirmSignUpForm } from "./ConfirmSignUpForm";
import { describeDelivery, ErrorMessage, Field, formSecret, formValue, Success, SubmitButton, useAction } from "./ui";

export function RegisterForm() {
  const { auth } = useServices();
  const register = useAction(auth.signUp);
  const [email, setEmail] = useState("");

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = formValue(form, "email");
    setEmail(typed);
    void register.run({ email: typed, password: formSecret(form, "password") });
  };

  if (register.state.status === "success") {
    const { nextStep } = register.state.result;
    switch (nextStep.signUpStep) {
      case "CONFIRM_SIGN_UP":
        return (
          <div>
            <Success>
              Account created for <strong>{email}</strong>.{" "}
              {describeDelivery(nextStep.codeDeliveryDetails, "a verification email")} Enter the code from it below, or
              open the link in it.
            </Success>
            <ConfirmSignUpForm email={email} />
          </div>
        );
      case "DONE":
      case "COMPLETE_AUTO_SIGN_IN":
        // DONE: a pre-sign-up trigger confirmed the account already; nothing left but to log in.
        return (
          <Success>
            Account created for <strong>{email}</strong> and ready to use. <Link to="/login">Log in</Link>.
          </Success>
        );
    }
  }

  return (
    <form onSubmit={onSubmit} aria-busy={register.pending}>
      <Field label="Email" name="email" type="email" autoComplete="username" />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        hint="At least 8 characters, with upper- and lower-case letters, a number and a symbol."
      />
      <SubmitButton pending={register.pending} label="Register" pendingLabel="Creating account…" />
      {register.state.status === "error" ? <ErrorMessage error={register.state.error} /> : null}
    </form>
  );
}
