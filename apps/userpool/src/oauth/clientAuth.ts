/**
 * Client authentication at the token and revocation endpoints: HTTP Basic (client_secret_basic)
 * or client_id/client_secret in the form (client_secret_post), never both (RFC 6749 §2.3.1).
 * Public clients send only client_id. Every failure is invalid_client, so callers cannot tell an
 * unknown client from a wrong secret.
 */
import type { Request } from "express";
import { safeEqual } from "../crypto/envelope.js";
import type { Client, PoolService } from "../services/pools.js";
import { invalidClient, invalidRequest } from "./errors.js";
import type { Params } from "./params.js";

export interface AuthenticatedClient {
  client: Client;
  /** The client proved a secret (confidential client). */
  confidential: boolean;
}

export async function authenticateClient(
  deps: { pools: PoolService },
  req: Request,
  form: Params,
): Promise<AuthenticatedClient> {
  const header = req.get("authorization");
  let id: string | undefined;
  let secret: string | undefined;
  let method: "Basic" | undefined;
  if (header !== undefined) {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
    if (!m)
      throw invalidClient("Unsupported Authorization header; use HTTP Basic with the client ID and secret.", "Basic");
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i < 0) throw invalidClient("Malformed HTTP Basic credentials.", "Basic");
    try {
      // RFC 6749 §2.3.1: both halves are form-urlencoded before Basic encoding.
      id = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, " "));
    } catch {
      throw invalidClient("Malformed HTTP Basic credentials.", "Basic");
    }
    method = "Basic";
    if (form.client_secret !== undefined)
      throw invalidRequest("Use one client authentication method, not HTTP Basic and client_secret together.");
    if (form.client_id !== undefined && form.client_id !== id)
      throw invalidRequest("client_id does not match the HTTP Basic credentials.");
  } else {
    id = form.client_id;
    secret = form.client_secret;
  }
  if (!id) throw invalidRequest("client_id is required.");
  const client = id.length <= 128 ? await deps.pools.findClient(id) : undefined;
  if (!client) throw invalidClient("Client authentication failed.", method);
  const expected = deps.pools.clientSecrets(client);
  if (expected.length === 0) {
    if (secret !== undefined && secret !== "") throw invalidClient("Client authentication failed.", method);
    return { client, confidential: false };
  }
  // Any live secret authenticates the client (secret rotation).
  if (secret === undefined || !expected.some((e) => safeEqual(secret, e)))
    throw invalidClient("Client authentication failed.", method);
  return { client, confidential: true };
}
