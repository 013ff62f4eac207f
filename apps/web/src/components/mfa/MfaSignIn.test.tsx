// The MFA steps of /login with a fake AuthClient: each nextStep Amplify can answer with, and "remember this device".
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import type { SignInOutput } from "../../auth/authClient";
import { alice, cognitoError, deferred, fakeAuth, renderApp } from "../../test/fakes";
import { decodeQrSvg } from "../../test/qr";

const DONE = { isSignedIn: true, nextStep: { signInStep: "DONE" } } as const;
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async function logIn(auth: ReturnType<typeof fakeAuth>, nextStep: SignInOutput["nextStep"], remember = false) {
  auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep } as SignInOutput);
  renderApp(<App />, { auth, path: "/login" });
  const user = userEvent.setup();
  await screen.findByRole("heading", { name: "Sign in" });
  await user.type(screen.getByLabelText("Email"), "alice@example.com");
  await user.type(screen.getByLabelText("Password"), "Passw0rd!");
  if (remember) await user.click(screen.getByRole("checkbox", { name: "Remember this device" }));
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  return user;
}

/** The panel under the heading of a sign-in step. */
async function stepPanel(title: string): Promise<HTMLElement> {
  return (await screen.findByRole("heading", { name: title })).parentElement as HTMLElement;
}

async function expectSignedInHome() {
  expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
  expect(window.location.pathname).toBe("/");
}

describe("MFA at sign-in", () => {
  it("CONFIRM_SIGN_IN_WITH_TOTP_CODE: focuses the code field and signs in with the app's code", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" });
    const panel = await stepPanel("Enter your authenticator code");
    expect(within(panel).getByRole("status")).toHaveTextContent(/authenticator app/);
    const field = within(panel).getByLabelText("Verification code");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("autocomplete", "one-time-code");
    expect(field).toHaveAttribute("inputmode", "numeric");
    auth.confirmSignInCode.mockResolvedValue(DONE);
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.keyboard("123456{Enter}");
    expect(auth.confirmSignInCode).toHaveBeenCalledWith({ code: "123456" });
    await expectSignedInHome();
  });

  it("a wrong authenticator code is announced with app wording, and the step stays for another try", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" });
    auth.confirmSignInCode.mockRejectedValueOnce(
      cognitoError("CodeMismatchException", "Invalid code received for user"),
    );
    await user.type(await screen.findByLabelText("Verification code"), "000000");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "That code is not right. Enter the current 6-digit code from your authenticator app",
    );
    expect(alert).toHaveAttribute("data-error-name", "CodeMismatchException");
    expect(alert).not.toHaveTextContent("Invalid code received");
    auth.confirmSignInCode.mockResolvedValueOnce(DONE);
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.clear(screen.getByLabelText("Verification code"));
    await user.type(screen.getByLabelText("Verification code"), "654321");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    await expectSignedInHome();
  });

  it("an expired challenge session says to sign in again", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" });
    auth.confirmSignInCode.mockRejectedValue(
      cognitoError("NotAuthorizedException", "Invalid session for the user, session is expired."),
    );
    await user.type(await screen.findByLabelText("Verification code"), "123456");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This sign-in took too long and has expired. Sign in again to get a new code.",
    );
  });

  it("shows the checking label while the code is checked", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" });
    auth.confirmSignInCode.mockReturnValue(new Promise(() => undefined));
    await user.type(await screen.findByLabelText("Verification code"), "123456");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    expect(screen.getByRole("button", { name: "Checking…" })).toBeDisabled();
  });

  it("CONFIRM_SIGN_IN_WITH_EMAIL_CODE: says where the code went", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***" },
    });
    const panel = await stepPanel("Enter the emailed code");
    expect(within(panel).getByRole("status")).toHaveTextContent("We sent a 6-digit code to a***@e***.");
    expect(within(panel).getByLabelText("Verification code")).toHaveFocus();
    auth.confirmSignInCode.mockResolvedValue(DONE);
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.keyboard("246810{Enter}");
    expect(auth.confirmSignInCode).toHaveBeenCalledWith({ code: "246810" });
    await expectSignedInHome();
  });

  it("CONFIRM_SIGN_IN_WITH_EMAIL_CODE: an expired code is explained", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" });
    auth.confirmSignInCode.mockRejectedValue(cognitoError("ExpiredCodeException"));
    await user.type(await screen.findByLabelText("Verification code"), "111111");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/That code has expired/);
  });

  it("CONFIRM_SIGN_IN_WITH_SMS_CODE: names the masked phone number", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE",
      codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******1234" },
    });
    const panel = await stepPanel("Enter the texted code");
    expect(within(panel).getByRole("status")).toHaveTextContent("We sent a 6-digit code to +*******1234.");
    auth.confirmSignInCode.mockRejectedValueOnce(cognitoError("CodeMismatchException"));
    await user.keyboard("999999{Enter}");
    expect(await within(panel).findByRole("alert")).toHaveTextContent("Check the latest text message.");
  });

  it("CONTINUE_SIGN_IN_WITH_MFA_SELECTION: offers allowedMFATypes, then asks for that code", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
      allowedMFATypes: ["TOTP", "EMAIL"],
    });
    const panel = await stepPanel("Choose a sign-in method");
    const group = within(panel).getByRole("group", { name: "Choose how to get your code" });
    const radios = within(group).getAllByRole("radio");
    expect(radios.map((r) => r.getAttribute("value"))).toEqual(["TOTP", "EMAIL"]);
    expect(radios[0]).toHaveFocus();
    auth.selectMfaType.mockResolvedValue({
      isSignedIn: false,
      nextStep: {
        signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
        codeDeliveryDetails: { destination: "a***@e***" },
      },
    });
    await user.click(within(group).getByRole("radio", { name: "Email code" }));
    await user.click(within(panel).getByRole("button", { name: "Continue" }));
    expect(auth.selectMfaType).toHaveBeenCalledWith({ type: "EMAIL" });
    expect(await screen.findByLabelText("Verification code")).toHaveFocus();
    expect(screen.getByRole("status")).toHaveTextContent("a***@e***");
  });

  it("CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION: chooses what to set up", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
      allowedMFATypes: ["EMAIL", "TOTP"],
    });
    const panel = await stepPanel("Set up two-step sign-in");
    expect(within(panel).getByRole("group", { name: "Choose how to set up two-step sign-in" })).toBeInTheDocument();
    auth.selectMfaType.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" },
    });
    await user.click(within(panel).getByRole("radio", { name: "Email code" }));
    await user.click(within(panel).getByRole("button", { name: "Continue" }));
    expect(auth.selectMfaType).toHaveBeenCalledWith({ type: "EMAIL" });
    expect(await screen.findByRole("heading", { name: "Set up email codes" })).toBeInTheDocument();
  });

  it("CONTINUE_SIGN_IN_WITH_TOTP_SETUP: QR code of the otpauth URI, the secret as text, then the code", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
      totpSetupDetails: {
        sharedSecret: SECRET,
        // Amplify's own format (getTOTPSetupDetails in signInHelpers).
        getSetupUri: (appName, accountName) =>
          new URL(`otpauth://totp/${appName}:${accountName}?secret=${SECRET}&issuer=${appName}`),
      },
    });
    const panel = await stepPanel("Set up an authenticator app");
    const qr = within(panel).getByRole("img", { name: "QR code for your authenticator app" });
    expect(decodeQrSvg(qr)).toBe(`otpauth://totp/Authhub:alice@example.com?secret=${SECRET}&issuer=Authhub`);
    expect(within(panel).getByText("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")).toBeInTheDocument();
    expect(within(panel).getByLabelText("Verification code")).toHaveFocus();
    auth.confirmSignInCode.mockResolvedValue(DONE);
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.keyboard("135790");
    await user.type(within(panel).getByLabelText("Authenticator name (optional)"), "Phone");
    await user.click(within(panel).getByRole("button", { name: "Confirm code" }));
    expect(auth.confirmSignInCode).toHaveBeenCalledWith({ code: "135790", friendlyDeviceName: "Phone" });
    await expectSignedInHome();
  });

  it("CONTINUE_SIGN_IN_WITH_TOTP_SETUP: a wrong first code is EnableSoftwareTokenMFAException", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, {
      signInStep: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
      totpSetupDetails: { sharedSecret: SECRET, getSetupUri: () => new URL(`otpauth://totp/x?secret=${SECRET}`) },
    });
    auth.confirmSignInCode.mockRejectedValue(cognitoError("EnableSoftwareTokenMFAException", "Code mismatch"));
    await user.type(await screen.findByLabelText("Verification code"), "000000");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/from your authenticator app/);
    expect(auth.confirmSignInCode).toHaveBeenCalledWith({ code: "000000" });
  });

  it("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: sends the address, then asks for the emailed code", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" });
    const panel = await stepPanel("Set up email codes");
    const field = within(panel).getByLabelText("Email for sign-in codes");
    expect(field).toHaveValue("alice@example.com");
    expect(field).toHaveFocus();
    auth.setUpEmailMfa.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { destination: "a***@e***" } },
    });
    await user.click(within(panel).getByRole("button", { name: "Send code" }));
    expect(auth.setUpEmailMfa).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(await screen.findByRole("heading", { name: "Enter the emailed code" })).toBeInTheDocument();
  });
});

