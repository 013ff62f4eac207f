import { describe, expect, it } from "vitest";
import { readFileConfig } from "../config/file.js";
import { DEFAULT_CONFIG_PATH } from "../config/runtime.js";
import { DEFAULT_HOSTED_ORIGIN, withOwnHostedOrigin } from "./ownHostedOrigin.js";

const committed = () => readFileConfig(DEFAULT_CONFIG_PATH);
const details = (cfg: ReturnType<typeof committed>, name: string) =>
  cfg.UserPools[0]!.IdentityProviders.find((p) => p.ProviderName === name)?.ProviderDetails;

describe("withOwnHostedOrigin (the development configs' https://localhost:9443)", () => {
  it("moves the origin of every development provider to the listener's own port, and nothing else", () => {
    const cfg = committed();
    cfg.UserPools[0]!.IdentityProviders.push({
      ProviderName: "Elsewhere",
      ProviderType: "OIDC",
      // Same host, another port, and the origin inside a longer value: not this server's listener.
      ProviderDetails: { oidc_issuer: "https://localhost:94430/x", client_id: `${DEFAULT_HOSTED_ORIGIN}.example` },
    });
    const { config, moved, skipped } = withOwnHostedOrigin(cfg, "https://localhost:50123", "development");
    expect(moved).toBe(true);
    expect(skipped).toEqual([]);
    expect(details(config, "DevSAML")).toEqual({
      MetadataURL: "https://localhost:50123/_dev/saml/metadata",
      IDPSignout: "true",
    });
    expect(details(config, "Google")?.oidc_issuer).toBe("https://localhost:50123/_dev/google");
    expect(details(config, "Facebook")?.token_url).toBe("https://localhost:50123/_dev/facebook/oauth/access_token");
    expect(details(config, "Elsewhere")).toEqual(details(cfg, "Elsewhere"));
    // The input is left as read.
    expect(details(cfg, "DevSAML")?.MetadataURL).toBe(`${DEFAULT_HOSTED_ORIGIN}/_dev/saml/metadata`);
  });

  it("leaves the file alone on the default port and behind a configured hosted base", () => {
    const cfg = committed();
    for (const base of [DEFAULT_HOSTED_ORIGIN, "https://auth.example.com"]) {
      const r = withOwnHostedOrigin(cfg, base, "development");
      expect(r.config, base).toBe(cfg);
      expect(r.moved).toBe(false);
    }
  });

  it("in production (development config allowed) nothing moves; DevSAML, not served there, is left out", () => {
    const cfg = committed();
    const { config, moved, skipped } = withOwnHostedOrigin(cfg, "https://localhost:50123", "production");
    expect(moved).toBe(false);
    expect(skipped).toEqual(["us-east-1_AuthHub01/DevSAML"]);
    expect(details(config, "Google")).toEqual(details(cfg, "Google"));
    expect(details(config, "DevSAML")).toBeUndefined();
  });

  it("with the hosted UI off, a provider whose metadata it would serve is left out, the others stay", () => {
    const cfg = committed();
    // Metadata on the same origin but not a development route: another server's to serve, kept.
    cfg.UserPools[0]!.IdentityProviders.push({
      ProviderName: "LocalIdP",
      ProviderType: "SAML",
      ProviderDetails: { MetadataURL: `${DEFAULT_HOSTED_ORIGIN}/idp/metadata` },
    });
    const { config, skipped } = withOwnHostedOrigin(cfg, "", "development");
    expect(skipped).toEqual(["us-east-1_AuthHub01/DevSAML"]);
    expect(config.UserPools[0]!.IdentityProviders.map((p) => p.ProviderName)).toEqual([
      "Google",
      "Facebook",
      "SignInWithApple",
      "LoginWithAmazon",
      "LocalIdP",
    ]);
  });
});
