/**
 * The pool's MFA and passkeys: GetUserPoolMfaConfig to read, SetUserPoolMfaConfig to write (not UpdateUserPool).
 * One operation holds both, and a factor member it is not sent turns that factor off, so each form sends the
 * other's part as it was read: saving MFA never touches passkeys, saving passkeys never touches MFA.
 */
import type {
  GetUserPoolMfaConfigRequest,
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { useApi } from "../session/ConsoleContext";
import { Field, formText, Success, useAction } from "@authhub/ui";
import { Checkbox, ErrorMessage, formChecked, Loaded, Select, useLoad } from "../components/ui";

type Mode = "OFF" | "OPTIONAL" | "ON";

/** The SetUserPoolMfaConfig request of the form, or why it cannot be sent. */
export function readMfaForm(
  poolId: string,
  current: GetUserPoolMfaConfigResponse,
  form: HTMLFormElement,
): { request: SetUserPoolMfaConfigRequest } | { error: string } {
  const mode = formText(form, "MfaConfiguration") as Mode;
  const totp = formChecked(form, "totp");
  const sms = formChecked(form, "sms");
  const email = formChecked(form, "email");
  // Cognito refuses MFA "ON"/"OPTIONAL" without a factor to use (InvalidParameterException).
  if (mode !== "OFF" && !totp && !sms && !email) return { error: "Choose at least one factor, or turn MFA off." };
  return {
    request: {
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: totp },
      ...(sms ? { SmsMfaConfiguration: current.SmsMfaConfiguration ?? {} } : {}),
      ...(email ? { EmailMfaConfiguration: current.EmailMfaConfiguration ?? {} } : {}),
      ...(current.WebAuthnConfiguration ? { WebAuthnConfiguration: current.WebAuthnConfiguration } : {}),
    },
  };
}

/** GetUserPoolMfaConfig's MFA part as SetUserPoolMfaConfig takes it back. */
function mfaPartOf(current: GetUserPoolMfaConfigResponse): Omit<SetUserPoolMfaConfigRequest, "UserPoolId"> {
  return {
    ...(current.MfaConfiguration ? { MfaConfiguration: current.MfaConfiguration } : {}),
    SoftwareTokenMfaConfiguration: { Enabled: current.SoftwareTokenMfaConfiguration?.Enabled === true },
    ...(current.SmsMfaConfiguration ? { SmsMfaConfiguration: current.SmsMfaConfiguration } : {}),
    ...(current.EmailMfaConfiguration ? { EmailMfaConfiguration: current.EmailMfaConfiguration } : {}),
  };
}

