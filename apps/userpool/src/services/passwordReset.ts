/**
 * Forgotten passwords: ForgotPassword mails a code, ConfirmForgotPassword trades it for a new
 * password, AdminResetUserPassword forces the same path on a user. Shared by the JSON API targets
 * and the hosted UI's /forgotPassword pages.
 *
 * Cognito behaviours copied here:
 * - the code is valid for one hour (developer guide, "Recovering user accounts");
 * - it goes to a *verified* address only, else InvalidParameterException (API reference, ForgotPassword);
 * - PreventUserExistenceErrors ENABLED: an unknown or disabled user, or one without a verified
 *   address, gets a simulated delivery from ForgotPassword and CodeMismatchException from
 *   ConfirmForgotPassword (developer guide, "Managing user existence error responses");
 * - an unknown name goes to the UserMigration trigger first (UserMigration_ForgotPassword), and a
 *   migrated user starts in RESET_REQUIRED.
 */
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import {
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
  UsernameExistsException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { UserRow } from "../store/index.js";
import type { AccountPasswordService } from "./accountPasswords.js";
import { parseAttributes } from "./attributes.js";
import { checkSecretHash } from "./secretHash.js";
import type { CodeService } from "./codes.js";
import type { MessageService } from "./mail/messages.js";
import type { PasswordService } from "./passwords.js";
import type { Client, Pool, PoolService } from "./pools.js";
import type { QuotaService } from "./quotas.js";
import type { Triggers } from "./triggers.js";
import { hidesUserExistence, type UserExistenceService } from "./userExistence.js";
import type { UserService } from "./users.js";

/** ForgotPassword codes are valid for one hour. */
export const FORGOT_PASSWORD_CODE_TTL_MS = 3_600_000;

export const NO_RECOVERY_ADDRESS =
  "Cannot reset password for the user as there is no registered/verified email or phone_number";
export const CANNOT_RESET = "User password cannot be reset in the current state.";

interface ClientCall {
  pool: Pool;
  client: Client;
  /** The name as typed: username or alias. */
  username: string;
  clientMetadata?: Record<string, string>;
  /** SECRET_HASH from the request; checked for clients with a secret unless `skipSecretHash`. */
  secretHash?: string;
  /** The hosted UI authenticates its client itself and has no SECRET_HASH to send. */
  skipSecretHash?: boolean;
}

type Deps = {
  pools: PoolService;
  users: UserService;
  passwords: PasswordService;
  codes: CodeService;
  messages: MessageService;
  triggers: Triggers;
  quotas: QuotaService;
  existence: UserExistenceService;
  accountPasswords: AccountPasswordService;
  random: Random;
};

export class PasswordResetService {
  constructor(private readonly deps: Deps) {}

  /**
   * ForgotPassword: sends a one-hour code to the user's verified e-mail or phone and returns where it went.
   * Throws UserNotFoundException (LEGACY), NotAuthorizedException for a disabled user (LEGACY) or a
   * user whose state forbids a reset, InvalidParameterException without a verified address (LEGACY),
   * LimitExceededException past 5 requests an hour.
   */
  async forgotPassword(i: ClientCall): Promise<CodeDeliveryDetailsType> {
    const { pool, client } = i;
    let user = await this.deps.users.resolve(pool, i.username);
    this.checkSecret(i, user);
    if (!user) user = await this.migrate(i);
    const hide = hidesUserExistence(client);
    if (!user) {
      if (!hide) throw new UserNotFoundException("Username/client id combination not found.");
      return this.simulate(i, "ForgotPassword");
    }
    await this.deps.quotas.consume(pool, `u:${user.id}`, "ForgotPassword");
    if (!user.enabled) {
      if (!hide) throw new NotAuthorizedException("User is disabled.");
      return this.simulate(i, undefined);
    }
    if (user.status === "FORCE_CHANGE_PASSWORD" || user.status === "EXTERNAL_PROVIDER")
      throw new NotAuthorizedException(CANNOT_RESET);
    if (!this.recoveryAddress(pool, user)) {
      if (!hide) throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
      return this.simulate(i, undefined);
    }
    return this.sendCode(pool, user, client, i.clientMetadata);
  }

  /**
   * ConfirmForgotPassword: consumes the newest code and sets the new password. A reset user becomes
   * CONFIRMED; PostConfirmation_ConfirmForgotPassword runs after. Throws CodeMismatchException /
   * ExpiredCodeException, InvalidPasswordException, LimitExceededException past 20 calls an hour,
   * UserNotFoundException (LEGACY only).
   */
  async confirmForgotPassword(i: ClientCall & { code: string; password: string }): Promise<UserRow> {
    const { pool, client } = i;
    const user = await this.deps.users.resolve(pool, i.username);
    this.checkSecret(i, user);
    const hide = hidesUserExistence(client);
    if (!user && !hide) throw new UserNotFoundException("Username/client id combination not found.");
    // Known and unknown names take the same steps in the same order (quota, policy), so neither the
    // answer nor its timing tells them apart; a rejected password must not use up the code either.
    await this.deps.quotas.consume(
      pool,
      user ? `u:${user.id}` : this.deps.existence.unknownSubject(pool, i.username),
      "ConfirmForgotPassword",
    );
    this.deps.passwords.checkPolicy(pool.settings.Policies.PasswordPolicy, i.password, "other");
    if (!user) {
      // The same MAC and queries as a wrong code for a real user (nothing matches an unknown subject).
      await this.deps.codes.consume(
        pool.id,
        this.deps.existence.unknownSubject(pool, i.username),
        "FORGOT_PASSWORD",
        i.code,
      );
      throw new CodeMismatchException();
    }
    if (!user.enabled) {
      if (hide) throw new CodeMismatchException();
      throw new NotAuthorizedException("User is disabled.");
    }
    await this.deps.codes.consume(pool.id, user.id, "FORGOT_PASSWORD", i.code);
    const updated = await this.deps.accountPasswords.replace(
      pool,
      user,
      i.password,
      user.status === "RESET_REQUIRED" ? { status: "CONFIRMED" } : {},
    );
    await this.deps.triggers.postConfirmation({
      pool,
      client,
      source: "PostConfirmation_ConfirmForgotPassword",
      user: updated,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    return updated;
  }

  /**
   * AdminResetUserPassword: the user must reset before signing in again (RESET_REQUIRED; the old
   * password then only earns PasswordResetRequiredException) and gets a code by e-mail. A user
   * without a verified address cannot be reset (InvalidParameterException, as Cognito).
   */
  async adminResetUserPassword(i: {
    pool: Pool;
    user: UserRow;
    clientMetadata?: Record<string, string>;
  }): Promise<void> {
    const { pool, user } = i;
    if (user.status === "UNCONFIRMED" || user.status === "FORCE_CHANGE_PASSWORD" || user.status === "EXTERNAL_PROVIDER")
      throw new NotAuthorizedException(CANNOT_RESET);
    if (!this.recoveryAddress(pool, user)) throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
    const updated = (await this.deps.users.update(pool, user, { status: "RESET_REQUIRED" })) ?? user;
    await this.sendCode(pool, updated, undefined, i.clientMetadata);
  }

  /**
   * Where a code may go, per the pool's AccountRecoverySetting: its mechanisms in Priority order, the
   * first the user has verified; admin_only allows none. Without the setting Cognito's legacy order
   * applies, a verified phone before a verified e-mail (API reference, AccountRecoverySettingType).
   */
  private recoveryAddress(pool: Pool, user: UserRow): { name: "email" | "phone_number"; to: string } | undefined {
    const mechanisms = pool.settings.AccountRecoverySetting?.RecoveryMechanisms;
    const order: ("email" | "phone_number")[] = mechanisms?.length
      ? [...mechanisms]
          .sort((a, b) => a.Priority - b.Priority)
          .flatMap((m) =>
            m.Name === "verified_email"
              ? ["email" as const]
              : m.Name === "verified_phone_number"
                ? ["phone_number" as const]
                : [],
          )
      : ["phone_number", "email"];
    for (const name of order) {
      const to = user.attributes[name];
      if (to && user.attributes[`${name}_verified`] === "true") return { name, to };
    }
    return undefined;
  }

  private async sendCode(
    pool: Pool,
    user: UserRow,
    client: Client | undefined,
    clientMetadata?: Record<string, string>,
  ): Promise<CodeDeliveryDetailsType> {
    const address = this.recoveryAddress(pool, user);
    if (!address) throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
    const code = await this.deps.codes.issue(pool.id, user.id, "FORGOT_PASSWORD", FORGOT_PASSWORD_CODE_TTL_MS);
    const message = {
      pool,
      ...(client ? { client } : {}),
      user,
      code,
      source: "CustomMessage_ForgotPassword" as const,
      to: address.to,
      ...(clientMetadata ? { clientMetadata } : {}),
    };
    return address.name === "phone_number"
      ? this.deps.messages.sendSmsCode(message)
      : this.deps.messages.sendVerification({ ...message, codeOnly: true });
  }

  /**
   * What an unknown (or unreachable) user gets with PreventUserExistenceErrors ENABLED;
   * `quota` counts unknown names like users.
   */
  private async simulate(i: ClientCall, quota: "ForgotPassword" | undefined): Promise<CodeDeliveryDetailsType> {
    if (quota) await this.deps.quotas.consume(i.pool, this.deps.existence.unknownSubject(i.pool, i.username), quota);
    this.deps.existence.simulateCodeIssue(i.pool, i.username, "FORGOT_PASSWORD");
    return this.deps.existence.simulatedDelivery(i.pool, i.username);
  }

  private checkSecret(i: ClientCall, user: UserRow | undefined): void {
    if (i.skipSecretHash) return;
    checkSecretHash(this.deps.pools, i.client, user ? [i.username, user.username] : [i.username], i.secretHash);
  }

  /** UserMigration_ForgotPassword: a user the trigger knows is created in RESET_REQUIRED, without a password. */
  private async migrate(i: ClientCall): Promise<UserRow | undefined> {
    const migrated = await this.deps.triggers.userMigration({
      pool: i.pool,
      client: i.client,
      source: "UserMigration_ForgotPassword",
      username: i.username,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    if (!migrated) return undefined;
    const sub = this.deps.random.uuid();
    const name = this.deps.users.nameForNewUser(i.pool, i.username, sub);
    const list = Object.entries(migrated.attributes)
      .filter(([k]) => k !== "sub" && k !== "username")
      .map(([Name, Value]) => ({ Name, Value }));
    const attributes = { ...parseAttributes(i.pool, list, { allowVerifiedFlags: true }), ...name.impliedAttributes };
    try {
      return await this.deps.users.create(i.pool, {
        id: sub,
        username: name.username,
        status: "RESET_REQUIRED",
        attributes,
      });
    } catch (e) {
      // Created meanwhile by a concurrent request: use that user.
      if (e instanceof UsernameExistsException) return this.deps.users.resolve(i.pool, i.username);
      throw e;
    }
  }
}
