/**
 * The web app's configuration, read from `VITE_*` variables and validated once at start.
 *
 * Pure (no DOM, no `import.meta`): `main.tsx` passes `import.meta.env`, `vite.config.ts` passes
 * the build's env so a production build with missing values fails before it ships.
 */

export const TOKEN_STORAGE_KINDS = ["localStorage", "sessionStorage", "cookies", "chromeStorage"] as const;
export type TokenStorageKind = (typeof TOKEN_STORAGE_KINDS)[number];

export const API_TOKEN_KINDS = ["id", "access"] as const;
export type ApiTokenKind = (typeof API_TOKEN_KINDS)[number];

/**
 * The first factors the app offers on its sign-in page (Amplify's AuthFactorType names). They must match the
 * pool's sign-in policy (Policies.SignInPolicy.AllowedFirstAuthFactors): the browser cannot read it.
 */
export const SIGN_IN_FACTORS = ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"] as const;
export type SignInFactor = (typeof SIGN_IN_FACTORS)[number];

/**
 * How the pool verifies a new e-mail address (VerificationMessageTemplate.DefaultEmailOption): a link to click
 * (CONFIRM_WITH_LINK) or a code to type (CONFIRM_WITH_CODE, Cognito's default). The browser cannot read it either,
 * and every message about verification must say what the e-mail actually holds.
 */
export const EMAIL_VERIFICATION_KINDS = ["code", "link"] as const;
export type EmailVerification = (typeof EMAIL_VERIFICATION_KINDS)[number];

/**
 * The pool's password policy (Policies.PasswordPolicy), which the browser cannot read either. The forms that set a
 * password show each rule as a checklist while the user types; the pool still enforces it.
 */
export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** The words of VITE_PASSWORD_POLICY besides `length=N`, one per Require* flag. */
export const PASSWORD_RULES = ["lowercase", "uppercase", "numbers", "symbols"] as const;

/** Cognito's default policy: at least 8 characters with a lowercase and an uppercase letter, a number, a symbol. */
export const DEFAULT_PASSWORD_POLICY = "length=8,lowercase,uppercase,numbers,symbols";

export interface OAuthSettings {
  /** Hosted UI host (and optional port/path) without scheme; Amplify prepends `https://`. */
  domain: string;
  scopes: string[];
  redirectSignIn: string[];
  redirectSignOut: string[];
}

