/**
 * Users who sign in through an identity provider (Cognito developer guide, "Adding user pool
 * sign-in through a third party"): username `<Provider>_<sub>`, status EXTERNAL_PROVIDER, the
 * `identities` attribute, attributes from the AttributeMapping refreshed at every sign-in. Never
 * linked to a local user by e-mail — a provider asserting someone's address must not take over
 * their account — so a federated user holds no sign-in aliases; only an administrator links an identity to a
 * user (AdminLinkProviderForUser, providerLinks.ts). Triggers as Cognito fires them:
 * PreSignUp_ExternalProvider and PostConfirmation_ConfirmSignUp on the first sign-in, then
 * PostAuthentication on every one.
 */
import type { Clock } from "../clock.js";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import { immutableAttributeNames, type Client, type Pool } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { UserService } from "./users.js";
import { StoreConflictError, type Store, type UserRow } from "../store/index.js";
import type { IdentityProvider } from "./identityProviders.js";

type Deps = { store: Store; users: UserService; triggers: Triggers; clock: Clock; random: Random };

function claimValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}

/** Pool attributes from the provider's claims, through the AttributeMapping. */
export function mapAttributes(p: IdentityProvider, claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attr, claim] of Object.entries(p.attributeMapping)) {
    if (attr === "username") continue;
    const v = claimValue(claims[claim]);
    if (v !== undefined && v.length <= 2048) out[attr] = v;
  }
  return out;
}

export async function provisionFederatedUser(
  deps: Deps,
  pool: Pool,
  client: Client,
  p: IdentityProvider,
  claims: Record<string, unknown>,
): Promise<UserRow> {
  const providerUserId = claimValue(claims[p.attributeMapping.username ?? "sub"]) ?? claimValue(claims.sub);
  if (!providerUserId) throw new NotAuthorizedException("The identity provider did not identify the user.");
  // An identity linked to an existing user (AdminLinkProviderForUser) signs in as that user. Its attributes are
  // left as they are: the linked user's own, aliases included, are not the provider's to change.
  const linked = await linkedUser(deps, pool, client, p, providerUserId);
  if (linked) return linked;
  const username = `${p.name}_${providerUserId}`;
  const key = deps.users.usernameKey(pool, username);
  const mapped = mapAttributes(p, claims);
  const now = deps.clock.now().getTime();

  let user = await deps.store.users.getByUsernameKey(pool.id, key);
  if (user) {
    if (user.status !== "EXTERNAL_PROVIDER")
      throw new NotAuthorizedException("This user cannot sign in through an identity provider.");
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    // The provider's values refresh every sign-in, except the Schema's immutable attributes, which keep the value
    // the user was created with (Cognito fails such a sign-in instead: docs/userpool/differences.md).
    const immutable = immutableAttributeNames(pool.settings);
    const refreshed = Object.fromEntries(Object.entries(mapped).filter(([name]) => !immutable.has(name)));
    const attributes = { ...user.attributes, ...refreshed };
    if (JSON.stringify(attributes) !== JSON.stringify(user.attributes)) {
      // The store directly, not UserService.update: that would derive sign-in aliases from the e-mail.
      await deps.store.users.update(pool.id, user.id, { attributes, updatedAt: now });
      user = { ...user, attributes, updatedAt: now };
    }
  } else {
    const identities = JSON.stringify([
      {
        userId: providerUserId,
        providerName: p.name,
        providerType: p.type,
        issuer: null,
        primary: true,
        dateCreated: now,
      },
    ]);
    const attributes = { ...mapped, identities };
    await deps.triggers.preSignUp({ pool, client, source: "PreSignUp_ExternalProvider", username, attributes });
    // Cognito's documented use of this trigger: the function links this identity to an existing user
    // (AdminLinkProviderForUser) and returns; the sign-in then lands in that user and no new one is made
    // ("Pre sign-up Lambda trigger"; "Linking federated users to an existing user profile").
    const linkedByTrigger = await linkedUser(deps, pool, client, p, providerUserId);
    if (linkedByTrigger) return linkedByTrigger;
    const id = deps.random.uuid();
    const row: UserRow = {
      id,
      poolId: pool.id,
      username,
      usernameKey: key,
      status: "EXTERNAL_PROVIDER",
      enabled: true,
      attributes: { sub: id, ...attributes },
      srpSalt: null,
      verifierEnc: null,
      passwordSetAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await deps.store.users.create(row, []);
      user = row;
      await deps.triggers.postConfirmation({ pool, client, source: "PostConfirmation_ConfirmSignUp", user });
    } catch (e) {
      // Two first sign-ins at once: the unique username index decided; use the winner's row.
      if (!(e instanceof StoreConflictError)) throw e;
      user = await deps.store.users.getByUsernameKey(pool.id, key);
      if (!user) throw e;
    }
  }
  await deps.triggers.postAuthentication({ pool, client, user, newDeviceUsed: false });
  return user;
}

/** The user an identity is linked to (AdminLinkProviderForUser), signed in; undefined when it is not linked. */
async function linkedUser(
  deps: Deps,
  pool: Pool,
  client: Client,
  p: IdentityProvider,
  providerUserId: string,
): Promise<UserRow | undefined> {
  const link = await deps.store.providerLinks.find(pool.id, p.name, providerUserId);
  if (!link) return undefined;
  const linked = await deps.store.users.getById(pool.id, link.userId);
  if (!linked) throw new NotAuthorizedException("The linked user no longer exists.");
  if (!linked.enabled) throw new NotAuthorizedException("User is disabled.");
  await deps.triggers.postAuthentication({ pool, client, user: linked, newDeviceUsed: false });
  return linked;
}