// WebAuthn Level 3 §5.1.2: an RP ID is a domain, no scheme, port or path (the server checks the same).
const RP_ID = /^(?=.{1,127}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The passkey form's SetUserPoolMfaConfig request (MFA as read), or why it cannot be sent. */
export function readPasskeyForm(
  poolId: string,
  current: GetUserPoolMfaConfigResponse,
  form: HTMLFormElement,
): { request: SetUserPoolMfaConfigRequest } | { error: string } {
  const rpId = formText(form, "RelyingPartyId");
  if (rpId && (!RP_ID.test(rpId) || /\.\d+$|^\d+$/.test(rpId)))
    return {
      error: "Enter the relying party ID as a domain name, such as auth.example.com: no https://, port or path.",
    };
  const uv = formText(form, "UserVerification") === "required" ? "required" : "preferred";
  return {
    request: {
      UserPoolId: poolId,
      ...mfaPartOf(current),
      // SINGLE_FACTOR: passkeys as a first factor, the only kind this server supports.
      WebAuthnConfiguration: {
        ...(rpId ? { RelyingPartyId: rpId } : {}),
        UserVerification: uv,
        FactorConfiguration: "SINGLE_FACTOR",
      },
    },
  };
}

export function MfaConfigForm({ poolId }: { poolId: string }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse>("GetUserPoolMfaConfig", {
        UserPoolId: poolId,
      }),
    [api, poolId],
  );
  const [error, setError] = useState<string>();
  const save = useAction((req: SetUserPoolMfaConfigRequest) =>
    api.op<SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse>("SetUserPoolMfaConfig", req),
  );
  return (
    <Loaded load={state}>
      {(mfa) => {
        const submit = async (event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const read = readMfaForm(poolId, mfa, event.currentTarget);
          if ("error" in read) {
            setError(read.error);
            save.reset();
            return;
          }
          setError(undefined);
          if ((await save.run(read.request)).ok) reload();
        };
        return (
          <>
            <form onSubmit={submit} noValidate aria-busy={save.pending}>
              <Select
                label="Multi-factor authentication"
                name="MfaConfiguration"
                defaultValue={mfa.MfaConfiguration ?? "OFF"}
                options={[
                  { value: "OFF", label: "Off" },
                  { value: "OPTIONAL", label: "Optional (each user chooses)" },
                  { value: "ON", label: "Required" },
                ]}
              />
              <fieldset className="choices">
                <legend>Factors</legend>
                <Checkbox
                  label="Authenticator app (TOTP)"
                  name="totp"
                  defaultChecked={mfa.SoftwareTokenMfaConfiguration?.Enabled}
                />
                <Checkbox label="Text message" name="sms" defaultChecked={mfa.SmsMfaConfiguration !== undefined} />
                <Checkbox label="Email" name="email" defaultChecked={mfa.EmailMfaConfiguration !== undefined} />
              </fieldset>
              {error ? (
                <p role="alert" className="message error">
                  {error}
                </p>
              ) : null}
              {save.state.status === "error" ? <ErrorMessage error={save.state.error} /> : null}
              {save.state.status === "success" ? <Success>MFA settings saved.</Success> : null}
              <button type="submit" disabled={save.pending}>
                {save.pending ? "Saving…" : "Save MFA settings"}
              </button>
            </form>
            <PasskeyForm poolId={poolId} current={mfa} onSaved={reload} />
          </>
        );
      }}
    </Loaded>
  );
}

function PasskeyForm({
  poolId,
  current,
  onSaved,
}: {
  poolId: string;
  current: GetUserPoolMfaConfigResponse;
  onSaved: () => void;
}) {
  const api = useApi();
  const [error, setError] = useState<string>();
  const save = useAction((req: SetUserPoolMfaConfigRequest) =>
    api.op<SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse>("SetUserPoolMfaConfig", req),
  );
  const w = current.WebAuthnConfiguration;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readPasskeyForm(poolId, current, event.currentTarget);
    if ("error" in read) {
      setError(read.error);
      save.reset();
      return;
    }
    setError(undefined);
    if ((await save.run(read.request)).ok) onSaved();
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={save.pending} aria-labelledby="passkeys-title">
      <h3 id="passkeys-title">Passkeys</h3>
      <p className="hint">
        Allow passkeys as a first factor in the sign-in policy above. Users register their passkeys themselves; no
        operation lists them for an administrator.
      </p>
      <Field
        label="Relying party ID"
        name="RelyingPartyId"
        defaultValue={w?.RelyingPartyId}
        hint="A domain such as auth.example.com; empty: the pool's hosted domain."
        error={error}
      />
      <Select
        label="User verification"
        name="UserVerification"
        defaultValue={w?.UserVerification ?? "preferred"}
        options={[
          { value: "preferred", label: "Preferred" },
          { value: "required", label: "Required (PIN or biometrics)" },
        ]}
      />
      {save.state.status === "error" ? <ErrorMessage error={save.state.error} /> : null}
      {save.state.status === "success" ? <Success>Passkey settings saved.</Success> : null}
      <button type="submit" disabled={save.pending}>
        {save.pending ? "Saving…" : "Save passkey settings"}
      </button>
    </form>
  );
}
