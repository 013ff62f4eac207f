/**
 * The signed-in user's security settings, as sections of the account page (ADR 0051): two-step sign-in (MFA)
 * status, an authenticator app set up with a QR code, the phone number for text-message codes, the preferred
 * method, turning MFA off where the pool allows it, passkeys and remembered devices. Each part is its own
 * component with its own pending/error state; they share one reload of the status. The first section is the
 * `#security` target that the old `/security` URL and the navigation's "Security" lead to.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import type {
  FetchMFAPreferenceOutput,
  MfaType,
  RememberedDevice,
  TotpSetup,
  UpdateMFAPreferenceInput,
} from "../../auth/authClient";
import { errorName, humanizeError, TOTP_CODE_WRONG } from "../../auth/errorMessages";
import { useServices } from "../../app/services";
import { useSession } from "../../session/SessionProvider";
import { formText, SubmitButton, Success, useAction } from "@authhub/ui";
import { ErrorMessage, Field, Section } from "../ui";
import { MFA_LABELS, TOTP_APP_NAME } from "./MfaSignInSteps";
import { PasskeySettings } from "./PasskeySettings";
import { PhoneNumberSettings, type PhoneState } from "./PhoneNumberSettings";
import { TotpSecret } from "./TotpSecret";

/** The account page's security settings start here: `/#security`. */
export const SECURITY_ANCHOR = "security";

const ALL_TYPES: MfaType[] = ["TOTP", "EMAIL", "SMS"];
const KEY: Record<MfaType, keyof UpdateMFAPreferenceInput> = { TOTP: "totp", EMAIL: "email", SMS: "sms" };

type Preference =
  | { status: "loading" }
  | { status: "loaded"; value: FetchMFAPreferenceOutput }
  | { status: "error"; error: unknown };

export function SecuritySettings({ accountName }: { accountName: string }) {
  const { auth, config } = useServices();
  const [preference, setPreference] = useState<Preference>({ status: "loading" });

  const reload = useCallback(async () => {
    try {
      setPreference({ status: "loaded", value: await auth.fetchMfaPreference() });
    } catch (error) {
      setPreference({ status: "error", error });
    }
  }, [auth]);

  const [phone, setPhone] = useState<PhoneState>({ status: "loading" });
  const reloadPhone = useCallback(async () => {
    try {
      setPhone({ status: "loaded", value: await auth.fetchPhoneNumber() });
    } catch (error) {
      setPhone({ status: "error", error });
    }
  }, [auth]);

  useEffect(() => {
    void reload();
    void reloadPhone();
  }, [reload, reloadPhone]);

  const enabled = preference.status === "loaded" ? (preference.value.enabled ?? []) : [];
  const preferred = preference.status === "loaded" ? preference.value.preferred : undefined;
  return (
    <>
      <Section
        anchor={SECURITY_ANCHOR}
        title="Two-step sign-in"
        description="After your password, the pool asks for a code from an app, your email or a text message."
      >
        <MfaStatus preference={preference} />
      </Section>
      <Section anchor="authenticator-app" title="Authenticator app">
        <AuthenticatorSetup
          accountName={accountName}
          hasPreferred={preferred !== undefined}
          alreadyEnabled={enabled.includes("TOTP")}
          onChanged={reload}
        />
      </Section>
      <Section anchor="phone-number" title="Phone number" description="Where text-message (SMS) codes go.">
        <PhoneNumberSettings
          phone={phone}
          onChanged={async () => {
            // A changed number can change which factors the pool counts as usable.
            await Promise.all([reloadPhone(), reload()]);
          }}
        />
      </Section>
      {preference.status === "loaded" ? (
        <Section
          anchor="preferred-method"
          title="Preferred method"
          description="The method the pool uses when more than one is on."
        >
          <PreferredMethodForm
            enabled={enabled}
            preferred={preferred}
            hasPhoneNumber={phone.status === "loaded" && phone.value.value !== undefined}
            onChanged={reload}
          />
        </Section>
      ) : null}
      {enabled.length > 0 ? (
        <Section title="Turn off two-step sign-in">
          <TurnOffForm enabled={enabled} onChanged={reload} />
        </Section>
      ) : null}
      {config.signInFactors.includes("WEB_AUTHN") ? (
        <Section
          anchor="passkeys"
          title="Passkeys"
          description="Sign in with your fingerprint, face or device PIN instead of your password and a code."
        >
          <PasskeySettings />
        </Section>
      ) : null}
      <Section
        anchor="devices"
        title="Remembered devices"
        description="A remembered device may skip the code at sign-in. Forget any you do not recognise."
      >
        <DeviceList />
      </Section>
    </>
  );
}