export interface AppConfig {
  userPoolId: string;
  userPoolClientId: string;
  /** Region parsed from the pool ID (`us-east-1_…`), shown in the banner. */
  region: string;
  /** Set for the local userpool; undefined means real Cognito (`cognito-idp.<region>.amazonaws.com`). */
  userPoolEndpoint: string | undefined;
  /** Undefined when no hosted UI is configured: the identity-provider buttons are then unavailable. */
  oauth: OAuthSettings | undefined;
  /**
   * The identity providers the log-in page offers, one button each (VITE_IDENTITY_PROVIDERS: the app client's
   * SupportedIdentityProviders less COGNITO), e.g. Google, Facebook, SignInWithApple, LoginWithAmazon, a SAML name.
   */
  identityProviders: string[];
  apiUrl: string;
  apiToken: ApiTokenKind;
  tokenStorage: TokenStorageKind;
  /** PASSWORD always; EMAIL_OTP ("Email me a code") and WEB_AUTHN (passkeys) when the pool allows them. */
  signInFactors: SignInFactor[];
  /** What the verification e-mail holds: a code to type, or a link to open. */
  emailVerification: EmailVerification;
  passwordPolicy: PasswordPolicy;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

export type Env = Record<string, string | boolean | undefined>;

export const DEFAULT_OAUTH_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"];

// Cognito pool IDs are `<region>_<id>`, e.g. us-east-1_AuthHub01.
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;
// Client IDs are 1–128 word characters (Cognito's own pattern is [\w+]+).
const CLIENT_ID = /^[\w+]{1,128}$/;

/** Reads and validates every `VITE_*` value; collects all problems instead of stopping at the first. */
export function parseConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const raw = env[name];
    if (typeof raw !== "string") return undefined;
    const trimmed = raw.trim();
    // Empty means unset, so a real-Cognito build can blank out VITE_USER_POOL_ENDPOINT.
    return trimmed === "" ? undefined : trimmed;
  };
  const required = (name: string, hint: string): string | undefined => {
    const value = read(name);
    if (value === undefined) problems.push(`${name} is missing: ${hint}`);
    return value;
  };

  const userPoolId = required("VITE_USER_POOL_ID", "set it to the user pool ID, e.g. us-east-1_AuthHub01.");
  let region = "";
  if (userPoolId !== undefined) {
    const match = POOL_ID.exec(userPoolId);
    if (match?.[1]) region = match[1];
    else
      problems.push(
        `VITE_USER_POOL_ID "${userPoolId}" is not a user pool ID (expected <region>_<id>, e.g. us-east-1_AuthHub01).`,
      );
  }

  const userPoolClientId = required(
    "VITE_USER_POOL_CLIENT_ID",
    "set it to the app client ID (a public client, no secret).",
  );
  if (userPoolClientId !== undefined && !CLIENT_ID.test(userPoolClientId)) {
    problems.push(`VITE_USER_POOL_CLIENT_ID "${userPoolClientId}" is not a client ID (letters, digits and _ only).`);
  }

  const userPoolEndpoint = read("VITE_USER_POOL_ENDPOINT");
  if (userPoolEndpoint !== undefined) checkHttpUrl("VITE_USER_POOL_ENDPOINT", userPoolEndpoint, problems);

  const apiUrl = required("VITE_API_URL", "set it to the API's base URL, e.g. http://localhost:5000.");
  if (apiUrl !== undefined) checkHttpUrl("VITE_API_URL", apiUrl, problems);

  const apiToken = oneOf("VITE_API_TOKEN", read("VITE_API_TOKEN") ?? "id", API_TOKEN_KINDS, problems);
  const tokenStorage = oneOf(
    "VITE_TOKEN_STORAGE",
    read("VITE_TOKEN_STORAGE") ?? "localStorage",
    TOKEN_STORAGE_KINDS,
    problems,
  );

  const oauth = parseOAuth(read, problems);
  // Set but empty means no provider (a client with COGNITO only), so this one is read as given.
  const rawProviders = env.VITE_IDENTITY_PROVIDERS;
  const identityProviders = parseIdentityProviders(
    typeof rawProviders === "string" ? rawProviders : undefined,
    problems,
  );
  const signInFactors = parseFactors(read("VITE_SIGN_IN_FACTORS"), problems);
  // Cognito's default DefaultEmailOption is CONFIRM_WITH_CODE.
  const emailVerification = oneOf(
    "VITE_EMAIL_VERIFICATION",
    read("VITE_EMAIL_VERIFICATION") ?? "code",
    EMAIL_VERIFICATION_KINDS,
    problems,
  );

  const passwordPolicy = parsePasswordPolicy(read("VITE_PASSWORD_POLICY") ?? DEFAULT_PASSWORD_POLICY, problems);

  if (
    problems.length > 0 ||
    !userPoolId ||
    !userPoolClientId ||
    !apiUrl ||
    !apiToken ||
    !tokenStorage ||
    !emailVerification
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    config: {
      userPoolId,
      userPoolClientId,
      region,
      userPoolEndpoint: userPoolEndpoint?.replace(/\/+$/, ""),
      oauth,
      identityProviders,
      apiUrl: apiUrl.replace(/\/+$/, ""),
      apiToken,
      tokenStorage,
      signInFactors,
      emailVerification,
      passwordPolicy,
    },
  };
}

/** "length=8,lowercase,uppercase,numbers,symbols": a minimum length (6–99, as the pool allows) and the rules. */
function parsePasswordPolicy(raw: string, problems: string[]): PasswordPolicy {
  const policy: PasswordPolicy = {
    minimumLength: 8,
    requireLowercase: false,
    requireUppercase: false,
    requireNumbers: false,
    requireSymbols: false,
  };
  let sawLength = false;
  for (const word of raw.split(/[\s,]+/).filter(Boolean)) {
    const length = /^length=(\d+)$/.exec(word);
    if (length?.[1]) {
      const n = Number(length[1]);
      if (n < 6 || n > 99) problems.push(`VITE_PASSWORD_POLICY "${word}": the length must be 6 to 99.`);
      policy.minimumLength = n;
      sawLength = true;
      continue;
    }
    const rule = oneOf("VITE_PASSWORD_POLICY", word, [...PASSWORD_RULES, "length=<6-99>"], problems);
    if (rule === "lowercase") policy.requireLowercase = true;
    else if (rule === "uppercase") policy.requireUppercase = true;
    else if (rule === "numbers") policy.requireNumbers = true;
    else if (rule === "symbols") policy.requireSymbols = true;
  }
  // A policy without a length would silently fall back to 8, which may not be the pool's.
  if (!sawLength) problems.push(`VITE_PASSWORD_POLICY must give the pool's minimum length, e.g. length=8.`);
  return policy;
}

