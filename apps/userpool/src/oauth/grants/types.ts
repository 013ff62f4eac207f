import type { Request } from "express";
import type { Services } from "../../services/index.js";
import type { Client, Pool } from "../../services/pools.js";
import type { Params } from "../params.js";

/** The token endpoint's JSON success body (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
}

export interface GrantContext {
  pool: Pool;
  client: Client;
  /** The client authenticated with its secret. */
  confidential: boolean;
  params: Params;
  req: Request;
}

/** One grant type: its name, the parameters it reads (required ones first), and its handler. */
export interface Grant {
  grantType: string;
  parameters: { required: readonly string[]; optional: readonly string[] };
  handler(deps: Services, ctx: GrantContext): Promise<TokenResponse>;
}
