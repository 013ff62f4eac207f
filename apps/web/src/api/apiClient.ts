/**
 * The tutorial's `axiosWithAuth`, as a small fetch wrapper: every call gets a fresh token from
 * Amplify, sends it as `Authorization: Bearer`, and turns failures into sentences.
 *
 * fetch rather than axios: one GET with a header needs no interceptors, and the browser's fetch
 * keeps the bundle free of a second HTTP stack (Amplify itself already uses fetch).
 */

export type ApiErrorKind = "notSignedIn" | "unauthorized" | "forbidden" | "server" | "network" | "http" | "badResponse";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  /** A current token, or null when signed out. `forceRefresh` asks the pool for a new one. */
  getToken(options: { forceRefresh: boolean }): Promise<string | null>;
  fetch?: typeof fetch;
}

export interface ApiClient {
  /** GETs `path` as JSON with the user's token; throws `ApiError` with a readable message. */
  get(path: string): Promise<unknown>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function send(path: string, token: string): Promise<Response> {
    try {
      return await doFetch(`${baseUrl}${path}`, {
        method: "GET",
        headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      });
    } catch {
      // fetch rejects only when no HTTP answer arrived: API down, DNS, or a CORS refusal.
      throw new ApiError(
        "network",
        `Cannot reach the API at ${baseUrl}. Check that it is running and allows this site (CORS).`,
      );
    }
  }

  async function tokenOrThrow(forceRefresh: boolean): Promise<string> {
    const token = await options.getToken({ forceRefresh });
    if (!token) throw new ApiError("notSignedIn", "You are not signed in. Sign in to call the API.");
    return token;
  }

  return {
    async get(path) {
      let response = await send(path, await tokenOrThrow(false));
      if (response.status === 401) {
        // One retry with a token fresh from the pool: covers clock skew and a token that expired in
        // flight. If the refresh token is dead too, getToken yields null and we report "signed out".
        response = await send(path, await tokenOrThrow(true));
      }
      if (!response.ok) throw await toApiError(response);
      try {
        return await response.json();
      } catch {
        throw new ApiError("badResponse", "The API answered with something that is not JSON.", response.status);
      }
    },
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const status = response.status;
  const detail = await readErrorMessage(response);
  if (status === 401) {
    const expired = detail && /expired/i.test(detail);
    return new ApiError(
      "unauthorized",
      expired
        ? "Your session has expired. Sign in again."
        : "The API did not accept your sign-in. Sign out and sign in again.",
      status,
    );
  }
  if (status === 403) return new ApiError("forbidden", "You are signed in but not allowed to do this.", status);
  if (status === 503)
    return new ApiError("server", "The API is temporarily unavailable (503). Try again in a moment.", status);
  if (status >= 500)
    return new ApiError("server", `The API had a problem (HTTP ${status}). Try again in a moment.`, status);
  return new ApiError("http", `The API refused the request (HTTP ${status})${detail ? `: ${detail}` : "."}`, status);
}

/** The API's `{ error, message }` body, if any; only used to choose wording, never to show internals of a 5xx. */
async function readErrorMessage(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { message?: unknown; error?: unknown };
    if (typeof body.message === "string") return body.message;
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON: the status alone decides.
  }
  return undefined;
}
