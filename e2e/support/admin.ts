/** Test setup through the userpool's admin API (SigV4), as an operator would do it with real Cognito. */
import type { RunningStack } from "../../scripts/stack.js";
import { adminClient, ensureConfirmedUser } from "../../scripts/lib/demoAccounts.js";

/** A confirmed user with a verified email and this password; no e-mail is sent. */
export async function createConfirmedUser(stack: RunningStack, email: string, password: string): Promise<void> {
  const client = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
  try {
    await ensureConfirmedUser(client, stack.poolId, email, password);
  } finally {
    client.destroy();
  }
}
