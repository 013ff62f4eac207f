/** Layout, navigation and the route table: one page per capability, the signed-in home at `/`. */
import { type ReactNode, useEffect } from "react";
import { useServices } from "./app/services";
import { ChangeEmailForm } from "./components/account/ChangeEmailForm";
import { DeleteAccountForm } from "./components/account/DeleteAccountForm";
import { ProfileForm } from "./components/account/ProfileForm";
import { Banner } from "./components/Banner";
import { ChangePasswordForm } from "./components/ChangePasswordForm";
import { ConfirmResetPasswordForm } from "./components/ConfirmResetPasswordForm";
import { ConfirmSignUpForm } from "./components/ConfirmSignUpForm";
import { CurrentUserPanel } from "./components/CurrentUserPanel";
import { ForgotPasswordForm } from "./components/ForgotPasswordForm";
import { IdentityProviderButtons, providerLabel } from "./components/IdentityProviderButtons";
import { LogInForm } from "./components/LogInForm";
import { SECURITY_ANCHOR, SecuritySettings } from "./components/mfa/SecuritySettings";
import { RegisterForm } from "./components/RegisterForm";
import { ResendCodeForm } from "./components/ResendCodeForm";
import { SessionNotice } from "./components/SessionNotice";
import { SignOutForm } from "./components/SignOutForm";
import { Section, verificationNoun } from "./components/ui";
import { UsersTable } from "./components/UsersTable";
import { VerifyLinkLanding } from "./components/VerifyLinkLanding";
import type { AppConfig } from "./config/config";
import { Link, Redirect, useRouter, useSectionTarget, type Location } from "@authhub/ui";
import { useSession } from "./session/SessionProvider";

/**
 * What the navigation offers depends on who is there: the recovery pages (verify, resend, reset) are linked from
 * the forms that need them, not listed on every page.
 */
const NAV: Record<"signedIn" | "signedOut", Array<[path: string, label: string]>> = {
  signedOut: [
    ["/login", "Sign in"],
    ["/register", "Sign up"],
  ],
  signedIn: [
    ["/", "Account"],
    // A jump to the account page's security sections (ADR 0051): keyboard users skip the forms above them.
    [`/#${SECURITY_ANCHOR}`, "Security"],
  ],
};

/** Each page's name: the tab title ("Sign up · Authhub") and the page's top-level heading. */
const TITLES: Record<string, string> = {
  "/": "Account",
  "/register": "Sign up",
  "/login": "Sign in",
  // Only for the moment before its redirect to "/#security".
  "/security": "Account",
  "/verify-email": "Verify email",
  "/verify": "Verify email link",
  "/resend-code": "Resend verification email",
  "/forgot-password": "Forgot password",
  "/reset-password": "Reset password",
};

function page(location: Location, config: AppConfig): ReactNode {
  const email = location.query.get("email") ?? undefined;
  switch (location.path) {
    case "/":
      return <Home />;
    case "/register":
      return (
        <Section
          title="Sign up"
          description={`Create an account with your email address. We email you a ${verificationNoun(
            config.emailVerification,
          )} to verify it.`}
        >
          <RegisterForm />
        </Section>
      );
    case "/login":
      return (
        <>
          <Section title="Sign in">
            <AlreadySignedIn />
            <LogInForm defaultEmail={email} />
          </Section>
          <ProvidersSection />
        </>
      );
    case "/security":
      // The security settings are sections of the account page now (ADR 0051); links and bookmarks still land there.
      return <Redirect to={`/#${SECURITY_ANCHOR}`} />;
    case "/verify-email":
      // With link verification there is no code to type: the page says so and offers a new link.
      return config.emailVerification === "link" ? (
        <Section
          title="Verify email"
          description="Open the link in your verification email. Lost it? We send a new one."
        >
          <ResendCodeForm defaultEmail={email} />
        </Section>
      ) : (
        <Section title="Verify email" description="Enter the code from your verification email.">
          <ConfirmSignUpForm defaultEmail={email} />
        </Section>
      );
    case "/verify":
      return (
        <Section title="Verify email link">
          <VerifyLinkLanding />
        </Section>
      );
    case "/resend-code":
      return (
        <Section
          title="Resend verification email"
          description={`Lost the verification email? We send a new ${verificationNoun(config.emailVerification)}.`}
        >
          <ResendCodeForm defaultEmail={email} />
        </Section>
      );
    case "/forgot-password":
      return (
        <Section title="Forgot password" description="We email you a code to set a new password.">
          <ForgotPasswordForm defaultEmail={email} />
          <p className="aside">
            Already have a reset code? <Link to="/reset-password">Enter it with a new password</Link>.
          </p>
        </Section>
      );
    case "/reset-password":
      return (
        <Section
          title="Reset password"
          description="Enter the code from the password reset email and choose a new password."
        >
          <ConfirmResetPasswordForm defaultEmail={email} />
        </Section>
      );
    default:
      return (
        <Section title="Page not found">
          <p>
            There is no page at {location.path}. Go <Link to="/">home</Link>.
          </p>
        </Section>
      );
  }
}

