/**
 * Changing and verifying a user's attributes: UpdateUserAttributes / AdminUpdateUserAttributes,
 * GetUserAttributeVerificationCode, VerifyUserAttribute, (Admin)DeleteUserAttributes.
 *
 * AttributesRequireVerificationBeforeUpdate (API reference, UserAttributeUpdateSettingsType): for
 * the attributes it names, a new value waits (pending_attributes) and the old one stays in force —
 * for sign-in too — until the user verifies the new one with the code sent to it. Without it a
 * new e-mail replaces the old one at once and is unverified. Codes are bound to the value they
 * were sent to, so a code for one address never verifies another. E-mail codes go through the
 * mailer, phone codes by text (services.sms).
 */
import type { AttributeType, CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { AliasExistsException, InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Store, UserRow } from "../store/index.js";
import type { Clock } from "../clock.js";
import { aliasKey, parseAttributes, type Attributes } from "./attributes.js";
import type { CodePurpose, CodeService } from "./codes.js";
import type { MessageService } from "./mail/messages.js";
import { STANDARD_ATTRIBUTES } from "./poolSettings.js";
import { customAttributeNames, immutableAttributeNames, type Client, type Pool } from "./pools.js";
import type { QuotaService } from "./quotas.js";
import type { UserService } from "./users.js";

/** Attribute verification codes live as long as sign-up codes (24 hours). */
export const VERIFY_ATTRIBUTE_CODE_TTL_MS = 24 * 60 * 60 * 1000;

const VERIFIABLE = new Set(["email", "phone_number"]);
const PURPOSE: Record<string, CodePurpose> = { email: "VERIFY_EMAIL", phone_number: "VERIFY_PHONE_NUMBER" };

interface UpdateInput {
  pool: Pool;
  user: UserRow;
  attributes: readonly AttributeType[];
  /** The app client of a public call (its WriteAttributes apply); absent for the admin operation. */
  client?: Client;
  clientMetadata?: Record<string, string>;
}

export class AttributeUpdateService {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      users: UserService;
      codes: CodeService;
      messages: MessageService;
      quotas: QuotaService;
    },
  ) {}

  /**
   * Applies an attribute update and returns where verification codes went. A public caller may
   * not set the *_verified flags; an administrator may, and `email_verified: "true"` in the same
   * request applies a new address at once (API reference, UserAttributeUpdateSettingsType).
   */
  async update(i: UpdateInput): Promise<CodeDeliveryDetailsType[]> {
    const { pool, user } = i;
    const admin = !i.client;
    const changes = parseAttributes(pool, i.attributes, {
      ...(i.client ? { writer: i.client } : {}),
      allowVerifiedFlags: admin,
      update: true,
    });
    const mustVerify = new Set(
      pool.settings.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [],
    );
    const autoVerified = new Set<string>(pool.settings.AutoVerifiedAttributes);
    const next: Attributes = { ...user.attributes, ...changes };
    const pending: Attributes = {};
    const toVerify: string[] = [];
    for (const name of ["email", "phone_number"] as const) {
      if (!(name in changes) || changes[name] === user.attributes[name]) continue;
      const value = changes[name]!;
      const markedVerified = changes[`${name}_verified`] === "true";
      if (markedVerified || value === "") continue;
      if (mustVerify.has(name) && autoVerified.has(name)) {
        pending[name] = value;
        next[name] = user.attributes[name] ?? "";
        if (user.attributes[name] === undefined) delete next[name];
        if (user.attributes[`${name}_verified`] !== undefined)
          next[`${name}_verified`] = user.attributes[`${name}_verified`]!;
        else delete next[`${name}_verified`];
      } else if (!(`${name}_verified` in changes)) {
        next[`${name}_verified`] = "false";
      }
      if (autoVerified.has(name)) toVerify.push(name);
    }
    for (const name of ["email", "phone_number"] as const)
      if (pending[name] !== undefined) await this.assertAvailable(pool, user, name, pending[name]);
    const updated = (await this.deps.users.update(pool, user, { attributes: next })) ?? user;
    const now = this.deps.clock.now().getTime();
    for (const [name, value] of Object.entries(pending))
      await this.deps.store.pendingAttributes.set({ poolId: pool.id, userId: user.id, name, value, now });
    // A value set directly replaces any that was waiting.
    for (const name of ["email", "phone_number"])
      if (name in changes && !(name in pending)) await this.deps.store.pendingAttributes.delete(pool.id, user.id, name);

    const deliveries: CodeDeliveryDetailsType[] = [];
    for (const name of toVerify) {
      const target = pending[name] ?? updated.attributes[name]!;
      deliveries.push(
        await this.sendCode(
          pool,
          i.client,
          updated,
          name,
          target,
          "CustomMessage_UpdateUserAttribute",
          i.clientMetadata,
        ),
      );
    }
    return deliveries;
  }

  /** GetUserAttributeVerificationCode: a code for the waiting value if there is one, else the current one. */
  async sendVerificationCode(i: {
    pool: Pool;
    client: Client;
    user: UserRow;
    name: string;
    clientMetadata?: Record<string, string>;
  }): Promise<CodeDeliveryDetailsType> {
    const { pool, user, name } = i;
    if (!VERIFIABLE.has(name)) throw new InvalidParameterException(`Attribute ${name} cannot be verified.`);
    await this.deps.quotas.consume(pool, `u:${user.id}`, "GetUserAttributeVerificationCode");
    const pending = await this.deps.store.pendingAttributes.get(pool.id, user.id);
    const target = pending[name] ?? user.attributes[name];
    if (!target) throw new InvalidParameterException(`The user has no ${name} to verify.`);
    return this.sendCode(pool, i.client, user, name, target, "CustomMessage_VerifyUserAttribute", i.clientMetadata);
  }

  /** VerifyUserAttribute: consumes the code bound to the waiting (or current) value and marks it verified. */
  async verify(i: { pool: Pool; user: UserRow; name: string; code: string }): Promise<UserRow> {
    const { pool, user, name } = i;
    if (!VERIFIABLE.has(name)) throw new InvalidParameterException(`Attribute ${name} cannot be verified.`);
    await this.deps.quotas.consume(pool, `u:${user.id}`, "VerifyUserAttribute");
    const pending = await this.deps.store.pendingAttributes.get(pool.id, user.id);
    const target = pending[name] ?? user.attributes[name];
    if (!target) throw new InvalidParameterException(`The user has no ${name} to verify.`);
    if (pending[name] !== undefined) await this.assertAvailable(pool, user, name as "email" | "phone_number", target);
    await this.deps.codes.consume(pool.id, user.id, PURPOSE[name]!, i.code, target);
    const attributes = { ...user.attributes, [name]: target, [`${name}_verified`]: "true" };
    const updated = await this.deps.users.update(pool, user, { attributes });
    if (!updated) throw new NotAuthorizedException("User does not exist.");
    if (pending[name] !== undefined) await this.deps.store.pendingAttributes.delete(pool.id, user.id, name);
    return updated;
  }

  /**
   * (Admin)DeleteUserAttributes: required attributes, `sub` and the sign-in attributes cannot go;
   * deleting e-mail or phone also deletes its verified flag (and any waiting value).
   */
  async delete(i: { pool: Pool; user: UserRow; names: readonly string[]; client?: Client }): Promise<void> {
    const { pool, user } = i;
    const custom = customAttributeNames(pool.settings);
    const required = new Set((pool.settings.Schema ?? []).filter((a) => a.Required).map((a) => a.Name));
    // An immutable attribute cannot be deleted either.
    const immutable = immutableAttributeNames(pool.settings);
    const writable = i.client?.settings.WriteAttributes;
    const next = { ...user.attributes };
    for (const name of i.names) {
      if (!STANDARD_ATTRIBUTES.has(name) && !custom.has(name))
        throw new InvalidParameterException(`Attribute ${name} does not exist in the schema.`);
      if (name === "sub" || name === "identities" || immutable.has(name))
        throw new InvalidParameterException(`Cannot modify an immutable attribute: ${name}`);
      if (required.has(name))
        throw new InvalidParameterException(
          `Attributes did not conform to the schema: ${name}: The attribute ${name} is required`,
        );
      if (pool.settings.UsernameAttributes?.includes(name as "email" | "phone_number"))
        throw new InvalidParameterException(`Cannot delete ${name}: it is the username of this pool.`);
      if (writable?.length && !writable.includes(name))
        throw new NotAuthorizedException("A client attempted to write unauthorized attribute");
      delete next[name];
      if (VERIFIABLE.has(name)) delete next[`${name}_verified`];
    }
    await this.deps.users.update(pool, user, { attributes: next });
    for (const name of i.names)
      if (VERIFIABLE.has(name)) await this.deps.store.pendingAttributes.delete(pool.id, user.id, name);
  }

  /** The value (to come) must not be another user's sign-in alias. */
  private async assertAvailable(
    pool: Pool,
    user: UserRow,
    name: "email" | "phone_number",
    value: string,
  ): Promise<void> {
    const s = pool.settings;
    if (!s.UsernameAttributes?.includes(name) && !s.AliasAttributes?.includes(name)) return;
    const holder = await this.deps.store.users.getByAlias(pool.id, name, aliasKey(name, value));
    if (holder && holder.id !== user.id)
      throw new AliasExistsException(`An account with the given ${name} already exists.`);
  }

  private async sendCode(
    pool: Pool,
    client: Client | undefined,
    user: UserRow,
    name: string,
    to: string,
    source: "CustomMessage_UpdateUserAttribute" | "CustomMessage_VerifyUserAttribute",
    clientMetadata?: Record<string, string>,
  ): Promise<CodeDeliveryDetailsType> {
    const code = await this.deps.codes.issue(pool.id, user.id, PURPOSE[name]!, VERIFY_ATTRIBUTE_CODE_TTL_MS, to);
    const message = {
      pool,
      ...(client ? { client } : {}),
      user,
      code,
      source,
      to,
      ...(clientMetadata ? { clientMetadata } : {}),
    };
    return name === "phone_number"
      ? this.deps.messages.sendSmsCode(message)
      : this.deps.messages.sendVerification({ ...message, codeOnly: true });
  }
}
