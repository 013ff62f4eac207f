/** Test setup through the userpool's admin API (SigV4), as an operator would do it with real Cognito. */
import { DescribeUserPoolCommand, UpdateUserPoolDomainCommand } from "@aws-sdk/client-cognito-identity-provider";
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

/**
 * The pool domain's ManagedLoginVersion (UpdateUserPoolDomain), as an operator switches a domain to managed login:
 * only version 2 offers passwordless and passkey sign-in on the hosted pages.
 */
export async function setManagedLoginVersion(stack: RunningStack, version: 1 | 2): Promise<void> {
  const client = adminClient({ endpoint: stack.urls.userpool, ...stack.admin });
  try {
    const pool = await client.send(new DescribeUserPoolCommand({ UserPoolId: stack.poolId }));
    const domain = pool.UserPool?.Domain;
    if (!domain) throw new Error(`the pool ${stack.poolId} has no domain`);
    await client.send(
      new UpdateUserPoolDomainCommand({ UserPoolId: stack.poolId, Domain: domain, ManagedLoginVersion: version }),
    );
  } finally {
    client.destroy();
  }
}
