import { AliasExistsException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { UserRow } from "../store/index.js";
import { aliasKey } from "./attributes.js";
import type { CodeService } from "./codes.js";
import type { Client, Pool } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { UserService } from "./users.js";

/**
 * Sign-up confirmation, shared by ConfirmSignUp (code) and the /confirmUser link: consume the code,
 * mark the account CONFIRMED and the address the code went to as verified, then PostConfirmation.
 */
export class ConfirmationService {
  constructor(private readonly deps: { codes: CodeService; users: UserService; triggers: Triggers }) {}

  async confirmSignUp(i: { pool: Pool; client: Client; user: UserRow; code: string; forceAliasCreation?: boolean; clientMetadata?: Record<string, string> }): Promise<UserRow> {
    const { pool, user } = i;
    if (user.status !== "UNCONFIRMED") throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
    const verifyEmail = !!user.attributes.email && pool.settings.AutoVerifiedAttributes.includes("email");
    // With e-mail as an *alias*, confirming makes it one; refuse before using up the code if someone holds it.
    if (verifyEmail && pool.settings.AliasAttributes?.includes("email") && !i.forceAliasCreation) {
      const holder = await this.deps.users.resolve(pool, user.attributes.email!);
      if (holder && holder.id !== user.id && aliasKey("email", holder.attributes.email ?? "") === aliasKey("email", user.attributes.email!)) {
        throw new AliasExistsException("An account with the given email already exists.");
      }
    }
    await this.deps.codes.consume(pool.id, user.id, "SIGN_UP", i.code);
    if (verifyEmail && i.forceAliasCreation && pool.settings.AliasAttributes?.includes("email")) await this.deps.users.takeAlias(pool, "email", user.attributes.email!);
    const attributes = verifyEmail ? { ...user.attributes, email_verified: "true" } : user.attributes;
    const updated = await this.deps.users.update(pool, user, { status: "CONFIRMED", attributes }, { expectStatus: "UNCONFIRMED" });
    if (!updated) throw new NotAuthorizedException("User cannot be confirmed. Current status is CONFIRMED");
    await this.deps.triggers.postConfirmation({
      pool,
      client: i.client,
      source: "PostConfirmation_ConfirmSignUp",
      user: updated,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    return updated;
  }
}
