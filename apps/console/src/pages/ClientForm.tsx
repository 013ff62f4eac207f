/**
 * An app client's settings, for CreateUserPoolClient and UpdateUserPoolClient alike. Token lifetimes are sent
 * with their units (TokenValidityUnits), so "60" means what the label says whatever the client had before.
 */
import type {
  ListIdentityProvidersRequest,
  ListIdentityProvidersResponse,
  UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useId, useState, type FormEvent } from "react";
import { useApi } from "../session/ConsoleContext";
import { Field, formText, type ActionState } from "@authhub/ui";
import { Checkbox, ErrorMessage, formAll, formChecked, formLines, LinesField, useLoad } from "../components/ui";

export const AUTH_FLOWS = [
  { value: "ALLOW_USER_SRP_AUTH", label: "Secure remote password (SRP)" },
  { value: "ALLOW_USER_PASSWORD_AUTH", label: "Username and password" },
  { value: "ALLOW_USER_AUTH", label: "Choice-based sign-in (passwordless, passkeys)" },
  { value: "ALLOW_CUSTOM_AUTH", label: "Custom authentication (Lambda challenges)" },
  { value: "ALLOW_ADMIN_USER_PASSWORD_AUTH", label: "Admin username and password (server side)" },
  { value: "ALLOW_REFRESH_TOKEN_AUTH", label: "Refresh tokens" },
] as const;

const OAUTH_FLOWS = [
  { value: "code", label: "Authorization code" },
  { value: "implicit", label: "Implicit" },
  { value: "client_credentials", label: "Client credentials" },
] as const;

/** The settings both operations share (names as in the Cognito requests). */
export type ClientSettings = Pick<
  UserPoolClientType,
  | "ClientName"
  | "ExplicitAuthFlows"
  | "AccessTokenValidity"
  | "IdTokenValidity"
  | "RefreshTokenValidity"
  | "TokenValidityUnits"
  | "CallbackURLs"
  | "LogoutURLs"
  | "AllowedOAuthFlows"
  | "AllowedOAuthScopes"
  | "AllowedOAuthFlowsUserPoolClient"
  | "SupportedIdentityProviders"
>;

type Errors = Partial<Record<string, string>>;

/** The client's URL lists, one URL a line. */
const URL_LISTS = [
  { name: "CallbackURLs", label: "Callback URLs" },
  { name: "LogoutURLs", label: "Sign-out URLs" },
] as const;

/** The token lifetimes, each shown and sent in one unit, with Cognito's bounds and its defaults when unset. */
const LIFETIMES = [
  {
    name: "AccessTokenValidity",
    unit: "AccessToken",
    label: "Access token (minutes)",
    shown: "minutes",
    unsetUnit: "hours",
    unset: 60,
    min: 5,
    max: 1440,
    problem: "Enter minutes from 5 to 1440 (1 day)",
  },
  {
    name: "IdTokenValidity",
    unit: "IdToken",
    label: "ID token (minutes)",
    shown: "minutes",
    unsetUnit: "hours",
    unset: 60,
    min: 5,
    max: 1440,
    problem: "Enter minutes from 5 to 1440 (1 day)",
  },
  {
    name: "RefreshTokenValidity",
    unit: "RefreshToken",
    label: "Refresh token (days)",
    shown: "days",
    unsetUnit: "days",
    unset: 30,
    min: 1,
    max: 3650,
    problem: "Enter days from 1 to 3650 (10 years)",
  },
] as const;

/** Cognito takes https URLs, and http only for localhost (CreateUserPoolClient, CallbackURLs). */
function urlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (u.hash) return `${url}: a URL with a fragment (#) is not allowed`;
  if (u.protocol === "https:") return undefined;
  if (u.protocol === "http:" && (u.hostname === "localhost" || u.hostname === "127.0.0.1")) return undefined;
  return `${url}: use https (http only for localhost)`;
}

