import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { MfaConfigForm } from "./MfaConfigForm";

const POOL = "us-east-1_Test01";

describe("MfaConfigForm", () => {
  it("reads GetUserPoolMfaConfig and sends SetUserPoolMfaConfig with the chosen factors", async () => {
    const fake = fakeConsole({
      GetUserPoolMfaConfig: () => ({
        MfaConfiguration: "OFF",
        EmailMfaConfiguration: { Subject: "Your code" },
      }),
      SetUserPoolMfaConfig: () => ({}),
    });
    renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    const mode = await screen.findByLabelText("Multi-factor authentication");
    expect(mode).toHaveValue("OFF");
    expect(screen.getByLabelText("Email")).toBeChecked();
    await user.selectOptions(mode, "ON");
    await user.click(screen.getByLabelText("Authenticator app (TOTP)"));
    await user.click(screen.getByRole("button", { name: "Save MFA settings" }));
    await waitFor(() => expect(fake.opCalls("SetUserPoolMfaConfig")).toHaveLength(1));
    expect(fake.opCalls("SetUserPoolMfaConfig")[0]).toEqual({
      UserPoolId: POOL,
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Your code" },
    });
  });

  it("saving MFA sends the passkey settings back as they were read", async () => {
    const webAuthn = {
      RelyingPartyId: "auth.example.com",
      UserVerification: "required",
      FactorConfiguration: "SINGLE_FACTOR",
    };
    const fake = fakeConsole({
      GetUserPoolMfaConfig: () => ({ MfaConfiguration: "OFF", WebAuthnConfiguration: webAuthn }),
      SetUserPoolMfaConfig: () => ({}),
    });
    renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Multi-factor authentication"), "OPTIONAL");
    await user.click(screen.getByLabelText("Authenticator app (TOTP)"));
    await user.click(screen.getByRole("button", { name: "Save MFA settings" }));
    await waitFor(() => expect(fake.opCalls("SetUserPoolMfaConfig")).toHaveLength(1));
    expect(fake.opCalls("SetUserPoolMfaConfig")[0]).toEqual({
      UserPoolId: POOL,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      WebAuthnConfiguration: webAuthn,
    });
  });

  it("saving passkeys sends the MFA settings back as they were read", async () => {
    const sms = {
      SmsAuthenticationMessage: "Code {####}",
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::1:role/sns" },
    };
    const fake = fakeConsole({
      GetUserPoolMfaConfig: () => ({
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: sms,
        EmailMfaConfiguration: { Subject: "Your code" },
      }),
      SetUserPoolMfaConfig: () => ({}),
    });
    renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Relying party ID"), "auth.example.com");
    await user.selectOptions(screen.getByLabelText("User verification"), "required");
    await user.click(screen.getByRole("button", { name: "Save passkey settings" }));
    await waitFor(() => expect(fake.opCalls("SetUserPoolMfaConfig")).toHaveLength(1));
    expect(fake.opCalls("SetUserPoolMfaConfig")[0]).toEqual({
      UserPoolId: POOL,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      SmsMfaConfiguration: sms,
      EmailMfaConfiguration: { Subject: "Your code" },
      WebAuthnConfiguration: {
        RelyingPartyId: "auth.example.com",
        UserVerification: "required",
        FactorConfiguration: "SINGLE_FACTOR",
      },
    });
    expect(await screen.findByText("Passkey settings saved.")).toBeInTheDocument();
  });

  it.each(["https://auth.example.com", "auth.example.com:8443", "10.0.0.1", "Auth.Example.com"])(
    "refuses the relying party ID %j and sends nothing",
    async (rpId) => {
      const fake = fakeConsole({
        GetUserPoolMfaConfig: () => ({ MfaConfiguration: "OFF" }),
        SetUserPoolMfaConfig: () => ({}),
      });
      renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
      const user = userEvent.setup();
      await user.type(await screen.findByLabelText("Relying party ID"), rpId);
      await user.click(screen.getByRole("button", { name: "Save passkey settings" }));
      expect(screen.getByText(/^Enter the relying party ID as a domain name/)).toBeInTheDocument();
      expect(screen.getByLabelText("Relying party ID")).toHaveAttribute("aria-invalid", "true");
      expect(fake.opCalls("SetUserPoolMfaConfig")).toHaveLength(0);
    },
  );

  it("shows the server's refusal of passkeys", async () => {
    const fake = fakeConsole({
      GetUserPoolMfaConfig: () => ({ MfaConfiguration: "OFF" }),
      SetUserPoolMfaConfig: () => {
        throw new Cognito("FeatureUnavailableInTierException", "Passkeys require the Essentials or Plus feature plan.");
      },
    });
    renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Save passkey settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "FeatureUnavailableInTierException: Passkeys require the Essentials or Plus feature plan.",
    );
  });

  it("refuses required MFA without a factor", async () => {
    const fake = fakeConsole({
      GetUserPoolMfaConfig: () => ({ MfaConfiguration: "OFF" }),
      SetUserPoolMfaConfig: () => ({}),
    });
    renderConsole(<MfaConfigForm poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Multi-factor authentication"), "OPTIONAL");
    await user.click(screen.getByRole("button", { name: "Save MFA settings" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Choose at least one factor, or turn MFA off.");
    expect(fake.opCalls("SetUserPoolMfaConfig")).toHaveLength(0);
  });
});
