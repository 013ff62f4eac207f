import type { z } from "zod";
import type { Services } from "../services/index.js";

/** What the router knows about the request beyond its body. */
export interface RequestContext {
  requestId: string;
  sourceIp: string | undefined;
  /** The User-Agent header (threat protection's device name). */
  userAgent?: string;
  /** Region from the SigV4 credential scope (admin operations only). */
  region?: string;
}

/**
 * One AWS JSON 1.1 operation. `access: "admin"` means Cognito authorizes it with IAM, so the router
 * demands a valid SigV4 signature first; public operations accept signed or unsigned requests.
 * `Deps` is what the handler declared it uses; the router hands it every service.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds every request type; each is checked where defined
export interface Target<Input extends z.ZodType = z.ZodType<any>, Res = any, Deps = Services> {
  readonly name: string;
  readonly access: "public" | "admin";
  readonly input: Input;
  handle(deps: Deps, input: z.output<Input>, ctx: RequestContext): Promise<Res>;
}

/** Stands for the SDK request type a target forgot to name; nothing parses into it. */
interface NoSdkRequestNamed {
  "name the SDK request type: defineTarget<XRequest>()": never;
}

/** `unknown` when the parsed input is a valid SDK request; else a type naming the members that do not fit. */
type MatchesSdkRequest<Parsed, SdkReq> = [Parsed] extends [SdkReq]
  ? unknown
  : { "the input schema's output does not fit the SDK request at": Misfits<Parsed, SdkReq> };

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
// A member misfits when the SDK requires it and the schema lets it be absent, or when its types differ.
type Misfit<P, R, K extends keyof R> =
  K extends RequiredKeys<R>
    ? K extends RequiredKeys<P>
      ? [P[K & keyof P]] extends [R[K]]
        ? never
        : K
      : K
    : K extends keyof P
      ? [P[K]] extends [R[K]]
        ? never
        : K
      : never;
type Misfits<P, R> = { [K in keyof R]-?: Misfit<P, R, K> }[keyof R];

/**
 * Declares an operation that takes the SDK's `SdkReq`: `defineTarget<ConfirmSignUpRequest>()({ … })`.
 * The handler is typed by what the input schema parses to (a required member is a `string`, not
 * `string | undefined`), and the build fails unless that is assignable to `SdkReq`, so the schema
 * and the wire type cannot drift apart. The handler names the services it uses (`Pick<Services, …>`),
 * so its unit test fakes only those.
 */
export function defineTarget<SdkReq = NoSdkRequestNamed>() {
  return <S extends z.ZodType, K extends keyof Services, Res>(t: {
    name: string;
    access: "public" | "admin";
    input: S & MatchesSdkRequest<z.output<S>, SdkReq>;
    handle(deps: Pick<Services, K>, input: z.output<S>, ctx: RequestContext): Promise<Res>;
  }): Target<S, Res, Pick<Services, K>> => t;
}