function intIn(value: string, min: number, max: number): number | undefined {
  const n = Number(value);
  return value !== "" && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Reads the form, or the errors to show beside its fields. */
export function readClientForm(form: HTMLFormElement): { settings: ClientSettings } | { errors: Errors } {
  const errors: Errors = {};
  const name = formText(form, "ClientName");
  if (!/^[\w\s+=,.@-]{1,128}$/u.test(name))
    errors.ClientName = "Enter a name of 1–128 letters, digits, spaces or + = , . @ -";
  const [access, id, refresh] = LIFETIMES.map((l) => {
    const value = intIn(formText(form, l.name), l.min, l.max);
    if (value === undefined) errors[l.name] = l.problem;
    return value;
  });
  const callbacks = formLines(form, "CallbackURLs");
  const logouts = formLines(form, "LogoutURLs");
  const badCallback = callbacks.map(urlProblem).find(Boolean);
  if (badCallback) errors.CallbackURLs = badCallback;
  const badLogout = logouts.map(urlProblem).find(Boolean);
  if (badLogout) errors.LogoutURLs = badLogout;
  const oauth = formChecked(form, "AllowedOAuthFlowsUserPoolClient");
  const oauthFlows = formAll(form, "AllowedOAuthFlows") as ("code" | "implicit" | "client_credentials")[];
  const scopes = formLines(form, "AllowedOAuthScopes");
  if (oauth && oauthFlows.length === 0) errors.AllowedOAuthFlows = "Choose at least one OAuth flow, or turn OAuth off";
  if (oauth && scopes.length === 0) errors.AllowedOAuthScopes = "Enter at least one scope, such as openid";
  if (
    oauth &&
    (oauthFlows.includes("code") || oauthFlows.includes("implicit")) &&
    callbacks.length === 0 &&
    !badCallback
  )
    errors.CallbackURLs = "The authorization code and implicit flows need a callback URL";
  if (Object.keys(errors).length > 0 || access === undefined || id === undefined || refresh === undefined)
    return { errors };
  return {
    settings: {
      ClientName: name,
      ExplicitAuthFlows: formAll(form, "ExplicitAuthFlows") as ClientSettings["ExplicitAuthFlows"],
      AccessTokenValidity: access,
      IdTokenValidity: id,
      RefreshTokenValidity: refresh,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      CallbackURLs: callbacks,
      LogoutURLs: logouts,
      AllowedOAuthFlowsUserPoolClient: oauth,
      // Cognito takes 1 to 3 flows or none at all: an empty list is refused, so OAuth off sends none. Undefined,
      // not absent, so that an edit's spread of the described client does not bring the old flows back.
      AllowedOAuthFlows: oauth ? oauthFlows : undefined,
      AllowedOAuthScopes: oauth ? scopes : [],
      SupportedIdentityProviders: formAll(form, "SupportedIdentityProviders"),
    },
  };
}

/** A lifetime in the unit the form shows, from the client's value and unit (Cognito's defaults when unset). */
function inUnit(
  value: number | undefined,
  unit: string | undefined,
  want: "minutes" | "days",
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const seconds = value * ({ seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit ?? want] ?? 1);
  return Math.max(1, Math.round(seconds / (want === "minutes" ? 60 : 86400)));
}

export function ClientForm<R>({
  poolId,
  client,
  submitLabel,
  withSecretChoice = false,
  state,
  onSubmit,
}: {
  poolId: string;
  client?: UserPoolClientType;
  submitLabel: string;
  withSecretChoice?: boolean;
  state: ActionState<R>;
  onSubmit: (settings: ClientSettings, generateSecret: boolean) => void;
}) {
  const api = useApi();
  const [errors, setErrors] = useState<Errors>({});
  const providers = useLoad(
    () =>
      api.op<ListIdentityProvidersRequest, ListIdentityProvidersResponse>("ListIdentityProviders", {
        UserPoolId: poolId,
        MaxResults: 60,
      }),
    [api, poolId],
  );
  const providerNames = [
    "COGNITO",
    ...(providers.state.status === "ready"
      ? (providers.state.data.Providers ?? []).map((p) => p.ProviderName ?? "")
      : []),
    // A provider the client names but the list did not return (still loading, or deleted) stays visible.
    ...(client?.SupportedIdentityProviders ?? []),
  ].filter((n, i, all) => n && all.indexOf(n) === i);
  const units = client?.TokenValidityUnits;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readClientForm(event.currentTarget);
    if ("errors" in read) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    onSubmit(read.settings, formChecked(event.currentTarget, "GenerateSecret"));
  };
  const flows = new Set<string>(client?.ExplicitAuthFlows ?? ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
  const count = Object.keys(errors).length;
  return (
    <form onSubmit={submit} noValidate aria-busy={state.status === "pending"}>
      <Field label="App client name" name="ClientName" defaultValue={client?.ClientName} error={errors.ClientName} />
      {withSecretChoice ? (
        <Checkbox label="Generate a client secret (for a server-side app)" name="GenerateSecret" />
      ) : null}
      <Choices
        legend="Authentication flows"
        name="ExplicitAuthFlows"
        options={AUTH_FLOWS}
        checked={(f) => flows.has(f)}
      />
      <fieldset className="choices">
        <legend>Token lifetimes</legend>
        {LIFETIMES.map((l) => (
          <Field
            key={l.name}
            label={l.label}
            name={l.name}
            type="number"
            inputMode="numeric"
            defaultValue={inUnit(client?.[l.name], units?.[l.unit] ?? l.unsetUnit, l.shown, l.unset)}
            error={errors[l.name]}
          />
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>Hosted UI and OAuth</legend>
        <Checkbox
          label="OAuth 2.0 enabled for this client"
          name="AllowedOAuthFlowsUserPoolClient"
          defaultChecked={client?.AllowedOAuthFlowsUserPoolClient}
        />
        <Choices
          legend="OAuth flows"
          name="AllowedOAuthFlows"
          options={OAUTH_FLOWS}
          checked={(f) => client?.AllowedOAuthFlows?.includes(f as (typeof OAUTH_FLOWS)[number]["value"])}
          error={errors.AllowedOAuthFlows}
        />
        <LinesField
          label="Scopes"
          name="AllowedOAuthScopes"
          defaultValue={client?.AllowedOAuthScopes ?? ["openid", "email", "profile"]}
          hint="One a line: openid, email, phone, profile, aws.cognito.signin.user.admin or a resource server's scope."
          error={errors.AllowedOAuthScopes}
        />
        {URL_LISTS.map((u) => (
          <LinesField
            key={u.name}
            label={u.label}
            name={u.name}
            defaultValue={client?.[u.name]}
            hint="One a line."
            error={errors[u.name]}
          />
        ))}
        <Choices
          legend="Identity providers"
          name="SupportedIdentityProviders"
          options={providerNames.map((p) => ({ value: p, label: p === "COGNITO" ? "Cognito user pool (COGNITO)" : p }))}
          checked={(p) => (client?.SupportedIdentityProviders ?? ["COGNITO"]).includes(p)}
        />
      </fieldset>
      {count > 0 ? (
        <p role="alert" className="message error">
          {count === 1 ? "One setting needs a fix" : `${count} settings need a fix`}: see the messages under them.
        </p>
      ) : null}
      {state.status === "error" ? <ErrorMessage error={state.error} /> : null}
      <button type="submit" disabled={state.status === "pending"}>
        {state.status === "pending" ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}

/** A group of checkboxes sharing a name; its error, when there is one, describes the group. */
function Choices({
  legend,
  name,
  options,
  checked,
  error,
}: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string }[];
  checked: (value: string) => boolean | undefined;
  error?: string | undefined;
}) {
  const errorId = `${useId()}-error`;
  return (
    <fieldset className="choices" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <Checkbox key={o.value} label={o.label} name={name} value={o.value} defaultChecked={checked(o.value)} />
      ))}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
