/** The account page's forms: profile, change e-mail, delete account; every message each can show. */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { alice, cognitoError, deferred, renderApp, signedInAuth } from "../../test/fakes";

function signedIn(profile: Record<string, string> = { email: "alice@example.com", name: "Alice Liddell" }) {
  const auth = signedInAuth(alice);
  auth.fetchProfile.mockResolvedValue(profile);
  return auth;
}

const section = (name: string) => screen.getByRole("region", { name });

describe("Profile", () => {
  it("shows a loading state, then the saved values", async () => {
    const auth = signedIn();
    const answer = deferred<Record<string, string>>();
    auth.fetchProfile.mockReturnValue(answer.promise);
    renderApp(<App />, { auth });
    expect(await screen.findByText("Loading your profile…")).toBeInTheDocument();
    answer.resolve({ name: "Alice Liddell", family_name: "Liddell" });
    expect(await screen.findByLabelText("Full name")).toHaveValue("Alice Liddell");
    expect(screen.getByLabelText("Last name")).toHaveValue("Liddell");
    expect(screen.getByLabelText("First name")).toHaveValue("");
    expect(screen.getByLabelText("Preferred username")).toHaveValue("");
  });

  it("says why the profile could not be loaded", async () => {
    const auth = signedIn();
    auth.fetchProfile.mockRejectedValue(cognitoError("TooManyRequestsException"));
    renderApp(<App />, { auth });
    await screen.findByRole("heading", { name: "Profile" });
    expect(await within(section("Profile")).findByRole("alert")).toHaveTextContent("Too many requests right now.");
  });

  it("saves only what changed, and deletes a cleared field", async () => {
    const auth = signedIn();
    auth.updateProfile.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.clear(await screen.findByLabelText("Full name"));
    await user.type(screen.getByLabelText("First name"), "Alice");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await within(section("Profile")).findByRole("status")).toHaveTextContent("Your profile is saved.");
    expect(auth.updateProfile).toHaveBeenCalledWith({ set: { given_name: "Alice" }, remove: ["name"] });
    // Saving again with nothing changed sends nothing.
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await within(section("Profile")).findByRole("status")).toHaveTextContent(
      "Nothing to save: no field has changed.",
    );
    expect(auth.updateProfile).toHaveBeenCalledTimes(1);
  });

  it("names the field with spaces at either end, and sends nothing", async () => {
    const auth = signedIn();
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Last name"), " Liddell");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    const field = screen.getByLabelText("Last name");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription("Last name: remove the spaces at the start or end.");
    expect(auth.updateProfile).not.toHaveBeenCalled();
  });

  it("puts the pool's refusal of one attribute under that field", async () => {
    const auth = signedIn();
    auth.updateProfile.mockRejectedValue(
      cognitoError("InvalidParameterException", "Attributes did not conform to the schema: preferred_username: bad"),
    );
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Preferred username"), "al");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Preferred username: the user pool does not accept this value.")).toBeVisible();
    expect(screen.getByLabelText("Preferred username")).toHaveAttribute("aria-invalid", "true");
    // A new attempt clears it.
    auth.updateProfile.mockResolvedValue(undefined);
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await within(section("Profile")).findByRole("status")).toHaveTextContent("Your profile is saved.");
    expect(screen.getByLabelText("Preferred username")).not.toHaveAttribute("aria-invalid");
  });

  it("explains a write the client may not make", async () => {
    const auth = signedIn();
    auth.updateProfile.mockRejectedValue(
      cognitoError("NotAuthorizedException", "A client attempted to write unauthorized attribute"),
    );
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("First name"), "Alice");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await within(section("Profile")).findByRole("alert")).toHaveTextContent(
      "This app may not change one of these fields.",
    );
  });

  it("is not offered to a federated user, whose provider owns the profile", async () => {
    const auth = signedInAuth({ ...alice, provider: "Google" });
    renderApp(<App />, { auth });
    await screen.findByRole("heading", { name: "Current user" });
    expect(screen.queryByRole("heading", { name: "Profile" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Email" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Delete account" })).toBeInTheDocument();
  });
});

describe("Security settings on the account page", () => {
  it("are sections of the page itself: no link sends the user to another page for them", async () => {
    renderApp(<App />, { auth: signedIn() });
    expect(await screen.findByText("Two-step sign-in is off.")).toBeInTheDocument();
    const main = screen.getByRole("main");
    expect(within(main).queryByRole("link", { name: /security/i })).not.toBeInTheDocument();
    for (const name of ["Two-step sign-in", "Authenticator app", "Phone number", "Remembered devices"]) {
      expect(within(main).getByRole("region", { name })).toBeInTheDocument();
    }
    // Each section the account page is reached at by URL (/#email, /#passkeys, ...) is a focus target.
    for (const [name, anchor] of [
      ["Profile", "profile"],
      ["Email", "email"],
      ["Change password", "password"],
      ["Two-step sign-in", "security"],
      ["Delete account", "delete-account"],
    ] as const) {
      expect(section(name)).toHaveAttribute("id", anchor);
      expect(section(name)).toHaveAttribute("tabindex", "-1");
    }
  });
});