describe("remember this device", () => {
  it("is off by default: no rememberDevice call", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue(DONE);
    renderApp(<App />, { auth, path: "/login" });
    const user = userEvent.setup();
    const box = await screen.findByRole("checkbox", { name: "Remember this device" });
    expect(box).not.toBeChecked();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(screen.getByLabelText("Email"), "alice@example.com");
    await user.type(screen.getByLabelText("Password"), "Passw0rd!");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await expectSignedInHome();
    expect(auth.rememberDevice).not.toHaveBeenCalled();
  });

  it("checked: remembers the device after the MFA step completes, not before", async () => {
    const auth = fakeAuth();
    const user = await logIn(auth, { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" }, true);
    const remembered = deferred<void>();
    auth.rememberDevice.mockReturnValue(remembered.promise);
    auth.confirmSignInCode.mockResolvedValue(DONE);
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    expect(auth.rememberDevice).not.toHaveBeenCalled();
    await user.type(await screen.findByLabelText("Verification code"), "123456");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    await waitFor(() => expect(auth.rememberDevice).toHaveBeenCalledTimes(1));
    // Home only once the device is remembered.
    expect(window.location.pathname).toBe("/login");
    remembered.resolve();
    await expectSignedInHome();
  });

  it("a failure keeps the user signed in and says the device is not remembered", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue(DONE);
    auth.rememberDevice.mockRejectedValue(cognitoError("DeviceMetadataNotFoundException", "Either deviceKey…"));
    renderApp(<App />, { auth, path: "/login" });
    const user = userEvent.setup();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(await screen.findByLabelText("Email"), "alice@example.com");
    await user.type(screen.getByLabelText("Password"), "Passw0rd!");
    await user.click(screen.getByRole("checkbox", { name: "Remember this device" }));
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/not a device the user pool tracks/);
    expect(screen.getByText(/You are signed in, but this device will not be remembered/)).toBeInTheDocument();
    // Signed in all the same: /login says so above its form.
    expect(await screen.findByText(/You are already signed in as alice@example.com/)).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Continue to your account" }));
    await expectSignedInHome();
  });
});
