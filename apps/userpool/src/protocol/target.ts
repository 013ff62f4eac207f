import type { z } from "zod";
import type { Services } from "../services/index.js";

/** What the router knows about the request beyond its body. */
export interface RequestContext {
  requestId: string;
  sourceIp: string | undefined;
  /** Region from the SigV4 credential scope (admin operations only). */
  region?: string;
}

/**
 * One AWS JSON 1.1 operation. `access: "admin"` means Cognito authorizes it with IAM, so the router
 * demands a valid SigV4 signature first; public operations accept signed or unsigned requests.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds every request type; each is checked where defined
export interface Target<Req = any, Res = any> {
  readonly name: string;
  readonly access: "public" | "admin";
  readonly input: z.ZodType<Req>;
  handle(deps: Services, input: Req, ctx: RequestContext): Promise<Res>;
}

/**
 * Declares an operation. The handler names the services it uses (`Pick<Services, …>`), so its unit
 * test fakes only those, and its input schema must produce the SDK's request type.
 */
export function defineTarget<K extends keyof Services, Req, Res>(t: {
  name: string;
  access: "public" | "admin";
  input: z.ZodType<Req>;
  handle(deps: Pick<Services, K>, input: Req, ctx: RequestContext): Promise<Res>;
}): Target<Req, Res> {
  return t;
}