function MfaStatus({ preference }: { preference: Preference }) {
  if (preference.status === "loading") return <p aria-busy="true">Checking your settings…</p>;
  if (preference.status === "error") return <ErrorMessage error={preference.error} />;
  const { enabled = [], preferred } = preference.value;
  if (enabled.length === 0) return <p data-testid="mfa-status">Two-step sign-in is off.</p>;
  return (
    <p data-testid="mfa-status">
      Two-step sign-in is on:{" "}
      {enabled.map((type, i) => (
        <span key={type}>
          {i > 0 ? ", " : null}
          {MFA_LABELS[type]}
          {type === preferred ? " (preferred)" : null}
        </span>
      ))}
      .
    </p>
  );
}

/** setUpTOTP → QR code and secret → verifyTOTPSetup with a code → the app is turned on for sign-in. */
function AuthenticatorSetup({
  accountName,
  hasPreferred,
  alreadyEnabled,
  onChanged,
}: {
  accountName: string;
  hasPreferred: boolean;
  alreadyEnabled: boolean;
  onChanged(): Promise<void>;
}) {
  const { auth } = useServices();
  const start = useAction(auth.setUpTotp);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [done, setDone] = useState(false);
  const finish = useAction(
    useCallback(
      async (input: { code: string; friendlyDeviceName?: string }) => {
        await auth.verifyTotpSetup(input);
        // VerifySoftwareToken only registers the app; SetUserMFAPreference turns it on for sign-in. It becomes
        // the preferred method unless the user already prefers another one.
        await auth.updateMfaPreference({ totp: hasPreferred ? "ENABLED" : "PREFERRED" });
      },
      [auth, hasPreferred],
    ),
  );

  const onStart = async () => {
    setDone(false);
    const outcome = await start.run();
    if (outcome.ok) setSetup(outcome.result);
  };

  const onVerify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const friendlyDeviceName = formText(form, "deviceName");
    const outcome = await finish.run({
      code: formText(form, "code"),
      ...(friendlyDeviceName ? { friendlyDeviceName } : {}),
    });
    if (outcome.ok) {
      setSetup(null);
      setDone(true);
      await onChanged();
    }
  };

  if (setup) {
    return (
      <form onSubmit={(event) => void onVerify(event)} aria-busy={finish.pending}>
        <TotpSecret sharedSecret={setup.sharedSecret} setupUri={setup.getSetupUri(TOTP_APP_NAME, accountName).href} />
        <Field
          label="Verification code"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          hint="The 6-digit code your authenticator app shows after adding Authhub"
          focusOnMount
        />
        <Field
          label="Authenticator name (optional)"
          name="deviceName"
          autoComplete="off"
          required={false}
          hint="For example “Phone”."
        />
        <div className="actions">
          <SubmitButton pending={finish.pending} label="Verify code" pendingLabel="Checking…" />
          <button type="button" className="secondary" onClick={() => setSetup(null)}>
            Cancel
          </button>
        </div>
        {finish.state.status === "error" ? (
          <ErrorMessage error={finish.state.error} overrides={{ CodeMismatchException: TOTP_CODE_WRONG }} />
        ) : null}
      </form>
    );
  }
  return (
    <div>
      <p>
        {alreadyEnabled
          ? "An authenticator app is set up. Setting up a new one replaces it."
          : "Use an app on your phone that shows a new 6-digit code every 30 seconds."}
      </p>
      <button type="button" onClick={() => void onStart()} disabled={start.pending}>
        {start.pending ? "Starting…" : alreadyEnabled ? "Set up a new authenticator app" : "Set up authenticator app"}
      </button>
      {done ? <Success>Your authenticator app is set up. Sign-ins now ask for its code.</Success> : null}
      {start.state.status === "error" ? <ErrorMessage error={start.state.error} /> : null}
    </div>
  );
}