function Home() {
  const { session } = useSession();
  const { location } = useRouter();
  useSectionTarget(session.status === "signedIn");
  if (session.status === "loading") {
    return (
      <p role="status" aria-busy="true" className="card">
        Checking your session…
      </p>
    );
  }
  if (session.status === "signedOut") {
    return (
      <>
        <Section title="Sign in">
          {location.hash === SECURITY_ANCHOR ? (
            // Arrived from /security or a bookmark of /#security: say why the settings are not shown.
            <p className="description">Sign in to see your security settings.</p>
          ) : null}
          {/* The pool's confirmation page links here with ?email= once a valid link has proved the address. */}
          <LogInForm defaultEmail={location.query.get("email") ?? undefined} />
        </Section>
        <ProvidersSection />
      </>
    );
  }
  const { user } = session;
  // Federated users' profile and e-mail come from their provider at every sign-in (attribute mapping), and their
  // password and two-step sign-in live there too: the pool's forms would be overwritten or refused.
  const provider = user.provider === undefined ? undefined : providerLabel(user.provider);
  const poolUser = provider === undefined;
  return (
    <>
      <Section title="Current user">
        <CurrentUserPanel user={user} />
      </Section>
      {poolUser ? (
        <Section
          anchor="profile"
          title="Profile"
          description="Your name as this app shows it. Leave a field empty to remove it."
        >
          <ProfileForm />
        </Section>
      ) : null}
      {poolUser && user.email !== undefined ? (
        <Section
          anchor="email"
          title="Email"
          description={
            <>
              Your email is <strong className="address">{user.email}</strong>.
            </>
          }
        >
          <ChangeEmailForm currentEmail={user.email} />
        </Section>
      ) : null}
      {poolUser ? (
        <Section anchor="password" title="Change password">
          <ChangePasswordForm />
        </Section>
      ) : null}
      {poolUser ? (
        <SecuritySettings accountName={user.email ?? user.username} />
      ) : (
        // Cognito leaves every sign-in step of a federated user to its identity provider, MFA included.
        <Section anchor={SECURITY_ANCHOR} title="Security">
          <p>
            You sign in with {provider}, so two-step sign-in and devices are managed in your {provider} account.
          </p>
        </Section>
      )}
      <Section title="Users" description="Calls the API's /users with your token.">
        <UsersTable />
      </Section>
      <Section title="Sign out">
        <SignOutForm />
      </Section>
      <Section anchor="delete-account" title="Delete account">
        <DeleteAccountForm />
      </Section>
    </>
  );
}

/** On /login while signed in: say so, since Amplify would refuse a second sign-in anyway. */
function AlreadySignedIn() {
  const { session } = useSession();
  if (session.status !== "signedIn") return null;
  return (
    <p role="status" className="message success">
      You are already signed in as {session.user.email ?? session.user.username}. <Link to="/">Go to your account</Link>
      , or sign out there to use another account.
    </p>
  );
}

function MainNav() {
  const { session } = useSession();
  if (session.status === "loading") return null;
  return (
    <nav aria-label="Main">
      <ul>
        {NAV[session.status].map(([path, label]) => (
          <li key={path}>
            <Link to={path}>{label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SessionSummary() {
  const { session } = useSession();
  if (session.status === "loading") return <span className="who">Checking session…</span>;
  if (session.status === "signedOut") return <span className="who">Signed out</span>;
  const { user } = session;
  return (
    <span className="who">
      Signed in as <strong>{user.email ?? user.username}</strong>
      {user.provider ? ` (${providerLabel(user.provider)})` : null}
    </span>
  );
}

export function App() {
  const { config } = useServices();
  const { location } = useRouter();
  const { session } = useSession();
  const title =
    location.path === "/" && session.status === "signedOut" ? "Sign in" : (TITLES[location.path] ?? "Page not found");
  const fullTitle = `${title} · Authhub`;
  useEffect(() => {
    document.title = fullTitle;
  }, [fullTitle]);
  return (
    <>
      <header>
        <Banner config={config} />
        <div className="top">
          <Link to="/" className="brand">
            Authhub
          </Link>
          <SessionSummary />
        </div>
        <MainNav />
      </header>
      <main className="page">
        {/* The page's name for screen readers and the outline (as the tab's); each card keeps its visible h2. */}
        <h1 className="visually-hidden">{fullTitle}</h1>
        <SessionNotice />
        {page(location, config)}
      </main>
    </>
  );
}

/** The identity providers' buttons, under "Sign in with Google" when Google is the only one. */
function ProvidersSection() {
  const { config } = useServices();
  const names = config.identityProviders;
  if (names.length === 0) return null;
  return (
    <Section title={names.length === 1 ? `Sign in with ${providerLabel(names[0]!)}` : "Sign in with another account"}>
      <IdentityProviderButtons />
    </Section>
  );
}
