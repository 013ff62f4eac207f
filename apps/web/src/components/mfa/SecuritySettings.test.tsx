// The account page's security sections (ADR 0051) with a fake AuthClient: status, authenticator setup, preferred
// method, turning off, phone number, devices; and the old /security URL, which leads to them.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import type { PhoneNumber, RememberedDevice } from "../../auth/authClient";
import { alice, cognitoError, fakeAuth, renderApp, signedInAuth } from "../../test/fakes";
import { decodeQrSvg } from "../../test/qr";
import { FORGOT_THIS_BROWSER } from "./SecuritySettings";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

function signedIn(
  preference: { enabled?: ("TOTP" | "EMAIL" | "SMS")[]; preferred?: "TOTP" | "EMAIL" | "SMS" } = {},
  devices: RememberedDevice[] = [],
  phone: PhoneNumber = { value: "+15555550123", verified: true },
) {
  const auth = signedInAuth(alice);
  auth.fetchProfile.mockResolvedValue({ email: alice.email });
  auth.fetchMfaPreference.mockResolvedValue(preference);
  auth.fetchDevices.mockResolvedValue(devices);
  auth.fetchPhoneNumber.mockResolvedValue(phone);
  return auth;
}

function section(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

const laptop: RememberedDevice = {
  id: "us-east-1_dev-laptop",
  name: "Firefox on Linux",
  status: "remembered",
  lastIp: "203.0.113.7",
  createDate: new Date("2026-01-01T10:00:00Z"),
  lastAuthenticatedDate: new Date("2026-01-02T10:00:00Z"),
  current: true,
};
const phone: RememberedDevice = {
  id: "us-east-1_dev-phone",
  name: undefined,
  status: "not_remembered",
  lastIp: undefined,
  createDate: new Date("2026-01-01T10:00:00Z"),
  lastAuthenticatedDate: undefined,
  current: false,
};

describe("security settings on the account page", () => {
  it("are sections of the signed-in account page, under one h1 with an h2 each, in reading order", async () => {
    renderApp(<App />, { auth: signedIn() });
    expect(await screen.findByText("Two-step sign-in is off.")).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    const h2s = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(h2s).toEqual([
      "Current user",
      "Profile",
      "Email",
      "Change password",
      "Two-step sign-in",
      "Authenticator app",
      "Phone number",
      "Preferred method",
      "Remembered devices",
      "Users",
      "Sign out",
      "Delete account",
    ]);
    // Every section is a named region whose name is its own h2: nothing nests a heading level deeper.
    for (const name of ["Two-step sign-in", "Authenticator app", "Phone number", "Remembered devices"]) {
      expect(within(section(name)).getByRole("heading", { level: 2 })).toHaveTextContent(name);
    }
    expect(section("Two-step sign-in")).toHaveAttribute("id", "security");
  });

  it("the navigation's Security link moves focus to the first security section", async () => {
    renderApp(<App />, { auth: signedIn() });
    const user = userEvent.setup();
    await screen.findByText("Two-step sign-in is off.");
    const nav = screen.getByRole("navigation", { name: "Main" });
    await user.click(within(nav).getByRole("link", { name: "Security" }));
    expect(window.location.pathname).toBe("/");
    expect(window.location.hash).toBe("#security");
    expect(section("Two-step sign-in")).toHaveFocus();
    // From there, Tab goes on to the section's first control, not back to the top of the page.
    await user.tab();
    expect(screen.getByRole("button", { name: "Set up authenticator app" })).toHaveFocus();
  });

  it("the old /security URL leads to the security section, with no history entry of its own", async () => {
    const push = vi.spyOn(window.history, "pushState");
    renderApp(<App />, { auth: signedIn(), path: "/security" });
    expect(await screen.findByText("Two-step sign-in is off.")).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
    expect(window.location.hash).toBe("#security");
    // Replaced, not pushed: Back does not return to /security only to be sent forward again.
    expect(push).not.toHaveBeenCalled();
    push.mockRestore();
    await waitFor(() => expect(section("Two-step sign-in")).toHaveFocus());
    expect(document.title).toBe("Account · Authhub");
  });

  it("asks a signed-out visitor to sign in, and signing in ends at the security settings", async () => {
    const auth = fakeAuth();
    renderApp(<App />, { auth, path: "/security" });
    // The page says why there is a sign-in form where the settings were asked for.
    expect(await screen.findByText("Sign in to see your security settings.")).toBeInTheDocument();
    expect(window.location.hash).toBe("#security");
    expect(screen.queryByRole("button", { name: "Set up authenticator app" })).not.toBeInTheDocument();

    auth.signIn.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    auth.fetchMfaPreference.mockResolvedValue({});
    auth.fetchDevices.mockResolvedValue([]);
    auth.fetchPhoneNumber.mockResolvedValue({ value: "+15555550123", verified: true });
    auth.fetchProfile.mockResolvedValue({ email: alice.email });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "alice@example.com");
    await user.type(screen.getByLabelText("Password"), "Correct-horse-1");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Two-step sign-in is off.")).toBeInTheDocument();
    expect(window.location.hash).toBe("#security");
    await waitFor(() => expect(section("Two-step sign-in")).toHaveFocus());
  });

  it("leaves a federated user's second factor to the provider", async () => {
    const auth = fakeAuth();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: { ...alice, provider: "Google" } });
    renderApp(<App />, { auth, path: "/security" });
    expect(
      await within(await waitFor(() => section("Security"))).findByText(/managed in your Google account/),
    ).toBeInTheDocument();
    expect(section("Security")).toHaveAttribute("id", "security");
    expect(auth.fetchMfaPreference).not.toHaveBeenCalled();
    expect(screen.queryByRole("region", { name: "Two-step sign-in" })).not.toBeInTheDocument();
  });

  it("shows which methods are on and which is preferred", async () => {
    renderApp(<App />, { auth: signedIn({ enabled: ["TOTP", "EMAIL"], preferred: "EMAIL" }) });
    expect(await screen.findByTestId("mfa-status")).toHaveTextContent(
      "Two-step sign-in is on: Authenticator app, Email code (preferred).",
    );
    expect(within(section("Preferred method")).getByRole("radio", { name: "Email code" })).toBeChecked();
  });

  it("sets up an authenticator app: QR code and secret, code, then turned on as preferred", async () => {
    const auth = signedIn();
    auth.setUpTotp.mockResolvedValue({
      sharedSecret: SECRET,
      getSetupUri: (appName, accountName) =>
        new URL(`otpauth://totp/${appName}:${accountName}?secret=${SECRET}&issuer=${appName}`),
    });
    auth.verifyTotpSetup.mockResolvedValue(undefined);
    auth.updateMfaPreference.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByText("Two-step sign-in is off.");
    const app = section("Authenticator app");
    await user.click(within(app).getByRole("button", { name: "Set up authenticator app" }));
    const qr = await within(app).findByRole("img", { name: "QR code for your authenticator app" });
    expect(decodeQrSvg(qr)).toBe(`otpauth://totp/Authhub:alice@example.com?secret=${SECRET}&issuer=Authhub`);
    expect(within(app).getByText("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")).toBeInTheDocument();
    expect(within(app).getByLabelText("Verification code")).toHaveFocus();

    auth.fetchMfaPreference.mockResolvedValue({ enabled: ["TOTP"], preferred: "TOTP" });
    await user.keyboard("123456");
    await user.type(within(app).getByLabelText("Authenticator name (optional)"), "Phone");
    await user.click(within(app).getByRole("button", { name: "Verify code" }));
    expect(auth.verifyTotpSetup).toHaveBeenCalledWith({ code: "123456", friendlyDeviceName: "Phone" });
    expect(auth.updateMfaPreference).toHaveBeenCalledWith({ totp: "PREFERRED" });
    expect(await within(app).findByRole("status")).toHaveTextContent("Your authenticator app is set up.");
    expect(await screen.findByTestId("mfa-status")).toHaveTextContent("Authenticator app (preferred)");
    expect(within(app).queryByRole("img")).not.toBeInTheDocument();
  });

  it("a new authenticator app does not take over another preferred method", async () => {
    const auth = signedIn({ enabled: ["EMAIL"], preferred: "EMAIL" });
    auth.setUpTotp.mockResolvedValue({ sharedSecret: SECRET, getSetupUri: () => new URL("otpauth://totp/x") });
    auth.verifyTotpSetup.mockResolvedValue(undefined);
    auth.updateMfaPreference.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    const app = section("Authenticator app");
    await user.click(within(app).getByRole("button", { name: "Set up authenticator app" }));
    await user.type(await within(app).findByLabelText("Verification code"), "123456");
    await user.click(within(app).getByRole("button", { name: "Verify code" }));
    await waitFor(() => expect(auth.updateMfaPreference).toHaveBeenCalledWith({ totp: "ENABLED" }));
    expect(auth.verifyTotpSetup).toHaveBeenCalledWith({ code: "123456" });
  });

  it("a wrong setup code is explained and nothing is turned on", async () => {
    const auth = signedIn();
    auth.setUpTotp.mockResolvedValue({ sharedSecret: SECRET, getSetupUri: () => new URL("otpauth://totp/x") });
    auth.verifyTotpSetup.mockRejectedValue(cognitoError("EnableSoftwareTokenMFAException", "Code mismatch"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByText("Two-step sign-in is off.");
    const app = section("Authenticator app");
    await user.click(within(app).getByRole("button", { name: "Set up authenticator app" }));
    await user.type(await within(app).findByLabelText("Verification code"), "000000");
    await user.click(within(app).getByRole("button", { name: "Verify code" }));
    const alert = await within(app).findByRole("alert");
    expect(alert).toHaveTextContent(/from your authenticator app/);
    expect(alert).toHaveAttribute("data-error-name", "EnableSoftwareTokenMFAException");
    expect(auth.updateMfaPreference).not.toHaveBeenCalled();
    // The secret stays on screen for another try.
    expect(within(app).getByRole("img", { name: "QR code for your authenticator app" })).toBeInTheDocument();
  });

  it("a session that ended while setting up says so", async () => {
    const auth = signedIn();
    auth.setUpTotp.mockRejectedValue(cognitoError("NotAuthorizedException", "Access Token has been revoked"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByText("Two-step sign-in is off.");
    const app = section("Authenticator app");
    await user.click(within(app).getByRole("button", { name: "Set up authenticator app" }));
    expect(await within(app).findByRole("alert")).toHaveTextContent("Your session has ended. Please sign in again.");
  });

  it("chooses the preferred method; the app is offered only once set up", async () => {
    const auth = signedIn({ enabled: ["EMAIL"], preferred: "EMAIL" });
    auth.updateMfaPreference.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    const form = section("Preferred method");
    const totp = within(form).getByRole("radio", { name: "Authenticator app" });
    expect(totp).toBeDisabled();
    expect(totp).toHaveAccessibleDescription("(set up an authenticator app first)");
    await user.click(within(form).getByRole("radio", { name: "Text message (SMS)" }));
    await user.click(within(form).getByRole("button", { name: "Save preferred method" }));
    expect(auth.updateMfaPreference).toHaveBeenCalledWith({ sms: "PREFERRED" });
    expect(await within(form).findByRole("status")).toHaveTextContent("Your preferred method is saved.");
  });

  it("a preferred method the pool refuses is explained", async () => {
    const auth = signedIn({ enabled: ["TOTP"], preferred: "TOTP" });
    auth.updateMfaPreference.mockRejectedValue(cognitoError("InvalidParameterException", "User does not have SMS"));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    const form = section("Preferred method");
    await user.click(within(form).getByRole("radio", { name: "Text message (SMS)" }));
    await user.click(within(form).getByRole("button", { name: "Save preferred method" }));
    expect(await within(form).findByRole("alert")).toHaveAttribute("data-error-name", "InvalidParameterException");
  });

  it("turns off every enabled method", async () => {
    const auth = signedIn({ enabled: ["TOTP", "EMAIL"], preferred: "TOTP" });
    auth.updateMfaPreference.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    auth.fetchMfaPreference.mockResolvedValue({});
    await user.click(screen.getByRole("button", { name: "Turn off two-step sign-in" }));
    expect(auth.updateMfaPreference).toHaveBeenCalledWith({ totp: "DISABLED", email: "DISABLED" });
    expect(await screen.findByText("Two-step sign-in is off.")).toBeInTheDocument();
    // Nothing left to turn off.
    expect(screen.queryByRole("button", { name: "Turn off two-step sign-in" })).not.toBeInTheDocument();
  });

  it("when the pool requires MFA, shows the pool's refusal", async () => {
    const auth = signedIn({ enabled: ["TOTP"], preferred: "TOTP" });
    auth.updateMfaPreference.mockRejectedValue(
      cognitoError("InvalidParameterException", "MFA is required for this user pool."),
    );
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    await user.click(screen.getByRole("button", { name: "Turn off two-step sign-in" }));
    expect(await within(section("Turn off two-step sign-in")).findByRole("alert")).toHaveTextContent(
      "The user pool did not allow turning off two-step sign-in. It said: “MFA is required for this user pool.”",
    );
    expect(screen.getByTestId("mfa-status")).toHaveTextContent("Two-step sign-in is on");
  });

  it("lists devices and forgets one", async () => {
    const auth = signedIn({}, [laptop, phone]);
    auth.forgetDevice.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const devices = await waitFor(() => {
      const region = section("Remembered devices");
      within(region).getByRole("table");
      return region;
    });
    // Too wide for a phone: it scrolls inside its own region, which Tab reaches, not the page.
    expect(within(devices).getByRole("region", { name: "Device table" })).toHaveAttribute("tabindex", "0");
    const rows = within(devices).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual([
      "Firefox on Linux (this browser)",
      "Device us-east-1_dev-phone",
    ]);
    expect(within(rows[0] as HTMLElement).getByText("Remembered")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("Not remembered")).toBeInTheDocument();
    auth.fetchDevices.mockResolvedValue([laptop]);
    await user.click(within(devices).getByRole("button", { name: "Forget Device us-east-1_dev-phone" }));
    expect(auth.forgetDevice).toHaveBeenCalledWith({ id: "us-east-1_dev-phone" });
    expect(await within(devices).findByRole("status")).toHaveTextContent(
      "Device us-east-1_dev-phone is forgotten. Signing in there asks for a code again.",
    );
    expect(within(devices).getAllByRole("row")).toHaveLength(2);
    expect(auth.signOut).not.toHaveBeenCalled();
  });

  it("forgetting this browser's own device signs it out and says why", async () => {
    const auth = signedIn({}, [laptop, phone]);
    auth.forgetDevice.mockResolvedValue(undefined);
    auth.signOut.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const devices = await waitFor(() => {
      const region = section("Remembered devices");
      within(region).getByRole("table");
      return region;
    });
    await user.click(within(devices).getByRole("button", { name: "Forget Firefox on Linux (this browser)" }));
    expect(auth.forgetDevice).toHaveBeenCalledWith({ id: "us-east-1_dev-laptop" });
    expect(auth.signOut).toHaveBeenCalledWith({ global: false });
    expect(await screen.findByText(FORGOT_THIS_BROWSER)).toBeInTheDocument();
  });

  it("says when no device is remembered", async () => {
    const auth = signedIn({}, []);
    renderApp(<App />, { auth });
    expect(await screen.findByText("No devices are remembered for your account.")).toBeInTheDocument();
  });

  it("shows why the devices could not be listed", async () => {
    const auth = signedIn();
    auth.fetchDevices.mockRejectedValue(cognitoError("InvalidUserPoolConfigurationException"));
    renderApp(<App />, { auth });
    expect(await within(await waitFor(() => section("Remembered devices"))).findByRole("alert")).toHaveTextContent(
      "This user pool does not allow that sign-in setting.",
    );
  });

  it("can be used with the keyboard alone", async () => {
    const auth = signedIn({ enabled: ["EMAIL"], preferred: "EMAIL" });
    auth.setUpTotp.mockResolvedValue({ sharedSecret: SECRET, getSetupUri: () => new URL("otpauth://totp/x") });
    auth.verifyTotpSetup.mockResolvedValue(undefined);
    auth.updateMfaPreference.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    await screen.findByTestId("mfa-status");
    const start = screen.getByRole("button", { name: "Set up authenticator app" });
    start.focus();
    await user.keyboard("{Enter}");
    // Focus lands in the code field; typing and Enter submit without the mouse.
    expect(await screen.findByLabelText("Verification code")).toHaveFocus();
    await user.keyboard("123456{Enter}");
    await waitFor(() => expect(auth.verifyTotpSetup).toHaveBeenCalledWith({ code: "123456" }));
  });
});

describe("security settings: phone number for text-message codes", () => {
  const noPhone: PhoneNumber = { value: undefined, verified: false };

  it("adds a number: the pool texts a code, the code verifies it, and text messages can be preferred", async () => {
    const auth = signedIn({}, [], noPhone);
    auth.updatePhoneNumber.mockResolvedValue({ destination: "+*******0123", deliveryMedium: "SMS" });
    auth.confirmPhoneNumber.mockResolvedValue(undefined);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const phone = await screen.findByRole("region", { name: "Phone number" });
    expect(await within(phone).findByTestId("phone-status")).toHaveTextContent("No phone number yet.");
    const sms = within(section("Preferred method")).getByRole("radio", { name: "Text message (SMS)" });
    expect(sms).toBeDisabled();
    expect(sms).toHaveAccessibleDescription("(add a phone number first)");

    // Until verified, the number is unverified (or waits, with AttributesRequireVerificationBeforeUpdate).
    auth.fetchPhoneNumber.mockResolvedValue({ value: "+15555550123", verified: false });
    await user.type(within(phone).getByLabelText("Phone number"), "+15555550123");
    await user.click(within(phone).getByRole("button", { name: "Save phone number" }));
    expect(auth.updatePhoneNumber).toHaveBeenCalledWith({ phoneNumber: "+15555550123" });
    expect(await within(phone).findByRole("status")).toHaveTextContent("We sent a 6-digit code to +*******0123.");
    expect(within(phone).getByLabelText("Verification code")).toHaveFocus();
    expect(await within(phone).findByTestId("phone-status")).toHaveTextContent("+15555550123 (not verified)");
    expect(within(section("Preferred method")).getByRole("radio", { name: "Text message (SMS)" })).toBeEnabled();

    auth.fetchPhoneNumber.mockResolvedValue({ value: "+15555550123", verified: true });
    await user.keyboard("123456");
    await user.click(within(phone).getByRole("button", { name: "Verify phone number" }));
    expect(auth.confirmPhoneNumber).toHaveBeenCalledWith({ code: "123456" });
    expect(await within(phone).findByRole("status")).toHaveTextContent("Your phone number is verified.");
    expect(within(phone).getByTestId("phone-status")).toHaveTextContent("+15555550123 (verified)");
    expect(within(phone).queryByLabelText("Verification code")).not.toBeInTheDocument();
  });

  it("a wrong texted code is explained in text-message words and the code field stays", async () => {
    const auth = signedIn({}, [], noPhone);
    auth.updatePhoneNumber.mockResolvedValue({ destination: "+*******0123", deliveryMedium: "SMS" });
    auth.confirmPhoneNumber.mockRejectedValue(cognitoError("CodeMismatchException", "Invalid code provided"));
    auth.fetchPhoneNumber.mockResolvedValueOnce(noPhone).mockResolvedValue({ value: "+15555550123", verified: false });
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const phone = await screen.findByRole("region", { name: "Phone number" });
    await user.type(await within(phone).findByLabelText("Phone number"), "+15555550123");
    await user.click(within(phone).getByRole("button", { name: "Save phone number" }));
    await user.type(await within(phone).findByLabelText("Verification code"), "000000");
    await user.click(within(phone).getByRole("button", { name: "Verify phone number" }));
    const alert = await within(phone).findByRole("alert");
    expect(alert).toHaveTextContent("That code is not right. Check the latest text message.");
    expect(alert).toHaveAttribute("data-error-name", "CodeMismatchException");
    expect(within(phone).getByLabelText("Verification code")).toBeInTheDocument();
  });

  it("an unverified number with no code on its way: a code is sent on request", async () => {
    const auth = signedIn({}, [], { value: "+15555550123", verified: false });
    auth.sendPhoneVerificationCode.mockResolvedValue({ destination: "+*******0123", deliveryMedium: "SMS" });
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const phone = await screen.findByRole("region", { name: "Phone number" });
    expect(await within(phone).findByTestId("phone-status")).toHaveTextContent("+15555550123 (not verified)");
    expect(within(phone).getByLabelText("Phone number")).toHaveValue("+15555550123");
    await user.click(within(phone).getByRole("button", { name: "Send a verification code" }));
    expect(auth.sendPhoneVerificationCode).toHaveBeenCalledTimes(1);
    expect(await within(phone).findByRole("status")).toHaveTextContent("We sent a 6-digit code to +*******0123.");
    await user.click(within(phone).getByRole("button", { name: "Send a new code" }));
    expect(auth.sendPhoneVerificationCode).toHaveBeenCalledTimes(2);
  });

  it("a pool that does not auto-verify saves the number unverified and offers a code", async () => {
    const auth = signedIn({}, [], noPhone);
    auth.updatePhoneNumber.mockResolvedValue(null);
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const phone = await screen.findByRole("region", { name: "Phone number" });
    // The page's first load must have read "no number" before the mock changes, or the field starts filled.
    expect(await within(phone).findByTestId("phone-status")).toHaveTextContent("No phone number yet.");
    auth.fetchPhoneNumber.mockResolvedValue({ value: "+15555550123", verified: false });
    await user.type(await within(phone).findByLabelText("Phone number"), "+15555550123");
    await user.click(within(phone).getByRole("button", { name: "Save phone number" }));
    expect(await within(phone).findByRole("status")).toHaveTextContent("Your phone number is saved.");
    expect(await within(phone).findByRole("button", { name: "Send a verification code" })).toBeInTheDocument();
  });

  it("a number the pool refuses is explained with the format it needs", async () => {
    const auth = signedIn({}, [], noPhone);
    auth.updatePhoneNumber.mockRejectedValue(cognitoError("InvalidParameterException", "Invalid phone number format."));
    renderApp(<App />, { auth });
    const user = userEvent.setup();
    const phone = await screen.findByRole("region", { name: "Phone number" });
    await user.type(await within(phone).findByLabelText("Phone number"), "+15555550123");
    await user.click(within(phone).getByRole("button", { name: "Save phone number" }));
    const alert = await within(phone).findByRole("alert");
    expect(alert).toHaveTextContent("international format");
    expect(alert).toHaveAttribute("data-error-name", "InvalidParameterException");
  });

  it("shows why the number could not be read", async () => {
    const auth = signedIn();
    auth.fetchPhoneNumber.mockRejectedValue(cognitoError("NotAuthorizedException", "Access Token has been revoked"));
    renderApp(<App />, { auth });
    expect(
      await within(await screen.findByRole("region", { name: "Phone number" })).findByRole("alert"),
    ).toHaveTextContent("Your session has ended.");
  });
});
