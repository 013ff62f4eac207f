import { describe, expect, it } from "vitest";
import { describeBackend, parseConfig, type Env } from "./config";

const local: Env = {
  VITE_USER_POOL_ID: "us-east-1_AuthHub01",
  VITE_USER_POOL_CLIENT_ID: "authhubwebclientlocaldev01",
  VITE_USER_POOL_ENDPOINT: "http://localhost:9229",
  VITE_OAUTH_DOMAIN: "localhost:9443",
  VITE_OAUTH_SCOPES: "openid email profile aws.cognito.signin.user.admin",
  VITE_OAUTH_REDIRECT_SIGN_IN: "http://localhost:3000/",
  VITE_OAUTH_REDIRECT_SIGN_OUT: "http://localhost:3000/",
  VITE_API_URL: "http://localhost:5000",
  VITE_API_TOKEN: "id",
  VITE_TOKEN_STORAGE: "localStorage",
};

function problemsOf(env: Env): string[] {
  const result = parseConfig(env);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.problems;
}

describe("parseConfig", () => {
  it("accepts the local stack values and derives the region", () => {
    const result = parseConfig(local);
    expect(result).toEqual({
      ok: true,
      config: {
        userPoolId: "us-east-1_AuthHub01",
        userPoolClientId: "authhubwebclientlocaldev01",
        region: "us-east-1",
        userPoolEndpoint: "http://localhost:9229",
        oauth: {
          domain: "localhost:9443",
          scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
          redirectSignIn: ["http://localhost:3000/"],
          redirectSignOut: ["http://localhost:3000/"],
        },
        // Unset: Google alone, the app's button before VITE_IDENTITY_PROVIDERS.
        identityProviders: ["Google"],
        apiUrl: "http://localhost:5000",
        apiToken: "id",
        tokenStorage: "localStorage",
        signInFactors: ["PASSWORD"],
        emailVerification: "code",
        passwordPolicy: {
          minimumLength: 8,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
        },
      },
    });
  });

  it("reads how the pool verifies e-mail addresses; an unknown kind is named", () => {
    const result = parseConfig({ ...local, VITE_EMAIL_VERIFICATION: "link" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.emailVerification).toBe("link");
    expect(problemsOf({ ...local, VITE_EMAIL_VERIFICATION: "CONFIRM_WITH_LINK" })).toEqual([
      'VITE_EMAIL_VERIFICATION "CONFIRM_WITH_LINK" is not one of: code, link.',
    ]);
  });

  it("reads the pool's password policy; an unknown rule or a missing length is named", () => {
    const result = parseConfig({ ...local, VITE_PASSWORD_POLICY: "length=12, numbers" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.passwordPolicy).toEqual({
      minimumLength: 12,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: true,
      requireSymbols: false,
    });
    expect(problemsOf({ ...local, VITE_PASSWORD_POLICY: "length=8,RequireSymbols" })).toEqual([
      'VITE_PASSWORD_POLICY "RequireSymbols" is not one of: lowercase, uppercase, numbers, symbols, length=<6-99>.',
    ]);
    expect(problemsOf({ ...local, VITE_PASSWORD_POLICY: "length=5" })).toEqual([
      'VITE_PASSWORD_POLICY "length=5": the length must be 6 to 99.',
    ]);
    expect(problemsOf({ ...local, VITE_PASSWORD_POLICY: "numbers" })).toEqual([
      "VITE_PASSWORD_POLICY must give the pool's minimum length, e.g. length=8.",
    ]);
  });

  it("reads the first factors the pool allows; PASSWORD must stay, unknown names are named", () => {
    const result = parseConfig({ ...local, VITE_SIGN_IN_FACTORS: "PASSWORD, WEB_AUTHN,EMAIL_OTP,WEB_AUTHN" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.signInFactors).toEqual(["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"]);
    expect(problemsOf({ ...local, VITE_SIGN_IN_FACTORS: "EMAIL_OTP SMS_OTP" })).toEqual([
      'VITE_SIGN_IN_FACTORS "SMS_OTP" is not one of: PASSWORD, EMAIL_OTP, WEB_AUTHN.',
      "VITE_SIGN_IN_FACTORS must include PASSWORD.",
    ]);
  });

  it("names every missing required value at once", () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/VITE_USER_POOL_ID is missing/);
    expect(problems.join("\n")).toMatch(/VITE_USER_POOL_CLIENT_ID is missing/);
    expect(problems.join("\n")).toMatch(/VITE_API_URL is missing/);
  });

  it("treats an empty endpoint as unset, which means real Cognito", () => {
    const result = parseConfig({ ...local, VITE_USER_POOL_ENDPOINT: "  ", VITE_USER_POOL_ID: "eu-west-2_Ab12Cd34" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.userPoolEndpoint).toBeUndefined();
    expect(describeBackend(result.config)).toBe("AWS Cognito (eu-west-2)");
  });

  it("describes the local userpool in the banner text", () => {
    const result = parseConfig(local);
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(describeBackend(result.config)).toBe("Local userpool (http://localhost:9229)");
  });

  it("rejects malformed values with the variable's name", () => {
    const problems = problemsOf({
      ...local,
      VITE_USER_POOL_ID: "AuthHub01",
      VITE_USER_POOL_CLIENT_ID: "has spaces",
      VITE_USER_POOL_ENDPOINT: "localhost:9229",
      VITE_API_URL: "ftp://example.com",
      VITE_API_TOKEN: "refresh",
      VITE_TOKEN_STORAGE: "indexedDB",
    });
    const text = problems.join("\n");
    expect(text).toMatch(/VITE_USER_POOL_ID "AuthHub01" is not a user pool ID/);
    expect(text).toMatch(/VITE_USER_POOL_CLIENT_ID "has spaces"/);
    expect(text).toMatch(/VITE_USER_POOL_ENDPOINT "localhost:9229"/);
    expect(text).toMatch(/VITE_API_URL "ftp:\/\/example.com" must be an http/);
    expect(text).toMatch(/VITE_API_TOKEN "refresh" is not one of: id, access/);
    expect(text).toMatch(/VITE_TOKEN_STORAGE "indexedDB" is not one of/);
    expect(problems).toHaveLength(6);
  });

  it("leaves OAuth off without a domain, and requires redirects with one", () => {
    const withoutDomain = parseConfig({ ...local, VITE_OAUTH_DOMAIN: undefined });
    expect(withoutDomain.ok && withoutDomain.config.oauth).toBeUndefined();

    const problems = problemsOf({ ...local, VITE_OAUTH_REDIRECT_SIGN_IN: undefined, VITE_OAUTH_REDIRECT_SIGN_OUT: "" });
    expect(problems.join("\n")).toMatch(/VITE_OAUTH_REDIRECT_SIGN_IN is missing/);
    expect(problems.join("\n")).toMatch(/VITE_OAUTH_REDIRECT_SIGN_OUT is missing/);
  });

  it("refuses a scheme in the OAuth domain, since Amplify adds https:// itself", () => {
    expect(problemsOf({ ...local, VITE_OAUTH_DOMAIN: "https://localhost:9443" }).join()).toMatch(
      /must not include a scheme/,
    );
  });

  it("splits several redirect URLs and defaults the optional values", () => {
    const result = parseConfig({
      VITE_USER_POOL_ID: "us-east-1_AuthHub01",
      VITE_USER_POOL_CLIENT_ID: "client1",
      VITE_API_URL: "https://api.example.com/",
      VITE_OAUTH_DOMAIN: "auth.example.com",
      VITE_OAUTH_REDIRECT_SIGN_IN: "https://app.example.com/, http://localhost:3000/",
      VITE_OAUTH_REDIRECT_SIGN_OUT: "https://app.example.com/",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.oauth?.redirectSignIn).toEqual(["https://app.example.com/", "http://localhost:3000/"]);
    expect(result.config.oauth?.scopes).toEqual(["openid", "email", "profile", "aws.cognito.signin.user.admin"]);
    expect(result.config.apiUrl).toBe("https://api.example.com");
    expect(result.config.apiToken).toBe("id");
    expect(result.config.tokenStorage).toBe("localStorage");
  });

  it("reads VITE_IDENTITY_PROVIDERS: one button each, Google when unset; COGNITO and bad names refused", () => {
    const unset = parseConfig(local);
    expect(unset.ok && unset.config.identityProviders).toEqual(["Google"]);
    const all = parseConfig({
      ...local,
      VITE_IDENTITY_PROVIDERS: "Google, Facebook,SignInWithApple,LoginWithAmazon,Corp-SAML,Facebook",
    });
    expect(all.ok && all.config.identityProviders).toEqual([
      "Google",
      "Facebook",
      "SignInWithApple",
      "LoginWithAmazon",
      "Corp-SAML",
    ]);
    const none = parseConfig({ ...local, VITE_IDENTITY_PROVIDERS: " " });
    expect(none.ok && none.config.identityProviders).toEqual([]);
    expect(problemsOf({ ...local, VITE_IDENTITY_PROVIDERS: "COGNITO,Google" })).toEqual([
      "VITE_IDENTITY_PROVIDERS lists COGNITO: the log-in form is the pool's own; list only providers.",
    ]);
    expect(problemsOf({ ...local, VITE_IDENTITY_PROVIDERS: "_Corp" })).toEqual([
      'VITE_IDENTITY_PROVIDERS "_Corp" is not a provider name (1–32 characters, no spaces).',
    ]);
  });
});
