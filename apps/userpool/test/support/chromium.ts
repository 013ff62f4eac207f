/**
 * Headless Debian Chromium driven by playwright-core, for the few userpool tests that need a real
 * browser (the e2e workspace has the full harness). CI installs Chromium before `npm test`; without it
 * the test fails with the install command. CHROMIUM_PATH overrides the path.
 */
import { createHash, X509Certificate } from "node:crypto";
import { accessSync, constants, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Launches Chromium trusting exactly the development `localhost` certificate next to `devCaPath`
 * (by its public key), so any other certificate error still fails.
 */
export async function launchChromiumTrusting(devCaPath: string): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (Debian), ` +
        "or point CHROMIUM_PATH at a Chromium/Chrome binary.",
    );
  }
  const leaf = new X509Certificate(readFileSync(join(dirname(devCaPath), "localhost.pem")));
  const spki = createHash("sha256")
    .update(leaf.publicKey.export({ type: "spki", format: "der" }))
    .digest("base64");
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // --no-sandbox: CI runs as root. The rest stop Chromium's own background traffic on an offline machine.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
  });
}