describe("Change email", () => {
  it("with the pool keeping the old address: says it stays in force until the code, then verifies", async () => {
    const auth = signedIn();
    auth.updateEmail.mockResolvedValue({ destination: "a***@n***", deliveryMedium: "EMAIL" });
    auth.confirmEmail.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "alice@new.example");
    await user.click(screen.getByRole("button", { name: "Change email" }));
    const sent = await within(section("Email")).findByRole("status");
    expect(sent).toHaveTextContent(
      "We sent a verification code to a***@n***. Until you enter it, your email stays alice@example.com: " +
        "sign in with it, and messages go there.",
    );
    expect(auth.updateEmail).toHaveBeenCalledWith({ email: "alice@new.example" });
    const code = screen.getByLabelText("Code from the new address");
    expect(code).toHaveFocus();
    await user.type(code, "123456");
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: { ...alice, email: "alice@new.example" } });
    await user.click(screen.getByRole("button", { name: "Verify new email" }));
    expect(await within(section("Email")).findByRole("status")).toHaveTextContent(
      "Your email is now alice@new.example, verified. Sign in with it from now on.",
    );
    expect(auth.confirmEmail).toHaveBeenCalledWith({ code: "123456" });
    // The session is read again, so the header shows the new address.
    expect(await within(screen.getByRole("banner")).findByText(/Signed in as/)).toHaveTextContent(
      "Signed in as alice@new.example",
    );
  });

  it("with a pool that replaces the address at once: says the new one is in use, unverified", async () => {
    const auth = signedIn();
    auth.updateEmail.mockResolvedValue({ destination: "a***@n***", deliveryMedium: "EMAIL" });
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "alice@new.example");
    auth.fetchProfile.mockResolvedValue({ email: "alice@new.example" });
    await user.click(screen.getByRole("button", { name: "Change email" }));
    expect(await within(section("Email")).findByText(/not yet verified/)).toHaveTextContent(
      "We sent a verification code to a***@n***. Your email is now alice@new.example, not yet verified. " +
        "Enter the code to verify it.",
    );
  });

  it("refuses the address already in use without asking the pool", async () => {
    const auth = signedIn();
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "Alice@Example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));
    expect(screen.getByLabelText("New email")).toHaveAccessibleDescription(
      expect.stringContaining("New email: this is already your email."),
    );
    expect(auth.updateEmail).not.toHaveBeenCalled();
  });

  it("explains an address another account holds", async () => {
    const auth = signedIn();
    auth.updateEmail.mockRejectedValue(cognitoError("AliasExistsException"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "bob@example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));
    expect(await within(section("Email")).findByRole("alert")).toHaveTextContent(
      "Another account already uses that email.",
    );
  });

  it("explains a wrong code, keeps the step, and can start over with another address", async () => {
    const auth = signedIn();
    auth.updateEmail.mockResolvedValue({ destination: "a***@n***", deliveryMedium: "EMAIL" });
    auth.confirmEmail.mockRejectedValue(cognitoError("CodeMismatchException"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "alice@new.example");
    await user.click(screen.getByRole("button", { name: "Change email" }));
    await user.type(await screen.findByLabelText("Code from the new address"), "000000");
    await user.click(screen.getByRole("button", { name: "Verify new email" }));
    expect(await within(section("Email")).findByRole("alert")).toHaveTextContent("That code is not right.");
    await user.click(screen.getByRole("button", { name: "Use another address" }));
    expect(screen.getByLabelText("New email")).toHaveValue("");
    expect(within(section("Email")).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says the address changed when the pool sent no code", async () => {
    const auth = signedIn();
    auth.updateEmail.mockResolvedValue(null);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email"), "alice@new.example");
    auth.fetchProfile.mockResolvedValue({ email: "alice@new.example" });
    await user.click(screen.getByRole("button", { name: "Change email" }));
    expect(await within(section("Email")).findByRole("status")).toHaveTextContent(
      "Your email is now alice@new.example.",
    );
  });
});

describe("Delete account", () => {
  it("needs the word typed exactly, then deletes, signs out and says so on the landing page", async () => {
    const auth = signedIn();
    auth.deleteUser.mockResolvedValue(undefined);
    renderApp(<App />, { auth, path: "/" });
    const user = userEvent.setup();
    const confirm = await screen.findByLabelText('Type "delete" to confirm');
    await user.type(confirm, "Delete");
    await user.click(screen.getByRole("button", { name: "Delete account" }));
    expect(confirm).toHaveAccessibleDescription("Type delete, in lower case, to confirm.");
    expect(auth.deleteUser).not.toHaveBeenCalled();
    await user.clear(confirm);
    await user.type(confirm, "delete");
    await user.click(screen.getByRole("button", { name: "Delete account" }));
    expect(await screen.findByText("Your account has been deleted. You are signed out.")).toBeInTheDocument();
    expect(auth.deleteUser).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByText("Signed out")).toBeInTheDocument();
  });

  it("shows the pool's refusal and stays signed in", async () => {
    const auth = signedIn();
    auth.deleteUser.mockRejectedValue(cognitoError("TooManyRequestsException"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Type "delete" to confirm'), "delete");
    await user.click(screen.getByRole("button", { name: "Delete account" }));
    expect(await within(section("Delete account")).findByRole("alert")).toHaveTextContent(
      "Too many requests right now.",
    );
    expect(screen.getByRole("heading", { name: "Current user" })).toBeInTheDocument();
  });

  it("shows that it is working while the pool answers", async () => {
    const auth = signedIn();
    const answer = deferred<void>();
    auth.deleteUser.mockReturnValue(answer.promise);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Type "delete" to confirm'), "delete");
    await user.click(screen.getByRole("button", { name: "Delete account" }));
    expect(await screen.findByRole("button", { name: "Deleting…" })).toBeDisabled();
    answer.resolve();
    expect(await screen.findByText("Your account has been deleted. You are signed out.")).toBeInTheDocument();
  });
});
