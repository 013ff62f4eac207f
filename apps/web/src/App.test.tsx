import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { ConfigErrorPage } from "./components/ConfigErrorPage";
import { parseConfig } from "./config/config";
import { alice, cognitoError, fakeAuth, renderApp, signedInAuth, testConfig } from "./test/fakes";

const google = {
  ...alice,
  username: "Google_1234567890",
  email: "gina@gmail.com",
  provider: "Google",
  emailVerified: undefined,
};

describe("App", () => {
  it("shows which backend it talks to in the banner", async () => {
    renderApp(<App />);
    expect(screen.getByRole("note", { name: "Backend" })).toHaveTextContent("Local userpool (http://localhost:9229)");
    await screen.findByText("Signed out");
  });

  it("says AWS Cognito and the region when no endpoint is set", async () => {
    renderApp(<App />, {
      config: { ...testConfig, userPoolEndpoint: undefined, userPoolId: "eu-west-1_Abc", region: "eu-west-1" },
    });
    expect(screen.getByRole("note", { name: "Backend" })).toHaveTextContent("AWS Cognito (eu-west-1)");
    await screen.findByText("Signed out");
  });

  it("shows a loading state while the session is checked, then the sign-in form", async () => {
    const auth = fakeAuth();
    let finish!: () => void;
    auth.loadSession.mockReturnValue(
      new Promise((resolve) => (finish = () => resolve({ status: "signedOut", ended: false }))),
    );
    renderApp(<App />, { auth });
    expect(screen.getByText("Checking your session…")).toBeInTheDocument();
    finish();
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in with Google" })).toBeInTheDocument();
  });

  it("signed out, the navigation offers sign in and register; recovery pages are linked where needed", async () => {
    renderApp(<App />);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    const links = within(nav)
      .getAllByRole("link")
      .map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual([
      ["Sign in", "/login"],
      ["Sign up", "/register"],
    ]);
    // The sign-in form links the recovery pages a signed-out user may need.
    expect(screen.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
    expect(screen.getByRole("link", { name: "Resend the verification email" })).toHaveAttribute("href", "/resend-code");
    const user = userEvent.setup();
    await user.click(within(nav).getByRole("link", { name: "Sign up" }));
    expect(screen.getByRole("heading", { name: "Sign up" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/register");
    expect(document.title).toBe("Sign up · Authhub");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Sign up · Authhub");
    expect(within(nav).getByRole("link", { name: "Sign up" })).toHaveAttribute("aria-current", "page");
    await user.click(screen.getByRole("link", { name: "Sign in" }));
    await user.click(screen.getByRole("link", { name: "Forgot your password?" }));
    expect(screen.getByRole("link", { name: "Enter it with a new password" })).toHaveAttribute(
      "href",
      "/reset-password",
    );
  });

  it("signed in, the navigation offers the account page and its security sections, not sign-in pages", async () => {
    const auth = signedInAuth(alice);
    renderApp(<App />, { auth });
    await screen.findByRole("heading", { name: "Current user" });
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((a) => [a.textContent, a.getAttribute("href")]),
    ).toEqual([
      ["Account", "/"],
      ["Security", "/#security"],
    ]);
    // The jump to the security sections is not a page of its own: only "Account" is the current page.
    expect(within(nav).getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Security" })).not.toHaveAttribute("aria-current");
    expect(document.title).toBe("Account · Authhub");
  });

  it("follows the browser's back button", async () => {
    renderApp(<App />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Forgot your password?" }));
    expect(screen.getByRole("heading", { name: "Forgot password" })).toBeInTheDocument();
    window.history.back();
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("shows the current user, users, change password and sign out when signed in", async () => {
    const auth = signedInAuth({ ...alice, emailVerified: false });
    renderApp(<App />, { auth });
    const panel = (await screen.findByRole("heading", { name: "Current user" })).closest("section") as HTMLElement;
    expect(within(panel).getByText("alice@example.com")).toBeInTheDocument();
    expect(within(panel).getByText("Not verified")).toBeInTheDocument();
    expect(within(panel).getByText("Email and password")).toBeInTheDocument();
    expect(within(panel).getByText("5")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Get users" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Change password" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("hides change password for a federated (Google) user and names the provider", async () => {
    const auth = signedInAuth(google);
    renderApp(<App />, { auth });
    const panel = (await screen.findByRole("heading", { name: "Current user" })).closest("section") as HTMLElement;
    expect(within(panel).getByText("Google")).toBeInTheDocument();
    expect(within(panel).getByText("Unknown")).toBeInTheDocument();
    expect(screen.getByText(/Signed in as/)).toHaveTextContent("Signed in as gina@gmail.com (Google)");
    expect(screen.queryByRole("heading", { name: "Change password" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Current password")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("names a social provider as its button does (Apple, Amazon), not by Cognito's provider name", async () => {
    for (const [provider, label] of [
      ["SignInWithApple", "Apple"],
      ["LoginWithAmazon", "Amazon"],
      ["DevSAML", "DevSAML"],
    ] as const) {
      const auth = signedInAuth({ ...google, username: `${provider}_1`, email: "kim@example.com", provider });
      const { unmount } = renderApp(<App />, { auth });
      const panel = (await screen.findByRole("heading", { name: "Current user" })).closest("section") as HTMLElement;
      expect(within(panel).getByText(label)).toBeInTheDocument();
      expect(screen.getByText(/Signed in as/)).toHaveTextContent(`Signed in as kim@example.com (${label})`);
      expect(screen.getByText(/You sign in with/)).toHaveTextContent(
        `You sign in with ${label}, so two-step sign-in and devices are managed in your ${label} account.`,
      );
      unmount();
    }
  });

  it("signs out of all devices and shows it", async () => {
    const auth = signedInAuth(alice);
    auth.signOut.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Sign out of all devices"));
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledWith({ global: true });
    expect(await screen.findByRole("status")).toHaveTextContent("You are signed out on all devices.");
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByText("Signed out")).toBeInTheDocument();
  });

  it("signs out of this device only by default", async () => {
    const auth = signedInAuth(alice);
    auth.signOut.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledWith({ global: false });
    expect(await screen.findByRole("status")).toHaveTextContent("You are signed out.");
  });

  it('a new sign-in attempt clears "You are signed out", so it never stands beside the new error', async () => {
    const auth = signedInAuth(alice);
    auth.signOut.mockResolvedValue(undefined);
    auth.signIn.mockRejectedValue(cognitoError("NotAuthorizedException", "Incorrect username or password."));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("status")).toHaveTextContent("You are signed out.");
    await user.type(screen.getByLabelText("Email"), "alice@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not right.");
    expect(screen.queryByText("You are signed out.")).not.toBeInTheDocument();
  });

  it("keeps the user signed in and explains when sign-out fails", async () => {
    const auth = signedInAuth(alice);
    auth.signOut.mockRejectedValue(cognitoError("OAuthSignOutException"));
    auth.fetchProfile.mockResolvedValue({ email: alice.email });
    renderApp(<App />, { auth });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/could not sign you out of the hosted sign-in page/);
    expect(screen.getByRole("heading", { name: "Current user" })).toBeInTheDocument();
  });

  it("signed out, / with ?email= (the pool's confirmation page links there) fills in the address", async () => {
    renderApp(<App />, { path: "/?email=frank%40example.com" });
    expect(await screen.findByLabelText("Email")).toHaveValue("frank@example.com");
    expect(screen.getByLabelText("Password")).toHaveFocus();
  });

  it("on /login, says when the user is already signed in", async () => {
    const auth = signedInAuth(alice);
    renderApp(<App />, { auth, path: "/login" });
    expect(await screen.findByRole("status")).toHaveTextContent("You are already signed in as alice@example.com.");
    expect(screen.getByRole("link", { name: "Go to your account" })).toHaveAttribute("href", "/");
  });

  it("answers an unknown path with a not-found page", async () => {
    renderApp(<App />, { path: "/nope" });
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    await screen.findByText("Signed out");
  });
});

describe("ConfigErrorPage", () => {
  it("lists every configuration problem", () => {
    const result = parseConfig({ VITE_USER_POOL_ID: "nope" });
    if (result.ok) throw new Error("expected problems");
    render(<ConfigErrorPage problems={result.problems} />);
    expect(screen.getByRole("heading", { name: "The app is not configured" })).toBeInTheDocument();
    const alert = screen.getByRole("alert");
    expect(within(alert).getAllByRole("listitem")).toHaveLength(3);
    expect(alert).toHaveTextContent('VITE_USER_POOL_ID "nope" is not a user pool ID');
    expect(alert).toHaveTextContent("VITE_API_URL is missing");
  });
});
