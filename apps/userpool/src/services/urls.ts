/**
 * Public URLs. The base is known only after the server listens when the port is chosen by the OS
 * (tests use port 0), so it is read through a function rather than fixed at construction.
 */
export interface PublicUrls {
  /** e.g. http://localhost:9229 (no trailing slash). */
  base(): string;
  /** Public base of the hosted UI and OAuth endpoints (https), e.g. https://localhost:9443. */
  hosted(): string;
  /** `<issuer base>/<poolId>`: the `iss` claim and the discovery/JWKS prefix. */
  issuer(poolId: string): string;
  /** Cognito's CONFIRM_WITH_LINK link: `<base>/confirmUser?client_id=&user_name=&confirmation_code=`. */
  confirmUserLink(i: { clientId: string; username: string; code: string }): string;
}

export function createPublicUrls(
  getBase: () => string,
  getIssuerBase: () => string = getBase,
  getHostedBase: () => string = getBase,
): PublicUrls {
  const trim = (s: string) => s.replace(/\/+$/, "");
  return {
    base: () => trim(getBase()),
    hosted: () => trim(getHostedBase()),
    issuer: (poolId) => `${trim(getIssuerBase())}/${poolId}`,
    confirmUserLink: ({ clientId, username, code }) => {
      const q = new URLSearchParams({ client_id: clientId, user_name: username, confirmation_code: code });
      return `${trim(getBase())}/confirmUser?${q.toString()}`;
    },
  };
}
