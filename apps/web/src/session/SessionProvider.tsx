/**
 * Keeps "who is signed in" in React state, driven by the Hub `auth` channel so that sign-ins,
 * sign-outs, silent refreshes and failed refreshes anywhere in the app show up on the page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { AuthClient, AuthEvent, CurrentUser } from "../auth/authClient";
import { humanizeError } from "../auth/errorMessages";

export type SessionStatus = { status: "loading" } | { status: "signedIn"; user: CurrentUser } | { status: "signedOut" };

export interface SessionNotice {
  tone: "info" | "error";
  text: string;
}

export interface SessionValue {
  session: SessionStatus;
  notice: SessionNotice | null;
  /** Re-reads the current user from Amplify (after sign-in, a code confirmation, …). */
  refresh(): Promise<void>;
  /** Called by the sign-out form: shows signed out with a confirmation at once, before the Hub event. */
  signedOut(notice: SessionNotice | null): void;
  dismissNotice(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export const SESSION_ENDED =
  "Your session has ended, for example because you signed out on all devices. Please sign in again.";

export function SessionProvider({
  auth,
  children,
}: {
  auth: Pick<AuthClient, "loadSession" | "onAuthEvent">;
  children: ReactNode;
}) {
  const [session, setSession] = useState<SessionStatus>({ status: "loading" });
  const [notice, setNotice] = useState<SessionNotice | null>(null);
  // Each load or sign-out bumps the generation; an older load finishing late must not overwrite it.
  const generation = useRef(0);
  // Sign-ins seen (Hub events). Only a sign-in can make a signed-out answer stale: a sign-out during
  // the load — including the one loadSession performs itself on a revoked session — cannot.
  const signIns = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const signInsAtStart = signIns.current;
    try {
      const snapshot = await auth.loadSession();
      if (snapshot.status === "signedOut") {
        if (signIns.current !== signInsAtStart) return;
        setSession({ status: "signedOut" });
        if (snapshot.ended) setNotice({ tone: "error", text: SESSION_ENDED });
        return;
      }
      if (mine !== generation.current) return;
      setSession({ status: "signedIn", user: snapshot.user });
    } catch (error) {
      if (mine !== generation.current) return;
      // Keep a known state if we had one (a network blip should not sign the user out on screen).
      setSession((previous) => (previous.status === "loading" ? { status: "signedOut" } : previous));
      setNotice({ tone: "error", text: `We could not check your session. ${humanizeError(error)}` });
    }
  }, [auth]);

  const signedOut = useCallback((next: SessionNotice | null) => {
    generation.current++;
    setSession({ status: "signedOut" });
    setNotice(next);
  }, []);

  useEffect(() => {
    const onEvent = (event: AuthEvent) => {
      switch (event.type) {
        case "signedIn":
        case "signInWithRedirect":
        case "tokenRefresh":
          signIns.current++;
          setNotice((current) => (current?.text === SESSION_ENDED ? null : current));
          void refresh();
          return;
        case "signedOut":
          generation.current++;
          setSession({ status: "signedOut" });
          return;
        case "tokenRefresh_failure":
          // Amplify has already cleared the tokens when the pool refused the refresh token.
          generation.current++;
          setSession({ status: "signedOut" });
          setNotice({ tone: "error", text: SESSION_ENDED });
          return;
        case "signInWithRedirect_failure":
          setNotice({ tone: "error", text: `Sign in with Google did not complete. ${humanizeError(event.error)}` });
          void refresh();
          return;
      }
    };
    const stop = auth.onAuthEvent(onEvent);
    void refresh();
    return stop;
  }, [auth, refresh]);

  const dismissNotice = useCallback(() => setNotice(null), []);
  const value = useMemo(
    () => ({ session, notice, refresh, signedOut, dismissNotice }),
    [session, notice, refresh, signedOut, dismissNotice],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession() needs a <SessionProvider> above it.");
  return value;
}
