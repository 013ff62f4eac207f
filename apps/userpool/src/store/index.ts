import { openDatabase, type DatabaseTarget } from "./db.js";
import { kyselyClientStore, kyselyPoolStore } from "./kysely/pools.js";
import { kyselyDevMailStore, kyselyKeyStore, kyselyMetaStore } from "./kysely/misc.js";
import { kyselyCodeStore, kyselyRefreshTokenStore, kyselySessionStore } from "./kysely/secrets.js";
import { kyselySrpAnswerStore } from "./kysely/srpAnswers.js";
import { kyselyUserStore } from "./kysely/users.js";
import {
  kyselyGroupStore,
  kyselyLockoutStore,
  kyselyPendingAttributeStore,
  kyselyQuotaStore,
  kyselyRevocationStore,
} from "./kysely/lifecycle.js";
import {
  kyselyAuthorizationCodeStore,
  kyselyDomainStore,
  kyselyFederationStateStore,
  kyselyGrantStore,
  kyselyHostedSessionStore,
  kyselyIdentityProviderStore,
  kyselyResourceServerStore,
} from "./kysely/oauth.js";
import { kyselyRequestRateStore } from "./kysely/requestRates.js";
import { migrateToLatest } from "./migrations/index.js";
import type { Store } from "./types.js";

export type { DatabaseTarget } from "./db.js";
export * from "./types.js";
export * from "./oauthTypes.js";

/** Opens the database, brings the schema up to date, and returns the composed store. */
export async function createStore(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Store> {
  const db = await openDatabase(target);
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const engine = target.engine;
  const users = kyselyUserStore(db, engine);
  const lockouts = kyselyLockoutStore(db, engine);
  const refreshTokens = kyselyRefreshTokenStore(db, engine);
  return {
    engine,
    db,
    pools: kyselyPoolStore(db),
    clients: kyselyClientStore(db),
    users,
    codes: kyselyCodeStore(db),
    refreshTokens,
    sessions: kyselySessionStore(db),
    keys: kyselyKeyStore(db),
    devMail: kyselyDevMailStore(db),
    meta: kyselyMetaStore(db),
    revocations: kyselyRevocationStore(db),
    lockouts,
    srpAnswers: kyselySrpAnswerStore(db, engine, { lockouts, refreshTokens }),
    quotas: kyselyQuotaStore(db),
    groups: kyselyGroupStore(db, engine),
    pendingAttributes: kyselyPendingAttributeStore(db),
    identityProviders: kyselyIdentityProviderStore(db),
    resourceServers: kyselyResourceServerStore(db),
    domains: kyselyDomainStore(db),
    authCodes: kyselyAuthorizationCodeStore(db),
    grants: kyselyGrantStore(db),
    hostedSessions: kyselyHostedSessionStore(db),
    federationStates: kyselyFederationStateStore(db),
    requestRates: kyselyRequestRateStore(db),
    close: () => db.destroy(),
  };
}
