/**
 * The README's console picture (docs/images/console-users.png): the demo pool's users page at 1280 px, cropped to
 * the viewport. Starts the real stack on free ports in a temporary directory, adds a few example users beside the
 * demo accounts so the table looks like a pool in use, and saves the screenshot.
 *
 *   npm run screenshot:console -w e2e
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AdminDisableUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { adminClient, ensureConfirmedUser } from "../../scripts/lib/demoAccounts.js";
import { startStack } from "../../scripts/stack.js";
import { launchChromium } from "../support/chromium.js";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "images", "console-users.png");
const EXAMPLES = ["ada.lovelace@example.com", "grace.hopper@example.com", "alan.turing@example.com"];

const dataDir = mkdtempSync(join(tmpdir(), "authhub-console-shot-"));
const stack = await startStack({
  ports: { userpool: 0, userpoolHttps: 0, api: 0, web: 0 },
  dataDir,
  // The services' log lines are not wanted here; progress lines are.
  logOutput: { write: () => {} },
  onProgress: (m) => console.log(m),
});
try {
  const sdk = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
  try {
    for (const email of EXAMPLES) await ensureConfirmedUser(sdk, stack.poolId, email, "Example-Passw0rd!");
    // One disabled account, so the picture shows the badge an admin looks for.
    const [last] = EXAMPLES.slice(-1);
    await sdk.send(new AdminDisableUserCommand({ UserPoolId: stack.poolId, Username: last! }));
  } finally {
    sdk.destroy();
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(new URL(`pools/${stack.poolId}/users`, stack.urls.console).href);
    await page.getByRole("table").getByRole("link").first().waitFor();
    await page.screenshot({ path: OUT });
    console.log(`saved ${OUT} (${statSync(OUT).size} bytes)`);
  } finally {
    await browser.close();
  }
} finally {
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
}