/** SetUserMFAPreference with the chosen factor PREFERRED (which also turns it on). */
function PreferredMethodForm({
  enabled,
  preferred,
  hasPhoneNumber,
  onChanged,
}: {
  enabled: MfaType[];
  preferred: MfaType | undefined;
  hasPhoneNumber: boolean;
  onChanged(): Promise<void>;
}) {
  const { auth } = useServices();
  const save = useAction(auth.updateMfaPreference);
  const [choice, setChoice] = useState<MfaType | undefined>(preferred);
  const [saved, setSaved] = useState(false);
  useEffect(() => setChoice(preferred), [preferred]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!choice) return;
    setSaved(false);
    const outcome = await save.run({ [KEY[choice]]: "PREFERRED" });
    if (outcome.ok) {
      setSaved(true);
      await onChanged();
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={save.pending}>
      <fieldset className="choices">
        <legend>Use for sign-in codes</legend>
        {ALL_TYPES.map((type) => {
          // An authenticator app must be set up (verified) before the pool accepts it as a method, and text
          // messages need a phone number. Cognito does not require the number to be verified for SMS MFA
          // (API reference, SMSMfaSettingsType), so an unverified one is offered too.
          const unavailable =
            (type === "TOTP" && !enabled.includes("TOTP")) ||
            (type === "SMS" && !hasPhoneNumber && !enabled.includes("SMS"));
          const id = `preferred-${type}`;
          return (
            <div className="checkbox" key={type}>
              <input
                id={id}
                type="radio"
                name="preferred"
                value={type}
                required
                disabled={unavailable}
                checked={choice === type}
                onChange={() => setChoice(type)}
                aria-describedby={unavailable ? `${id}-hint` : undefined}
              />
              <label htmlFor={id}>{MFA_LABELS[type]}</label>
              {unavailable ? (
                <span id={`${id}-hint`} className="hint">
                  {type === "TOTP" ? "(set up an authenticator app first)" : "(add a phone number first)"}
                </span>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <SubmitButton pending={save.pending} label="Save preferred method" pendingLabel="Saving…" />
      {saved ? <Success>Your preferred method is saved.</Success> : null}
      {save.state.status === "error" ? <ErrorMessage error={save.state.error} /> : null}
    </form>
  );
}

/**
 * Turns every enabled factor off. When the pool requires MFA the pool refuses; its own message is shown
 * (quoted) because it says why, which our generic sentence for that error name cannot.
 */
function TurnOffForm({ enabled, onChanged }: { enabled: MfaType[]; onChanged(): Promise<void> }) {
  const { auth } = useServices();
  const turnOff = useAction(auth.updateMfaPreference);
  const [done, setDone] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    const input: UpdateMFAPreferenceInput = {};
    for (const type of enabled) input[KEY[type]] = "DISABLED";
    const outcome = await turnOff.run(input);
    if (outcome.ok) {
      setDone(true);
      await onChanged();
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-busy={turnOff.pending}>
      <p>Sign-ins then ask only for your password, unless the user pool requires a second step.</p>
      <SubmitButton pending={turnOff.pending} label="Turn off two-step sign-in" pendingLabel="Turning off…" />
      {done ? <Success>Two-step sign-in is off.</Success> : null}
      {turnOff.state.status === "error" ? <RefusedByPool error={turnOff.state.error} /> : null}
    </form>
  );
}

function RefusedByPool({ error }: { error: unknown }) {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : "";
  if ((name === "InvalidParameterException" || name === "InvalidUserPoolConfigurationException") && message) {
    return (
      <p role="alert" className="message error" data-error-name={name}>
        The user pool did not allow turning off two-step sign-in. It said: “{message}”
      </p>
    );
  }
  return (
    <p role="alert" className="message error" data-error-name={name}>
      {humanizeError(error)}
    </p>
  );
}

type Devices =
  | { status: "loading" }
  | { status: "loaded"; devices: RememberedDevice[] }
  | { status: "error"; error: unknown };

export const FORGOT_THIS_BROWSER =
  "This browser is forgotten, and its session ended with it. Sign in again: you will be asked for a code.";

/** fetchDevices (ListDevices) with a Forget button per device (forgetDevice). */
function DeviceList() {
  const { auth } = useServices();
  const [devices, setDevices] = useState<Devices>({ status: "loading" });
  const forget = useAction(auth.forgetDevice);
  const [forgotten, setForgotten] = useState<RememberedDevice | null>(null);
  const { signedOut } = useSession();

  const reload = useCallback(async () => {
    try {
      setDevices({ status: "loaded", devices: await auth.fetchDevices() });
    } catch (error) {
      setDevices({ status: "error", error });
    }
  }, [auth]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const onForget = async (device: RememberedDevice) => {
    setForgotten(null);
    const outcome = await forget.run({ id: device.id });
    if (!outcome.ok) return;
    if (device.current) {
      // The pool ends the sessions made with a device when it is forgotten (ADR 0014), this browser's
      // included: say so and sign out here, rather than let the next call find the session gone.
      await auth.signOut({ global: false }).catch(() => {});
      signedOut({ tone: "info", text: FORGOT_THIS_BROWSER });
      return;
    }
    setForgotten(device);
    await reload();
  };

  if (devices.status === "loading") return <p aria-busy="true">Loading devices…</p>;
  if (devices.status === "error") return <ErrorMessage error={devices.error} />;
  return (
    <div>
      {devices.devices.length === 0 ? (
        <p>No devices are remembered for your account.</p>
      ) : (
        // A phone's width cannot hold the table's columns: it scrolls sideways inside the card, not the page.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard
        <section className="table-wrap" aria-label="Device table" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Devices the user pool knows for your account</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Last IP address</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.devices.map((device) => {
                const label = deviceLabel(device);
                return (
                  <tr key={device.id}>
                    {/* Amplify names a device by its user agent: a long line that wraps rather than widens. */}
                    <td className="wrap">
                      {label}
                      {device.current ? <strong> (this browser)</strong> : null}
                    </td>
                    <td>{device.status === "remembered" ? "Remembered" : "Not remembered"}</td>
                    <td>{formatDate(device.lastAuthenticatedDate ?? device.createDate)}</td>
                    <td className="mono">{device.lastIp ?? "—"}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={forget.pending}
                        aria-label={`Forget ${label}${device.current ? " (this browser)" : ""}`}
                        onClick={() => void onForget(device)}
                      >
                        Forget
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      {forgotten ? (
        <Success>{deviceLabel(forgotten)} is forgotten. Signing in there asks for a code again.</Success>
      ) : null}
      {forget.state.status === "error" ? <ErrorMessage error={forget.state.error} /> : null}
    </div>
  );
}

/** The device's name if it has one (Amplify sends the browser's user agent), else its key. */
function deviceLabel(device: RememberedDevice): string {
  return device.name ? device.name : `Device ${device.id}`;
}

function formatDate(date: Date | undefined): string {
  return date ? date.toLocaleString() : "—";
}
