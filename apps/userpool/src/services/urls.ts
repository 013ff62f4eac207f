/**
 * Public URLs. The base is known only after the server listens when the port is chosen by the OS
 * (tests use port 0), so it is read through a function rather than fixed at construction.
 */
export interface PublicUrls {
  /** e.g. http://localhost:9229 (no trailing slash). */
  base(): string;
  /** Public base of the hosted UI and OAuth endpoints (https), e.g. https://localhost:9443. */
  hosted(): string;
  /**
   * The `iss` claim: `<issuer base>/<poolId>`, or with the Cognito issuer form
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`.
   */
  issuer(poolId: string): string;
  /** `<issuer base>/<poolId>`: where this server serves the pool's discovery document and JWKS. */
  discovery(poolId: string): string;
  /** Cognito's CONFIRM_WITH_LINK link: `<base>/confirmUser?client_id=&user_name=&confirmation_code=`. */
  confirmUserLink(i: { clientId: string; username: string; code: string }): string;
}

/**
 * Cognito's issuer for a pool, `https://cognito-idp.<Region>.amazonaws.com/<userPoolId>` (developer guide,
 * "Verifying a JSON Web Token"); the region is the pool ID's prefix, as in every Cognito pool ID.
 */
export function cognitoIssuer(poolId: string): string {
  return `https://cognito-idp.${poolId.split("_")[0]}.amazonaws.com/${poolId}`;
}

export function createPublicUrls(
  getBase: () => string,
  getIssuerBase: () => string = getBase,
  getHostedBase: () => string = getBase,
  issuerForm: "local" | "cognito" = "local",
): PublicUrls {
  const trim = (s: string) => s.replace(/\/+$/, "");
  const discovery = (poolId: string) => `${trim(getIssuerBase())}/${poolId}`;
  return {
    base: () => trim(getBase()),
    hosted: () => trim(getHostedBase()),
    issuer: issuerForm === "cognito" ? cognitoIssuer : discovery,
    discovery,
    confirmUserLink: ({ clientId, username, code }) => {
      const q = new URLSearchParams({ client_id: clientId, user_name: username, confirmation_code: code });
      return `${trim(getBase())}/confirmUser?${q.toString()}`;
    },
  };
}
