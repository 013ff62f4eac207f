/**
 * `id_token_hint` of OpenID Connect RP-Initiated Logout 1.0 §2: an ID token this server issued, which
 * names the client (`aud`) and the pool (`iss`). The signature is checked with the pool's own keys; an
 * expired token is accepted, as §2 allows ("even when the exp time has passed"), because a user often
 * signs out after the ID token has lapsed.
 */
import { compactVerify, decodeProtectedHeader } from "jose";
import type { Client, Pool } from "../services/pools.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "keys" | "urls">;

/** Longer hints are refused unparsed (our ID tokens are a few kilobytes). */
const MAX_HINT_LENGTH = 16 * 1024;

export interface IdTokenHint {
  pool: Pool;
  client: Client;
  sub: string;
}

/** The pool, client and subject of a valid hint, or undefined for anything this pool did not issue as an ID token. */
export async function verifyIdTokenHint(deps: Deps, token: string): Promise<IdTokenHint | undefined> {
  if (token.length > MAX_HINT_LENGTH) return undefined;
  let kid: string | undefined;
  let alg: string | undefined;
  let claims: Record<string, unknown>;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
    claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
  const { iss, aud, sub, token_use: use } = claims;
  // Only RS256 with one of the pool's own keys: no `alg: none`, no key chosen by the token.
  if (alg !== "RS256" || !kid || typeof iss !== "string" || typeof aud !== "string" || typeof sub !== "string")
    return undefined;
  if (use !== "id") return undefined;
  const poolId = iss.split("/").pop() ?? "";
  if (iss !== deps.urls.issuer(poolId)) return undefined;
  const pool = await deps.pools.findPool(poolId);
  const key = pool && (await deps.keys.publicKey(pool.id, kid));
  if (!pool || !key) return undefined;
  try {
    // Signature only: the claims were read above, and `exp` is deliberately not enforced.
    await compactVerify(token, key, { algorithms: ["RS256"] });
  } catch {
    return undefined;
  }
  const client = await deps.pools.findClient(aud);
  if (!client || client.poolId !== pool.id) return undefined;
  return { pool, client, sub };
}
