/**
 * The console shell: reads the session, then shows the sign-in page (production, signed out), an explanation
 * (development from a non-loopback address), or the page of the current route inside the navigation.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ConsoleApi, SessionInfo } from "./api/consoleApi";
import { ErrorMessage, PageTitle } from "./components/ui";
import { AuditPage } from "./pages/AuditPage";
import { ClientNewPage, ClientPage, ClientsPage } from "./pages/ClientsPages";
import { MailboxPage, RequestsPage, SmsPage } from "./pages/dev/DevPages";
import { GroupsPage } from "./pages/GroupsPage";
import { IdentityProvidersPage } from "./pages/IdentityProvidersPage";
import { PoolPage } from "./pages/PoolPage";
import { PoolNewPage, PoolsPage } from "./pages/PoolsPage";
import { ResourceServersPage } from "./pages/ResourceServersPage";
import { SignInPage } from "./pages/SignInPage";
import { TokenInspectorPage } from "./pages/TokenInspectorPage";
import { UserPage } from "./pages/UserPage";
import { UserNewPage, UsersPage } from "./pages/UsersPage";
import { Link, Router, useRouter } from "@authhub/ui";
import { matchRoute, type Route } from "./routing/routes";
import { ConsoleProvider } from "./session/ConsoleContext";

type Boot = { status: "loading" } | { status: "ready"; session: SessionInfo } | { status: "error"; error: unknown };

export function App({ api, base }: { api: ConsoleApi; base?: string }) {
  const [boot, setBoot] = useState<Boot>({ status: "loading" });
  const refreshSession = useCallback(() => {
    api.session().then(
      (session) => setBoot({ status: "ready", session }),
      (error: unknown) => setBoot({ status: "error", error }),
    );
  }, [api]);
  useEffect(refreshSession, [refreshSession]);
  return (
    <Router base={base ?? import.meta.env.BASE_URL}>
      {boot.status === "loading" ? (
        <Shell>
          <p aria-live="polite">Loading the console…</p>
        </Shell>
      ) : boot.status === "error" ? (
        <Shell>
          <PageTitle>The console cannot start</PageTitle>
          <ErrorMessage error={boot.error} />
        </Shell>
      ) : (
        <Signed api={api} session={boot.session} refreshSession={refreshSession} />
      )}
    </Router>
  );
}

function Signed({
  api,
  session,
  refreshSession,
}: {
  api: ConsoleApi;
  session: SessionInfo;
  refreshSession: () => void;
}) {
  const value = useMemo(() => ({ api, session, refreshSession }), [api, session, refreshSession]);
  const { location, navigate } = useRouter();
  if (!session.signedIn) {
    return (
      <ConsoleProvider value={value}>
        <Shell>
          {session.mode === "production" ? (
            <SignInPage
              onSignedIn={() => {
                refreshSession();
                if (location.path === "/sign-in") navigate("/pools", { replace: true });
              }}
            />
          ) : (
            <>
              <PageTitle>Open the console from this computer</PageTitle>
              <p>
                In development the console opens without a sign-in, but only for a browser on the same computer as the
                server (a loopback address such as localhost). Open it as <code>http://localhost:9229/_console/</code>.
              </p>
            </>
          )}
        </Shell>
      </ConsoleProvider>
    );
  }
  return (
    <ConsoleProvider value={value}>
      <Shell
        status={<SessionBanner session={session} onSignOut={() => void api.signOut().finally(refreshSession)} />}
        nav={<MainNav dev={session.mode === "development"} />}
      >
        <Page route={matchRoute(location.path)} />
      </Shell>
    </ConsoleProvider>
  );
}

function Shell({ children, nav, status }: { children: ReactNode; nav?: ReactNode; status?: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header>
        {status}
        <div className="top">
          <span className="brand">Authhub console</span>
        </div>
      </header>
      {nav}
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Which mode the server runs in and who is signed in: always in sight, as the web app's banner. */
function SessionBanner({ session, onSignOut }: { session: SessionInfo; onSignOut: () => void }) {
  const dev = session.mode === "development";
  return (
    <div className={`banner ${dev ? "local" : "prod"}`}>
      <span>{dev ? "Development: open to this computer only, without a sign-in" : "Production"}</span>
      {session.who ? <span>Signed in as {session.who}</span> : null}
      {dev ? null : (
        <button type="button" className="link-button" onClick={onSignOut}>
          Sign out
        </button>
      )}
    </div>
  );
}

function MainNav({ dev }: { dev: boolean }) {
  return (
    <nav aria-label="Console">
      <ul>
        <li>
          <Link to="/pools" exact={false}>
            User pools
          </Link>
        </li>
        <li>
          <Link to="/tokens">Token inspector</Link>
        </li>
        <li>
          <Link to="/audit">Audit log</Link>
        </li>
        {dev ? (
          <>
            <li>
              <Link to="/dev/mailbox">Mailbox</Link>
            </li>
            <li>
              <Link to="/dev/sms">SMS outbox</Link>
            </li>
            <li>
              <Link to="/dev/requests">Request log</Link>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "pools":
    case "sign-in":
      return <PoolsPage />;
    case "pool-new":
      return <PoolNewPage />;
    case "pool":
      return <PoolPage key={route.poolId} poolId={route.poolId} />;
    case "clients":
      return <ClientsPage key={route.poolId} poolId={route.poolId} />;
    case "client-new":
      return <ClientNewPage poolId={route.poolId} />;
    case "client":
      return <ClientPage key={route.clientId} poolId={route.poolId} clientId={route.clientId} />;
    case "users":
      return <UsersPage key={route.poolId} poolId={route.poolId} />;
    case "user-new":
      return <UserNewPage poolId={route.poolId} />;
    case "user":
      return <UserPage key={route.username} poolId={route.poolId} username={route.username} />;
    case "groups":
      return <GroupsPage key={route.poolId} poolId={route.poolId} />;
    case "idps":
      return <IdentityProvidersPage key={route.poolId} poolId={route.poolId} />;
    case "resource-servers":
      return <ResourceServersPage key={route.poolId} poolId={route.poolId} />;
    case "mailbox":
      return <MailboxPage />;
    case "sms":
      return <SmsPage />;
    case "requests":
      return <RequestsPage />;
    case "tokens":
      return <TokenInspectorPage />;
    case "audit":
      return <AuditPage />;
    case "not-found":
      return (
        <>
          <PageTitle>Page not found</PageTitle>
          <p>
            <Link to="/pools">Go to the user pools</Link>
          </p>
        </>
      );
  }
}
