/**
 * Linking external identities to existing users (API reference, AdminLinkProviderForUser and
 * AdminDisableProviderForUser; developer guide, "Linking federated users to an existing user profile").
 * A link makes a later sign-in through the provider, with that subject, sign in as the destination user
 * (federatedUsers.ts reads the link first). The destination's `identities` attribute lists its links, as
 * Cognito shows them. Only `Cognito_Subject` identifies an identity, as the API reference says for social
 * providers; for a SAML provider it is the NameID (Cognito also accepts a SAML attribute name; not here).
 */
import type { ProviderUserIdentifierType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import {
  AliasExistsException,
  InvalidParameterException,
  LimitExceededException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import { StoreConflictError, type Store, type UserRow } from "../store/index.js";
import type { IdentityProviderService } from "./identityProviders.js";
import { immutableAttributeNames, type Pool } from "./pools.js";
import type { UserService } from "./users.js";

/** "The maximum number of federated identities linked to a user is five." */
export const MAX_LINKS_PER_USER = 5;
const SUBJECT = "Cognito_Subject";
const NATIVE = "Cognito";

/** ProviderUserIdentifierType with the members these operations need. */
type Identifier = Pick<ProviderUserIdentifierType, "ProviderAttributeName"> & {
  ProviderName: string;
  ProviderAttributeValue: string;
};

interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

function identitiesOf(user: UserRow): IdentityEntry[] {
  try {
    const parsed = JSON.parse(user.attributes.identities ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as IdentityEntry[]) : [];
  } catch {
    return [];
  }
}

export class ProviderLinkService {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      users: UserService;
      identityProviders: IdentityProviderService;
    },
  ) {}

  /** AdminLinkProviderForUser. */
  async link(pool: Pool, destination: Identifier, source: Identifier): Promise<void> {
    if (source.ProviderName === NATIVE)
      throw new InvalidParameterException("SourceUser must be a user of an identity provider, not a Cognito user.");
    const provider = await this.deps.identityProviders.find(pool.id, source.ProviderName);
    if (!provider)
      throw new InvalidParameterException(`SourceUser: identity provider ${source.ProviderName} does not exist.`);
    if (source.ProviderAttributeName !== SUBJECT)
      throw new InvalidParameterException(
        `SourceUser.ProviderAttributeName must be ${SUBJECT} for ${provider.type} providers.`,
      );
    // A provider's subject is short (OIDC Core §2: at most 255 ASCII characters); the link's key stays indexable.
    if (Buffer.byteLength(source.ProviderAttributeValue) > 1024)
      throw new InvalidParameterException("SourceUser.ProviderAttributeValue is too long.");
    const target = await this.destinationUser(pool, destination);
    // "If you have assigned the user any immutable custom attributes, the operation won't succeed."
    const immutable = immutableAttributeNames(pool.settings);
    if (Object.keys(target.attributes).some((name) => name.startsWith("custom:") && immutable.has(name)))
      throw new InvalidParameterException(
        "The destination user has an immutable custom attribute; a linked user's attributes must be mutable.",
      );
    // The source identity must not have signed in yet: its federated user would stay a second account.
    const existing = await this.deps.store.users.getByUsernameKey(
      pool.id,
      this.deps.users.usernameKey(pool, `${provider.name}_${source.ProviderAttributeValue}`),
    );
    if (existing) throw new AliasExistsException("The source user already exists in this user pool.");
    const links = await this.deps.store.providerLinks.listForUser(pool.id, target.id);
    if (links.length >= MAX_LINKS_PER_USER)
      throw new LimitExceededException(`A user can be linked to at most ${MAX_LINKS_PER_USER} identities.`);
    const now = this.deps.clock.now().getTime();
    try {
      await this.deps.store.providerLinks.create({
        poolId: pool.id,
        providerName: provider.name,
        providerUserId: source.ProviderAttributeValue,
        userId: target.id,
        createdAt: now,
      });
    } catch (e) {
      if (e instanceof StoreConflictError)
        throw new AliasExistsException("The source user is already linked to a user in this user pool.");
      throw e;
    }
    const identities = [
      ...identitiesOf(target),
      {
        userId: source.ProviderAttributeValue,
        providerName: provider.name,
        providerType: provider.type,
        issuer: null,
        primary: false,
        dateCreated: now,
      },
    ];
    await this.writeIdentities(pool, target, identities, now);
  }

  /**
   * AdminDisableProviderForUser: for an identity provider, removes the link of that subject (or, for a
   * federated user who was never linked, disables that user); for `Cognito`, removes the user's password so it
   * can no longer sign in with one (AdminSetUserPassword gives it one again).
   */
  async disable(pool: Pool, user: Identifier): Promise<void> {
    if (user.ProviderAttributeName !== SUBJECT)
      throw new InvalidParameterException(`User.ProviderAttributeName must be ${SUBJECT}.`);
    const now = this.deps.clock.now().getTime();
    if (user.ProviderName === NATIVE) {
      const native = await this.deps.users.get(pool, user.ProviderAttributeValue);
      if (native.status === "EXTERNAL_PROVIDER")
        throw new InvalidParameterException("User is a federated user; name its identity provider instead.");
      await this.deps.store.users.update(pool.id, native.id, {
        srpSalt: null,
        verifierEnc: null,
        passwordSetAt: null,
        updatedAt: now,
      });
      return;
    }
    const provider = await this.deps.identityProviders.find(pool.id, user.ProviderName);
    if (!provider) throw new InvalidParameterException(`Identity provider ${user.ProviderName} does not exist.`);
    const link = await this.deps.store.providerLinks.find(pool.id, provider.name, user.ProviderAttributeValue);
    if (link) {
      await this.deps.store.providerLinks.delete(pool.id, provider.name, user.ProviderAttributeValue);
      const linked = await this.deps.store.users.getById(pool.id, link.userId);
      if (linked) {
        const identities = identitiesOf(linked).filter(
          (i) => !(i.providerName === provider.name && i.userId === user.ProviderAttributeValue),
        );
        await this.writeIdentities(pool, linked, identities, now);
      }
      return;
    }
    const federated = await this.deps.store.users.getByUsernameKey(
      pool.id,
      this.deps.users.usernameKey(pool, `${provider.name}_${user.ProviderAttributeValue}`),
    );
    if (!federated) throw new UserNotFoundException("User does not exist.");
    await this.deps.store.users.update(pool.id, federated.id, { enabled: false, updatedAt: now });
  }

  /** The user a federated sign-in with this subject lands on when the identity is linked. */
  async linkedUser(pool: Pool, providerName: string, providerUserId: string): Promise<UserRow | undefined> {
    const link = await this.deps.store.providerLinks.find(pool.id, providerName, providerUserId);
    return link ? this.deps.store.users.getById(pool.id, link.userId) : undefined;
  }

  private async destinationUser(pool: Pool, d: Identifier): Promise<UserRow> {
    if (d.ProviderName === NATIVE) {
      const u = await this.deps.users.resolve(pool, d.ProviderAttributeValue);
      if (!u) throw new UserNotFoundException("User does not exist.");
      return u;
    }
    // A federated destination is named by its provider's user ID (API reference, DestinationUser).
    const u = await this.deps.store.users.getByUsernameKey(
      pool.id,
      this.deps.users.usernameKey(pool, `${d.ProviderName}_${d.ProviderAttributeValue}`),
    );
    if (!u) throw new UserNotFoundException("User does not exist.");
    return u;
  }

  private async writeIdentities(pool: Pool, user: UserRow, identities: IdentityEntry[], now: number): Promise<void> {
    const attributes = { ...user.attributes };
    if (identities.length) attributes.identities = JSON.stringify(identities);
    else delete attributes.identities;
    // The store directly: the identities attribute is Cognito's to write, and no alias changes with it.
    await this.deps.store.users.update(pool.id, user.id, { attributes, updatedAt: now });
  }
}
