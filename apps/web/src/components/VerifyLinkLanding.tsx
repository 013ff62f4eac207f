/**
 * The verify-email link landing page: `/verify?username=…&code=…`, for a CustomMessage trigger that
 * links to the app instead of to the pool's own /confirmUser. Confirms on arrival and shows the outcome.
 */
import { useEffect, useRef } from "react";
import { useServices } from "../app/services";
import { Link, useRouter, Success, useAction } from "@authhub/ui";
import { ErrorMessage } from "./ui";

export function VerifyLinkLanding() {
  const { auth } = useServices();
  const { location } = useRouter();
  // Cognito's own links say user_name / confirmation_code; accept both spellings.
  const email = location.query.get("username") ?? location.query.get("user_name") ?? location.query.get("email") ?? "";
  const code = location.query.get("code") ?? location.query.get("confirmation_code") ?? "";
  const confirm = useAction(auth.confirmSignUp);
  const { run } = confirm;
  // A code is single-use: React's development double-effect must not send it twice.
  const started = useRef(false);

  useEffect(() => {
    if (started.current || !email || !code) return;
    started.current = true;
    void run({ email, code });
  }, [email, code, run]);

  if (!email || !code) {
    return (
      <p role="alert" className="message error">
        This verification link is incomplete. Open the link from the latest email again, or{" "}
        <Link to="/verify-email">enter the code by hand</Link>.
      </p>
    );
  }

  switch (confirm.state.status) {
    case "idle":
    case "pending":
      return (
        <p role="status" aria-busy="true">
          Verifying <strong>{email}</strong>…
        </p>
      );
    case "success":
      return (
        <div>
          <Success>
            Your email <strong className="address">{email}</strong> is verified.
          </Success>
          {/* One click to the sign-in form with the address filled in: only the password is left to type. */}
          <Link to={`/login?email=${encodeURIComponent(email)}`} className="button">
            Sign in
          </Link>
        </div>
      );
    case "error":
      return (
        <div>
          <ErrorMessage error={confirm.state.error} />
          <p>
            <Link to={`/resend-code?email=${encodeURIComponent(email)}`}>Get a new code</Link> or{" "}
            <Link to={`/verify-email?email=${encodeURIComponent(email)}`}>enter a code by hand</Link>.
          </p>
        </div>
      );
  }
}
