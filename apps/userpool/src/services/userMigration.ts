/**
 * Lazy migration with the UserMigration trigger (developer guide, "Migrate user Lambda trigger"):
 * when a user unknown to the pool signs in with a password (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH) or asks for a password reset, the function is asked about them; if it
 * answers with attributes the user is created here, with the typed password (sign-in) or none
 * (forgot password, RESET_REQUIRED). SRP sign-in cannot migrate: the server never sees the password.
 *
 * The password policy is not applied (Cognito accepts the old password as it was). Two first sign-ins
 * racing both ask the function; the unique username index lets one create the user, and the other
 * carries on with that user.
 */
import type { AttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { AliasExistsException, UsernameExistsException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { UserRow } from "../store/index.js";
import { parseAttributes } from "./attributes.js";
import type { PasswordService } from "./passwords.js";
import type { Client, Pool } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { UserService } from "./users.js";

export type UserMigrationDeps = { users: UserService; passwords: PasswordService; triggers: Triggers; random: Random };

export interface MigrationRequest {
  pool: Pool;
  client: Client;
  source: "UserMigration_Authentication" | "UserMigration_ForgotPassword";
  /** What the user typed as their username. */
  username: string;
  /** Sign-in only. */
  password?: string;
  /** InitiateAuth/AdminInitiateAuth hand their ClientMetadata to this trigger as validationData. */
  validationData?: Record<string, string>;
  /** ForgotPassword hands its ClientMetadata over as clientMetadata. */
  clientMetadata?: Record<string, string>;
}

/** Asks the UserMigration trigger about an unknown user; returns the user it created, or undefined. */
export async function migrateUser(deps: UserMigrationDeps, r: MigrationRequest): Promise<UserRow | undefined> {
  const migrated = await deps.triggers.userMigration({
    pool: r.pool,
    client: r.client,
    source: r.source,
    username: r.username,
    ...(r.password !== undefined ? { password: r.password } : {}),
    ...(r.validationData ? { validationData: r.validationData } : {}),
    ...(r.clientMetadata ? { clientMetadata: r.clientMetadata } : {}),
  });
  if (!migrated) return undefined;

  const sub = deps.random.uuid();
  const name = deps.users.nameForNewUser(r.pool, r.username, sub);
  const list: AttributeType[] = Object.entries(migrated.attributes)
    .filter(([n]) => n !== "sub" && n !== "username")
    .map(([Name, Value]) => ({ Name, Value }));
  const attributes = { ...parseAttributes(r.pool, list, { allowVerifiedFlags: true }), ...name.impliedAttributes };
  const credentials =
    r.password !== undefined ? deps.passwords.createCredentials(r.pool.id, sub, name.username, r.password) : undefined;
  const create = () =>
    deps.users.create(r.pool, {
      id: sub,
      username: name.username,
      status: migrated.finalUserStatus,
      attributes,
      ...(credentials ? { credentials } : {}),
    });
  try {
    return await create();
  } catch (e) {
    // A concurrent first sign-in migrated the same user a moment ago: use that one.
    if (e instanceof UsernameExistsException) return (await deps.users.resolve(r.pool, r.username)) ?? undefined;
    // forceAliasCreation moves a verified e-mail/phone alias from its current holder (as AdminCreateUser does).
    if (!(e instanceof AliasExistsException) || !migrated.forceAliasCreation) throw e;
    for (const t of ["email", "phone_number"] as const)
      if (attributes[t]) await deps.users.takeAlias(r.pool, t, attributes[t]);
    return create();
  }
}
