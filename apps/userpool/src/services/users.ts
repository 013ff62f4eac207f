import type { UserType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import {
  AliasExistsException,
  InvalidParameterException,
  UserNotFoundException,
  UsernameExistsException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import {
  StoreConflictError,
  type AliasRow,
  type GroupRow,
  type Store,
  type UserCursor,
  type UserFilter,
  type UserPage,
  type UserPatch,
  type UserRow,
  type UserStatus,
} from "../store/index.js";
import { aliasesFor, aliasKey, isEmail, isPhone, toAttributeList, type Attributes } from "./attributes.js";
import type { Credentials } from "./passwords.js";
import type { Pool } from "./pools.js";

/** What the caller typed as a username, resolved to the stored username and the e-mail/phone it implies. */
export interface SignUpName {
  username: string;
  impliedAttributes: Attributes;
}

/** Users of a pool: naming rules, lookups by username or alias, creation, updates. */
export class UserService {
  constructor(private readonly deps: { store: Store; clock: Clock; random: Random }) {}

  /** Lookup key for a username: lower-cased unless the pool is case sensitive. */
  usernameKey(pool: Pool, username: string): string {
    return pool.settings.UsernameConfiguration.CaseSensitive ? username : username.toLowerCase();
  }

  /**
   * Applies UsernameAttributes / AliasAttributes to a new user's name. With `email` as username
   * attribute (the tutorial's pool) the typed e-mail becomes the `email` attribute and the stored,
   * immutable username is the sub; that is also USER_ID_FOR_SRP.
   */
  nameForNewUser(pool: Pool, typed: string, sub: string): SignUpName {
    const s = pool.settings;
    if (s.UsernameAttributes?.length) {
      if (s.UsernameAttributes.includes("email") && isEmail(typed))
        return { username: sub, impliedAttributes: { email: typed } };
      if (s.UsernameAttributes.includes("phone_number") && isPhone(typed))
        return { username: sub, impliedAttributes: { phone_number: typed } };
      const which = s.UsernameAttributes.map((a) => (a === "email" ? "an email" : "a phone number")).join(" or ");
      throw new InvalidParameterException(`Username should be ${which}.`);
    }
    if (s.AliasAttributes?.includes("email") && isEmail(typed)) {
      throw new InvalidParameterException(
        "Username cannot be of email format, since user pool is configured for email alias.",
      );
    }
    if (s.AliasAttributes?.includes("phone_number") && isPhone(typed)) {
      throw new InvalidParameterException(
        "Username cannot be of phone number format, since user pool is configured for phone number alias.",
      );
    }
    return { username: typed, impliedAttributes: {} };
  }

  /** Finds a user by username, or by an alias the pool's settings allow to sign in with. */
  async resolve(pool: Pool, name: string): Promise<UserRow | undefined> {
    const s = pool.settings;
    const store = this.deps.store.users;
    const types = [...(s.UsernameAttributes ?? []), ...(s.AliasAttributes ?? [])];
    // An e-mail or phone number can only be an alias here (AliasAttributes pools refuse usernames of
    // that shape, UsernameAttributes pools store the sub), so it is looked up as one first: one query.
    if (types.includes("email") && isEmail(name)) {
      const u = await store.getByAlias(pool.id, "email", aliasKey("email", name));
      if (u) return u;
    } else if (types.includes("phone_number") && isPhone(name)) {
      const u = await store.getByAlias(pool.id, "phone_number", name);
      if (u) return u;
    }
    const byUsername = await store.getByUsernameKey(pool.id, this.usernameKey(pool, name));
    if (byUsername) return byUsername;
    if (types.includes("preferred_username")) return store.getByAlias(pool.id, "preferred_username", name);
    return undefined;
  }

  /** As `resolve`, but throws Cognito's UserNotFoundException. */
  async get(pool: Pool, name: string): Promise<UserRow> {
    const u = await this.resolve(pool, name);
    if (!u) throw new UserNotFoundException("User does not exist.");
    return u;
  }

  async getById(pool: Pool, id: string): Promise<UserRow | undefined> {
    return this.deps.store.users.getById(pool.id, id);
  }

  /** The user with its groups, for a caller about to issue tokens (one read instead of two). */
  async getByIdWithGroups(pool: Pool, id: string): Promise<{ user: UserRow; groups: GroupRow[] } | undefined> {
    return this.deps.store.users.getByIdWithGroups(pool.id, id);
  }

  /** After a right password: the user, its groups and its lockout counter (UserStore.getForSignIn). */
  getForSignIn(
    pool: Pool,
    id: string,
    lockoutSubject: string,
  ): Promise<{ user: UserRow; groups: GroupRow[]; failures: number; lockedUntil: number } | undefined> {
    return this.deps.store.users.getForSignIn(pool.id, id, lockoutSubject);
  }

  /** Inserts a user; the unique indexes decide races and map to UsernameExistsException / AliasExistsException. */
  async create(
    pool: Pool,
    u: {
      id: string;
      username: string;
      status: UserStatus;
      attributes: Attributes;
      credentials?: Credentials;
      enabled?: boolean;
    },
  ): Promise<UserRow> {
    const now = this.deps.clock.now().getTime();
    const row: UserRow = {
      id: u.id,
      poolId: pool.id,
      username: u.username,
      usernameKey: this.usernameKey(pool, u.username),
      status: u.status,
      enabled: u.enabled ?? true,
      attributes: { sub: u.id, ...u.attributes },
      srpSalt: u.credentials?.srpSalt ?? null,
      verifierEnc: u.credentials?.verifierEnc ?? null,
      passwordSetAt: u.credentials ? now : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.users.create(row, aliasesFor(pool, row.id, row.attributes));
    } catch (e) {
      if (e instanceof StoreConflictError && (e.kind === "username" || e.kind === "alias")) {
        // With e-mail as the username, a taken e-mail *is* a taken username (Cognito's message says so).
        if (e.kind === "username" || pool.settings.UsernameAttributes?.length) {
          throw new UsernameExistsException(
            pool.settings.UsernameAttributes?.includes("email")
              ? "An account with the given email already exists."
              : "User already exists",
          );
        }
        throw new AliasExistsException("An account with the given email already exists.");
      }
      throw e;
    }
    return row;
  }

  /**
   * Updates a user and recomputes its aliases from the new attributes. `expectStatus` makes the
   * update conditional (status transitions); returns false when that condition failed.
   */
  async update(
    pool: Pool,
    user: UserRow,
    patch: Omit<UserPatch, "updatedAt">,
    opts: { expectStatus?: UserStatus } = {},
  ): Promise<UserRow | undefined> {
    const now = this.deps.clock.now().getTime();
    const attributes = patch.attributes ?? user.attributes;
    const aliases: AliasRow[] | undefined = patch.attributes ? aliasesFor(pool, user.id, attributes) : undefined;
    try {
      const ok = await this.deps.store.users.update(
        pool.id,
        user.id,
        { ...patch, updatedAt: now },
        { ...opts, ...(aliases ? { aliases } : {}) },
      );
      if (!ok) return undefined;
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "alias")
        throw new AliasExistsException("An account with the given email already exists.");
      throw e;
    }
    return { ...user, ...patch, attributes, updatedAt: now };
  }

  /** ForceAliasCreation: moves an alias away from its current holder, whose attribute becomes unverified. */
  async takeAlias(pool: Pool, type: "email" | "phone_number", value: string): Promise<void> {
    const holderId = await this.deps.store.users.takeAlias(pool.id, type, aliasKey(type, value));
    if (!holderId) return;
    const holder = await this.deps.store.users.getById(pool.id, holderId);
    if (holder)
      await this.update(pool, holder, { attributes: { ...holder.attributes, [`${type}_verified`]: "false" } });
  }

  async delete(pool: Pool, user: UserRow): Promise<void> {
    await this.deps.store.users.delete(pool.id, user.id, this.deps.clock.now().getTime());
  }

  async list(pool: Pool, opts: { limit: number; after?: UserCursor; filter?: UserFilter }): Promise<UserPage> {
    return this.deps.store.users.list(pool.id, opts);
  }

  count(pool: Pool): Promise<number> {
    return this.deps.store.users.count(pool.id);
  }

  /** Cognito's UserType. */
  toUserType(user: UserRow, attributesToGet?: readonly string[]): UserType {
    return {
      Username: user.username,
      Attributes: toAttributeList(user.attributes, attributesToGet, { alwaysSub: false }),
      UserCreateDate: new Date(user.createdAt),
      UserLastModifiedDate: new Date(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }
}
