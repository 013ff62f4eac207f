/**
 * The way back from a pool page that cannot finish (a confirmation link, a failed federated sign-in): the client's
 * own registered sign-in URL, DefaultRedirectURI, else its first CallbackURL. Never a URL from the request, so the
 * link cannot be made to point elsewhere (no open redirect). Only http(s): a custom scheme belongs to a native app,
 * which the browser showing the page may not have.
 */
import type { Client } from "../services/pools.js";

export function backToApp(client: Pick<Client, "settings">): string | undefined {
  const url = client.settings.DefaultRedirectURI ?? client.settings.CallbackURLs?.[0];
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
