/** Passkeys in the browser tests: Chromium's virtual authenticator (CDP WebAuthn) and the log-in page's buttons. */
import type { CDPSession, Page } from "playwright-core";

export interface VirtualAuthenticator {
  cdp: CDPSession;
  id: string;
  credentials(): Promise<
    { credentialId: string; rpId?: string; signCount: number; privateKey: string; userHandle?: string }[]
  >;
}

/** A platform authenticator with user verification, present and verifying without a person (CDP WebAuthn). */
export async function addAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    id: authenticatorId,
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

/** On /login: the email typed, then one of the passwordless buttons. */
export async function startPasswordless(page: Page, webUrl: string, email: string, button: string): Promise<void> {
  await page.goto(new URL("/login", webUrl).href);
  await page.getByLabel("Email").fill(email);
  await page
    .getByRole("group", { name: "Or sign in without your password" })
    .getByRole("button", { name: button })
    .click();
}
