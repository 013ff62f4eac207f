import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SessionSnapshot } from "../auth/authClient";
import { SessionNotice } from "../components/SessionNotice";
import { alice, cognitoError, deferred, fakeAuth } from "../test/fakes";
import { SESSION_ENDED, SessionProvider, useSession } from "./SessionProvider";

function Probe() {
  const { session } = useSession();
  return <p data-testid="session">{session.status === "signedIn" ? `in:${session.user.email}` : session.status}</p>;
}

function mount(auth = fakeAuth()) {
  render(
    <SessionProvider auth={auth}>
      <SessionNotice />
      <Probe />
    </SessionProvider>,
  );
  return auth;
}

const status = () => screen.getByTestId("session").textContent;

describe("SessionProvider (Hub auth channel)", () => {
  it("subscribes to auth events and loads the session on start", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    mount(auth);
    expect(status()).toBe("loading");
    expect(auth.onAuthEvent).toHaveBeenCalledTimes(1);
    await screen.findByText("in:alice@example.com");
  });

  it.each(["signedIn", "signInWithRedirect", "tokenRefresh"] as const)("reloads the user on %s", async (type) => {
    const auth = mount();
    await screen.findByText("signedOut");
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    act(() => auth.emit({ type }));
    await screen.findByText("in:alice@example.com");
    expect(auth.loadSession).toHaveBeenCalledTimes(2);
  });

  it("shows signed out on signedOut", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    mount(auth);
    await screen.findByText("in:alice@example.com");
    act(() => auth.emit({ type: "signedOut" }));
    expect(status()).toBe("signedOut");
  });

  it("shows signed out with an explanation on tokenRefresh_failure", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    mount(auth);
    await screen.findByText("in:alice@example.com");
    act(() =>
      auth.emit({
        type: "tokenRefresh_failure",
        error: cognitoError("NotAuthorizedException", "Refresh Token has been revoked"),
      }),
    );
    expect(status()).toBe("signedOut");
    expect(screen.getByRole("alert")).toHaveTextContent(SESSION_ENDED);
  });

  it("explains a failed Google redirect", async () => {
    const auth = mount();
    await screen.findByText("signedOut");
    act(() =>
      auth.emit({
        type: "signInWithRedirect_failure",
        error: cognitoError("OAuthSignInException", "access_denied: user cancelled"),
      }),
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Sign in with Google did not complete. Sign in with Google was cancelled.",
    );
  });

  it("says the session ended when the pool rejected stored tokens (global sign-out elsewhere)", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedOut", ended: true });
    mount(auth);
    expect(await screen.findByRole("alert")).toHaveTextContent(SESSION_ENDED);
    expect(status()).toBe("signedOut");
  });

  it("says the session ended even when the load's own sign-out fires signedOut before it returns", async () => {
    const auth = fakeAuth();
    // What amplifyAuthClient.loadSession does on a revoked session: signOut() (Hub signedOut), then "ended".
    auth.loadSession.mockImplementation(async () => {
      auth.emit({ type: "signedOut" });
      return { status: "signedOut", ended: true };
    });
    mount(auth);
    expect(await screen.findByRole("alert")).toHaveTextContent(SESSION_ENDED);
    expect(status()).toBe("signedOut");
  });

  it("a signed-out answer that finishes after a new sign-in does not sign the user out", async () => {
    const auth = fakeAuth();
    mount(auth);
    await screen.findByText("signedOut");
    const slow = deferred<SessionSnapshot>();
    auth.loadSession.mockReturnValueOnce(slow.promise).mockResolvedValue({ status: "signedIn", user: alice });
    act(() => auth.emit({ type: "tokenRefresh" }));
    act(() => auth.emit({ type: "signedIn" }));
    await screen.findByText("in:alice@example.com");
    await act(async () => slow.resolve({ status: "signedOut", ended: true }));
    expect(status()).toBe("in:alice@example.com");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("a load that finishes after a sign-out does not sign the user back in", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    mount(auth);
    await screen.findByText("in:alice@example.com");
    const slow = deferred<SessionSnapshot>();
    auth.loadSession.mockReturnValue(slow.promise);
    act(() => auth.emit({ type: "tokenRefresh" }));
    act(() => auth.emit({ type: "signedOut" }));
    await act(async () => slow.resolve({ status: "signedIn", user: alice }));
    expect(status()).toBe("signedOut");
  });

  it("keeps the known state and explains when the check itself fails", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    mount(auth);
    await screen.findByText("in:alice@example.com");
    auth.loadSession.mockRejectedValue(cognitoError("NetworkError"));
    act(() => auth.emit({ type: "tokenRefresh" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not check your session. Cannot reach the sign-in service.",
    );
    expect(status()).toBe("in:alice@example.com");
  });

  it("unsubscribes on unmount", async () => {
    const auth = fakeAuth();
    const view = render(
      <SessionProvider auth={auth}>
        <Probe />
      </SessionProvider>,
    );
    await screen.findByText("signedOut");
    view.unmount();
    auth.emit({ type: "signedIn" });
    expect(auth.loadSession).toHaveBeenCalledTimes(1);
  });
});
