/**
 * Debian's Chromium driven by playwright-core (no browser download: the machines have no route to
 * one). CHROMIUM_PATH overrides the path.
 */
import { createHash, X509Certificate } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Throws with the install command when there is no browser to drive. */
export function assertChromium(): void {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. The end-to-end tests need a real browser: install it with ` +
        "`apt-get install -y chromium` (Debian), or point CHROMIUM_PATH at a Chromium/Chrome binary.",
    );
  }
}

// --no-sandbox: CI runs as root, where Chromium's sandbox cannot start. The network flags stop
// Chromium's own background traffic (updates, sync, QUIC probes), which this offline machine refuses.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's
 * --ignore-certificate-errors-spki-list matches.
 */
export function spkiHash(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/**
 * Launches headless Chromium. `trustedSpki` lists the public keys whose certificate errors are
 * accepted: the userpool's development `localhost` certificate and nothing else, so a wrong
 * certificate anywhere else still fails the test (unlike a context-wide ignoreHTTPSErrors). `extraArgs`: a
 * scenario's own flags (scenario 18's host mapping).
 */
export async function launchChromium(opts: { trustedSpki?: string[]; extraArgs?: string[] } = {}): Promise<Browser> {
  assertChromium();
  const args = [...FLAGS, ...(opts.extraArgs ?? [])];
  if (opts.trustedSpki?.length) args.push(`--ignore-certificate-errors-spki-list=${opts.trustedSpki.join(",")}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}
