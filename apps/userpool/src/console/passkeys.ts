/**
 * A user's passkeys for the console (issue #26: the user page shows passkeys). Cognito has no administrator
 * operation for them (ListWebAuthnCredentials and DeleteWebAuthnCredential take the user's own access token), so
 * these two are console-only: served under /_console/api/op/ beside the allowlisted Cognito operations, never on
 * POST /, where an unknown name must stay an UnknownOperationException as on Cognito (ADR 0052).
 */
import type {
  DeleteWebAuthnCredentialResponse,
  ListWebAuthnCredentialsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget, type Target } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "webAuthn">;

/** A credential ID as ListWebAuthnCredentials shows it (as DeleteWebAuthnCredential checks it). */
const CredentialId = z
  .string()
  .min(1)
  .max(1400)
  .regex(/^[\w+=,.@-]+$/u);

interface ConsoleListUserPasskeysRequest {
  UserPoolId: string;
  Username: string;
  NextToken?: string | undefined;
  MaxResults?: number | undefined;
}

interface ConsoleDeleteUserPasskeyRequest {
  UserPoolId: string;
  Username: string;
  CredentialId: string;
}

/** ListWebAuthnCredentials for a user named by an administrator: same page shape, oldest first. */
export const consoleListUserPasskeys = defineTarget<ConsoleListUserPasskeysRequest>()({
  name: "ConsoleListUserPasskeys",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    NextToken: PaginationKey.optional(),
    MaxResults: z.number().int().min(0).max(20).optional(),
  }),
  async handle(deps: Deps, req): Promise<ListWebAuthnCredentialsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    return deps.webAuthn.list(pool, user, req.MaxResults, req.NextToken);
  },
});

/** DeleteWebAuthnCredential for a user named by an administrator; another user's ID is ResourceNotFound. */
export const consoleDeleteUserPasskey = defineTarget<ConsoleDeleteUserPasskeyRequest>()({
  name: "ConsoleDeleteUserPasskey",
  access: "admin",
  input: z.object({ UserPoolId, Username, CredentialId }),
  async handle(deps: Deps, req): Promise<DeleteWebAuthnCredentialResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.webAuthn.delete(pool, user, req.CredentialId);
    return {};
  },
});

/** The console-only operations by name; reads among them are listed in CONSOLE_READS. */
export const CONSOLE_TARGETS: ReadonlyMap<string, Target> = new Map<string, Target>([
  [consoleListUserPasskeys.name, consoleListUserPasskeys as Target],
  [consoleDeleteUserPasskey.name, consoleDeleteUserPasskey as Target],
]);
export const CONSOLE_READS: ReadonlySet<string> = new Set([consoleListUserPasskeys.name]);
