/**
 * The console's one door to the server (docs/adr/0053, issue #26 contract): session bootstrap, sign-in with its
 * MFA step, Cognito operations through `/_console/api/op/<Name>`, and the console's own reads. Every
 * state-changing call carries the session's CSRF token; both error shapes (`{error}` from the console,
 * `{__type}` from a Cognito operation) become one ConsoleError so pages handle errors one way.
 */

export type ConsoleMode = "development" | "production";

export interface SessionInfo {
  mode: ConsoleMode;
  signedIn: boolean;
  who?: string;
  csrfToken?: string;
  expiresAt?: string;
}

export type MfaChallenge = "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_MFA" | "SELECT_MFA_TYPE" | "MFA_SETUP";

export type SignInResult =
  | { signedIn: true; who: string; csrfToken: string; expiresAt: string }
  | { signedIn: false; challenge: MfaChallenge; step: string };

export type SignInRequest =
  | { userPoolId: string; username: string; password: string }
  | { accessKeyId: string; secretAccessKey: string };

export type SignInResponse = { step: string; code: string } | { step: string; answer: string };

export interface AuditEntry {
  id: string;
  at: string;
  who: string;
  operation: string;
  userPoolId?: string;
  target?: string;
  outcome: string;
}

export interface AuditQuery {
  limit?: number;
  before?: string;
  who?: string;
  operation?: string;
}

export interface MailMessage {
  id: string;
  at: string;
  to: string;
  subject: string;
  text: string;
  codes: string[];
}

export interface SmsMessage {
  id: string;
  at: string;
  to: string;
  text: string;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  operation?: string;
  status: number;
  ms: number;
}

export interface TokenInspection {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signature: { valid: boolean; reason?: string; kid?: string; userPoolId?: string };
  expiresAt?: string;
  expired: boolean;
}

/** One error type for every failure: `kind` says whose vocabulary `code` is in. */
export class ConsoleError extends Error {
  override name = "ConsoleError";
  constructor(
    /** "console": a console error code (`no_session`, `csrf`…); "cognito": an exception name; "network". */
    readonly kind: "console" | "cognito" | "network",
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ConsoleApi {
  session(): Promise<SessionInfo>;
  signIn(request: SignInRequest): Promise<SignInResult>;
  respond(request: SignInResponse): Promise<SignInResult>;
  signOut(): Promise<void>;
  /** A Cognito operation by name, with the SDK's request and response types. */
  op<Req extends object, Res>(name: string, body: Req): Promise<Res>;
  /** Newest first; `who` and `operation` match exactly; `next` goes back as `before` with the same filters. */
  audit(params: AuditQuery): Promise<{ entries: AuditEntry[]; next?: string }>;
  mailbox(limit?: number): Promise<{ messages: MailMessage[] }>;
  sms(limit?: number): Promise<{ messages: SmsMessage[] }>;
  requests(limit?: number): Promise<{ requests: RequestLogEntry[] }>;
  inspectToken(token: string): Promise<TokenInspection>;
  /** The CSRF token currently sent (tests, and whether a session exists). */
  readonly csrfToken: string | undefined;
}

export interface ConsoleApiOptions {
  /** Where the API lives; default `${import.meta.env.BASE_URL}api` (same origin as the console). */
  base?: string;
  fetch?: typeof fetch;
  /** Called when the server says the session is gone (401 no_session), so the app can show the sign-in page. */
  onSessionLost?: () => void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Maps a response body to a ConsoleError: `{__type}` (Cognito, with the `Namespace#` prefix dropped) or `{error}`. */
export function toConsoleError(status: number, body: unknown): ConsoleError {
  if (isRecord(body)) {
    const message = typeof body.message === "string" ? body.message : undefined;
    if (typeof body.__type === "string") {
      const name = body.__type.slice(body.__type.lastIndexOf("#") + 1);
      return new ConsoleError("cognito", name, message ?? name, status);
    }
    if (typeof body.error === "string") return new ConsoleError("console", body.error, message ?? body.error, status);
  }
  return new ConsoleError("console", `http_${status}`, `The server answered ${status}.`, status);
}

/** Creates the client; it keeps the CSRF token it learns from `session()` and sign-in. */
export function createConsoleApi(options: ConsoleApiOptions = {}): ConsoleApi {
  const base = (options.base ?? `${import.meta.env.BASE_URL}api`).replace(/\/$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let csrfToken: string | undefined;

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown, csrf = method !== "GET"): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (csrf && csrfToken) headers["x-csrf-token"] = csrfToken;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        credentials: "same-origin",
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ConsoleError("network", "network", "The console server cannot be reached.", 0);
    }
    if (response.status === 204) return undefined as T;
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = toConsoleError(response.status, parsed);
      if (error.kind === "console" && error.code === "no_session") {
        csrfToken = undefined;
        options.onSessionLost?.();
      }
      throw error;
    }
    return parsed as T;
  }

  const remember = (result: SignInResult): SignInResult => {
    if (result.signedIn) csrfToken = result.csrfToken;
    return result;
  };
  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : "";
  };

  return {
    get csrfToken() {
      return csrfToken;
    },
    async session() {
      const info = await call<SessionInfo>("GET", "/session");
      csrfToken = info.signedIn ? info.csrfToken : undefined;
      return info;
    },
    // sign-in* needs no CSRF token (there is no session yet): the contract exempts it.
    signIn: async (request) => remember(await call<SignInResult>("POST", "/sign-in", request, false)),
    respond: async (request) => remember(await call<SignInResult>("POST", "/sign-in/respond", request, false)),
    async signOut() {
      await call<void>("POST", "/sign-out", {});
      csrfToken = undefined;
    },
    op: <Req extends object, Res>(name: string, body: Req) => {
      // The name becomes a path segment: only an operation name's characters.
      if (!/^[A-Za-z]+$/.test(name)) throw new ConsoleError("console", "unknown_operation", name, 0);
      return call<Res>("POST", `/op/${name}`, body);
    },
    audit: ({ limit, before, who, operation }) => call("GET", `/audit${query({ limit, before, who, operation })}`),
    mailbox: (limit = 50) => call("GET", `/dev/mailbox${query({ limit })}`),
    sms: (limit = 50) => call("GET", `/dev/sms${query({ limit })}`),
    requests: (limit = 100) => call("GET", `/dev/requests${query({ limit })}`),
    inspectToken: (token) => call("POST", "/tokens/inspect", { token }),
  };
}

/** A sentence for an error: Cognito's own message for Cognito errors, ours for the console's codes. */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleError) {
    switch (error.kind) {
      case "network":
        return error.message;
      case "cognito":
        return `${error.code}: ${error.message}`;
      case "console":
        return CONSOLE_MESSAGES[error.code] ?? error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

const CONSOLE_MESSAGES: Record<string, string> = {
  no_session: "Your console session has ended. Sign in again.",
  csrf: "The request was refused as a possible cross-site request. Reload the page and try again.",
  sign_in_failed: "Sign-in failed: check the credentials and try again.",
  loopback_only: "Without a sign-in, the development console opens only from this computer (loopback).",
  unknown_operation: "The server does not offer that operation to the console.",
  not_found: "This view exists only in development mode.",
  invalid_token: "That is not a JWT (three base64url parts separated by dots).",
};
