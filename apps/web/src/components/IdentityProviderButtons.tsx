/**
 * One "Sign in with …" button per identity provider the app client enables (VITE_IDENTITY_PROVIDERS): each is
 * signInWithRedirect to the hosted UI with identity_provider=<name>, which hands over to the provider and back.
 */
import { useServices } from "../app/services";
import { useAction } from "@authhub/ui";
import { ErrorMessage } from "./ui";

/** What the buttons say: the providers' own names for themselves; a SAML or OIDC provider by its name. */
const LABELS: Record<string, string> = {
  Google: "Google",
  Facebook: "Facebook",
  SignInWithApple: "Apple",
  LoginWithAmazon: "Amazon",
};
export const providerLabel = (name: string) => LABELS[name] ?? name;

export function IdentityProviderButtons() {
  const { config } = useServices();

  if (!config.oauth) {
    return (
      <p className="hint">
        Sign in with {config.identityProviders.map(providerLabel).join(", ") || "an identity provider"} is off: set
        VITE_OAUTH_DOMAIN and the redirect URLs to enable the hosted UI.
      </p>
    );
  }
  if (config.identityProviders.length === 0) return null;

  return (
    <div className="provider-buttons">
      {config.identityProviders.map((name) => (
        <ProviderButton key={name} name={name} />
      ))}
    </div>
  );
}

function ProviderButton({ name }: { name: string }) {
  const { auth } = useServices();
  const redirect = useAction(() => auth.signInWithProvider(name));
  const label = providerLabel(name);
  return (
    <div className="inline-action">
      <button
        type="button"
        className={`idp idp-${name.toLowerCase().replace(/[^a-z0-9]/g, "")}`}
        disabled={redirect.pending}
        onClick={() => void redirect.run()}
      >
        {redirect.pending ? `Redirecting to ${label}…` : `Sign in with ${label}`}
      </button>
      {redirect.state.status === "error" ? <ErrorMessage error={redirect.state.error} /> : null}
    </div>
  );
}