function parseFactors(raw: string | undefined, problems: string[]): SignInFactor[] {
  const names = (raw ?? "PASSWORD").split(/[\s,]+/).filter(Boolean);
  const factors: SignInFactor[] = [];
  for (const name of names) {
    const factor = oneOf("VITE_SIGN_IN_FACTORS", name, SIGN_IN_FACTORS, problems);
    if (factor && !factors.includes(factor)) factors.push(factor);
  }
  // The sign-in form, password reset and change password all assume passwords exist.
  if (!factors.includes("PASSWORD")) problems.push(`VITE_SIGN_IN_FACTORS must include PASSWORD.`);
  return factors;
}

/**
 * Provider names as Cognito allows them (1–32 characters, no spaces, not starting or ending with _), COGNITO
 * excluded: that is the pool's own directory, the log-in form. Unset means Google, the app's former only button;
 * empty means none.
 */
function parseIdentityProviders(raw: string | undefined, problems: string[]): string[] {
  const names = (raw ?? "Google").split(",").map((n) => n.trim());
  const out: string[] = [];
  for (const name of names.filter(Boolean)) {
    if (name.toUpperCase() === "COGNITO")
      problems.push("VITE_IDENTITY_PROVIDERS lists COGNITO: the log-in form is the pool's own; list only providers.");
    else if (!/^[^\s_][^\s]{0,30}[^\s_]$|^[^\s_]$/u.test(name))
      problems.push(`VITE_IDENTITY_PROVIDERS "${name}" is not a provider name (1–32 characters, no spaces).`);
    else if (!out.includes(name)) out.push(name);
  }
  return out;
}

function parseOAuth(read: (name: string) => string | undefined, problems: string[]): OAuthSettings | undefined {
  const domain = read("VITE_OAUTH_DOMAIN");
  if (domain === undefined) return undefined;
  if (/^[a-z]+:\/\//i.test(domain)) {
    // Amplify builds `https://${domain}/oauth2/authorize`, so a scheme here would double up.
    problems.push(
      `VITE_OAUTH_DOMAIN "${domain}" must not include a scheme: ` +
        "Amplify adds https:// itself (use e.g. localhost:9443).",
    );
  }
  const scopes = (read("VITE_OAUTH_SCOPES") ?? DEFAULT_OAUTH_SCOPES.join(" ")).split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid"))
    problems.push(`VITE_OAUTH_SCOPES must include "openid" to get an ID token from the hosted UI.`);
  const redirectSignIn = urlList("VITE_OAUTH_REDIRECT_SIGN_IN", read, problems);
  const redirectSignOut = urlList("VITE_OAUTH_REDIRECT_SIGN_OUT", read, problems);
  return { domain, scopes, redirectSignIn, redirectSignOut };
}

function urlList(name: string, read: (name: string) => string | undefined, problems: string[]): string[] {
  const raw = read(name);
  if (raw === undefined) {
    problems.push(
      `${name} is missing: VITE_OAUTH_DOMAIN is set, ` +
        "so give the app URL the hosted UI returns to, e.g. http://localhost:3000/.",
    );
    return [];
  }
  const urls = raw
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of urls) checkHttpUrl(name, url, problems);
  return urls;
}

function checkHttpUrl(name: string, value: string, problems: string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} "${value}" is not a URL (expected e.g. http://localhost:5000).`);
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    problems.push(`${name} "${value}" must be an http:// or https:// URL.`);
  }
}

function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name} "${value}" is not one of: ${allowed.join(", ")}.`);
  return undefined;
}

/** What the banner says: which user pool service the app talks to. */
export function describeBackend(config: AppConfig): string {
  return config.userPoolEndpoint !== undefined
    ? `Local userpool (${config.userPoolEndpoint})`
    : `AWS Cognito (${config.region})`;
}
