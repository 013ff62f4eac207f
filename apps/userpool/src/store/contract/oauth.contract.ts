/**
 * OAuth 2.0, the hosted UI and federation: identity providers, resource servers, domains,
 * authorization codes, grants, hosted sessions and federation states.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import {
  StoreConflictError,
  type AuthorizationCodeRow,
  type IdentityProviderRow,
  type Store,
  type UserRow,
} from "../index.js";
import { createPool, createUser, T0 } from "./fixtures.js";

/** A pool with one user. */
async function poolWithUser(s: Store): Promise<{ poolId: string; user: UserRow }> {
  const poolId = await createPool(s);
  return { poolId, user: await createUser(s, poolId, "oauth-user") };
}

const idp = (poolId: string, name: string, ids: string[] = []): IdentityProviderRow => ({
  poolId,
  name,
  type: "OIDC",
  detailsEnc: "v1.sealed",
  attributeMapping: { email: "email" },
  idpIdentifiers: ids,
  createdAt: T0,
  updatedAt: T0,
});

const code = (
  poolId: string,
  userId: string,
  hash: string,
  extra: Partial<AuthorizationCodeRow> = {},
): AuthorizationCodeRow => ({
  codeHash: hash,
  poolId,
  clientId: "client1",
  userId,
  redirectUri: "https://app.example.com/cb",
  scopes: ["openid"],
  codeChallenge: "c".repeat(43),
  nonce: "n-0",
  authTime: T0 / 1000,
  createdAt: T0,
  expiresAt: T0 + 300_000,
  usedAt: null,
  originJti: null,
  ...extra,
});

export function oauthStoreContract(open: () => Promise<Store>): void {
  it(
    "identity providers: create, get by name and identifier, list pages, update identifiers, " +
      "unique names and identifiers, delete",
    async () => {
      const s = await open();
      const { poolId } = await poolWithUser(s);
      await s.identityProviders.create(idp(poolId, "Google", ["google.com"]));
      await s.identityProviders.create(idp(poolId, "Corp", ["corp.example"]));
      await expect(s.identityProviders.create(idp(poolId, "Google"))).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "provider-name",
      );
      // A duplicate identifier rolls back the whole insert: no half-created provider.
      await expect(s.identityProviders.create(idp(poolId, "Other", ["corp.example"]))).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "idp-identifier",
      );
      expect(await s.identityProviders.get(poolId, "Other")).toBeUndefined();
      expect((await s.identityProviders.getByIdentifier(poolId, "corp.example"))?.name).toBe("Corp");
      expect((await s.identityProviders.list(poolId, { limit: 1 })).map((r) => r.name)).toEqual(["Corp"]);
      expect((await s.identityProviders.list(poolId, { limit: 5, after: "Corp" })).map((r) => r.name)).toEqual([
        "Google",
      ]);

      expect(
        await s.identityProviders.update({
          ...idp(poolId, "Corp", ["corp2.example"]),
          attributeMapping: { name: "name" },
          updatedAt: T0 + 1,
        }),
      ).toBe(true);
      expect(await s.identityProviders.getByIdentifier(poolId, "corp.example")).toBeUndefined();
      const corp = await s.identityProviders.get(poolId, "Corp");
      expect(corp).toMatchObject({
        idpIdentifiers: ["corp2.example"],
        attributeMapping: { name: "name" },
        updatedAt: T0 + 1,
        createdAt: T0,
      });
      await expect(s.identityProviders.update(idp(poolId, "Google", ["corp2.example"]))).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "idp-identifier",
      );
      expect(await s.identityProviders.update(idp(poolId, "Missing"))).toBe(false);

      expect(await s.identityProviders.delete(poolId, "Corp")).toBe(true);
      expect(await s.identityProviders.delete(poolId, "Corp")).toBe(false);
      // The identifier is free again once its provider is gone.
      await s.identityProviders.create(idp(poolId, "Again", ["corp2.example"]));
      await s.pools.delete(poolId);
      expect(await s.identityProviders.get(poolId, "Google")).toBeUndefined();
    },
  );

  it("resource servers and domains: unique per pool/globally, one domain per pool, cascade with the pool", async () => {
    const s = await open();
    const { poolId } = await poolWithUser(s);
    const rs = {
      poolId,
      identifier: "https://api.example.com",
      name: "api",
      scopes: [{ ScopeName: "read", ScopeDescription: "Read" }],
      createdAt: T0,
      updatedAt: T0,
    };
    await s.resourceServers.create(rs);
    await expect(s.resourceServers.create(rs)).rejects.toSatisfy(
      (e) => e instanceof StoreConflictError && e.kind === "resource-server",
    );
    expect(await s.resourceServers.update({ ...rs, scopes: [], updatedAt: T0 + 5 })).toBe(true);
    expect(await s.resourceServers.get(poolId, rs.identifier)).toMatchObject({ scopes: [], updatedAt: T0 + 5 });
    expect(await s.resourceServers.list(poolId, { limit: 10 })).toHaveLength(1);

    const domain = `d-${randomUUID().slice(0, 8)}`;
    await s.domains.create({ domain, poolId, customDomainConfig: null, managedLoginVersion: 1, createdAt: T0 });
    await expect(
      s.domains.create({
        domain: `${domain}-2`,
        poolId,
        customDomainConfig: null,
        managedLoginVersion: 1,
        createdAt: T0,
      }),
    ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "domain");
    const other = await poolWithUser(s);
    await expect(
      s.domains.create({
        domain,
        poolId: other.poolId,
        customDomainConfig: null,
        managedLoginVersion: 1,
        createdAt: T0,
      }),
    ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "domain");
    expect((await s.domains.getForPool(poolId))?.domain).toBe(domain);
    const cert = { CertificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/new" };
    expect(await s.domains.update(poolId, domain, { customDomainConfig: cert, managedLoginVersion: 2 })).toBe(true);
    expect(await s.domains.get(domain)).toEqual({
      domain,
      poolId,
      customDomainConfig: cert,
      managedLoginVersion: 2,
      createdAt: T0,
    });
    expect(await s.domains.update(other.poolId, domain, { customDomainConfig: null, managedLoginVersion: 1 })).toBe(
      false,
    );
    expect((await s.domains.get(domain))?.managedLoginVersion).toBe(2);
    expect(await s.domains.delete(other.poolId, domain)).toBe(false);
    await s.pools.delete(poolId);
    expect(await s.domains.get(domain)).toBeUndefined();
    expect(await s.resourceServers.get(poolId, rs.identifier)).toBeUndefined();
  });

  it(
    "authorization codes: exactly one of many concurrent redemptions wins; " +
      "the others see the winner's origin_jti; expiry and unknown codes",
    async () => {
      const s = await open();
      const { poolId, user } = await poolWithUser(s);
      await s.authCodes.insert(code(poolId, user.id, "h-race"));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => s.authCodes.redeem("h-race", `origin-${i}`, T0 + 1000)),
      );
      const won = results.filter((r) => r.status === "redeemed");
      expect(won).toHaveLength(1);
      const winner = won[0]!.status === "redeemed" ? won[0]!.row.originJti : undefined;
      for (const r of results) if (r.status === "replayed") expect(r.row.originJti).toBe(winner);
      expect(results.filter((r) => r.status === "replayed")).toHaveLength(9);

      await s.authCodes.insert(code(poolId, user.id, "h-old", { expiresAt: T0 + 10 }));
      expect((await s.authCodes.redeem("h-old", "o", T0 + 10)).status).toBe("expired");
      expect((await s.authCodes.redeem("h-missing", "o", T0)).status).toBe("unknown");
      expect(await s.authCodes.get("h-race")).toMatchObject({
        scopes: ["openid"],
        nonce: "n-0",
        redirectUri: "https://app.example.com/cb",
        usedAt: T0 + 1000,
      });
    },
  );

  it(
    "grants, hosted sessions and federation state: " + "expiry, single use, deletion per user, cascade with the user",
    async () => {
      const s = await open();
      const { poolId, user } = await poolWithUser(s);
      const origin = randomUUID();
      await s.grants.insert({
        originJti: origin,
        poolId,
        clientId: "c",
        userId: user.id,
        scopes: ["openid", "email"],
        createdAt: T0,
      });
      expect((await s.grants.get(origin))?.scopes).toEqual(["openid", "email"]);

      const session = {
        idHash: `s-${randomUUID()}`,
        poolId,
        userId: user.id,
        provider: "COGNITO",
        authTime: T0 / 1000,
        createdAt: T0,
        expiresAt: T0 + 3_600_000,
      };
      await s.hostedSessions.create(session);
      await s.hostedSessions.create({ ...session, idHash: `s-${randomUUID()}` });
      expect(await s.hostedSessions.getLive(session.idHash, T0 + 3_599_999)).toEqual(session);
      expect(await s.hostedSessions.getLive(session.idHash, T0 + 3_600_000)).toBeUndefined();
      // A SAML sign-in keeps the assertion's SessionIndex with the session (single logout names it).
      const saml = { ...session, idHash: `s-${randomUUID()}`, provider: "Corp", samlSessionIndex: "_idx-1" };
      await s.hostedSessions.create(saml);
      expect(await s.hostedSessions.getLive(saml.idHash, T0)).toEqual(saml);
      expect(await s.hostedSessions.delete(saml.idHash)).toBe(true);
      expect(await s.hostedSessions.delete(session.idHash)).toBe(true);
      expect(await s.hostedSessions.deleteForUser(poolId, user.id)).toBe(1);

      const state = {
        stateHash: `f-${randomUUID()}`,
        poolId,
        providerName: "Google",
        dataEnc: "v1.x",
        createdAt: T0,
        expiresAt: T0 + 600_000,
        usedAt: null,
      };
      await s.federationStates.create(state);
      const takes = await Promise.all(
        Array.from({ length: 5 }, () => s.federationStates.consume(state.stateHash, T0 + 1)),
      );
      expect(takes.filter(Boolean)).toHaveLength(1);
      await s.federationStates.create({ ...state, stateHash: `f-${randomUUID()}`, expiresAt: T0 + 1 });
      // A remembered SAML assertion ID: exactly one of concurrent first sightings wins, later ones lose.
      const seen = { ...state, stateHash: `a-${randomUUID()}`, usedAt: T0 };
      const firsts = await Promise.all(Array.from({ length: 5 }, () => s.federationStates.rememberOnce(seen)));
      expect(firsts.filter(Boolean)).toHaveLength(1);
      expect(await s.federationStates.rememberOnce(seen)).toBe(false);
      expect(await s.federationStates.consume(seen.stateHash, T0 + 1)).toBeUndefined();

      await s.hostedSessions.create({ ...session, idHash: `s-${randomUUID()}` });
      await s.users.delete(poolId, user.id, T0);
      expect(await s.grants.get(origin)).toBeUndefined();
    },
  );

  it(
    "SAML logout by SessionIndex: only the named sessions of the user at that provider, plus those with none; " +
      "the grants of the ended sessions are found by session",
    async () => {
      const s = await open();
      const { poolId, user } = await poolWithUser(s);
      const other = await createUser(s, poolId, "oauth-other");
      const session = (idx: string | undefined, extra: { provider?: string; userId?: string } = {}) => ({
        idHash: `s-${randomUUID()}`,
        poolId,
        userId: extra.userId ?? user.id,
        provider: extra.provider ?? "Corp",
        authTime: T0 / 1000,
        createdAt: T0,
        expiresAt: T0 + 3_600_000,
        ...(idx !== undefined ? { samlSessionIndex: idx } : {}),
      });
      const [a, b, c, legacy, cognito, elsewhere, otherUser] = [
        session("idx-a"),
        session("idx-b"),
        session("idx-c"),
        // Stored before migration 0026 (or from an assertion without a SessionIndex).
        session(undefined),
        session(undefined, { provider: "COGNITO" }),
        session("idx-a", { provider: "OtherIdP" }),
        session("idx-a", { userId: other.id }),
      ];
      for (const r of [a, b, c, legacy, cognito, elsewhere, otherUser]) await s.hostedSessions.create(r);
      const live = async () =>
        (
          await Promise.all(
            [a, b, c, legacy, cognito, elsewhere, otherUser].map(async (r) =>
              (await s.hostedSessions.getLive(r.idHash, T0)) ? r.idHash : undefined,
            ),
          )
        ).filter(Boolean);
      const q = { poolId, userId: user.id, provider: "Corp" };

      // An index nobody has: only the session that has none on record.
      expect(await s.hostedSessions.deleteForSamlLogout({ ...q, sessionIndexes: ["idx-none"] })).toEqual([
        legacy.idHash,
      ]);
      expect((await s.hostedSessions.deleteForSamlLogout({ ...q, sessionIndexes: ["idx-a", "idx-c"] })).sort()).toEqual(
        [a.idHash, c.idHash].sort(),
      );
      expect(await live()).toEqual([b.idHash, cognito.idHash, elsewhere.idHash, otherUser.idHash]);
      // Without SessionIndex: every remaining session of the user at that provider, and nothing else.
      expect(await s.hostedSessions.deleteForSamlLogout(q)).toEqual([b.idHash]);
      expect(await s.hostedSessions.deleteForSamlLogout(q)).toEqual([]);
      expect(await live()).toEqual([cognito.idHash, elsewhere.idHash, otherUser.idHash]);

      // The hosted session rides on the code to the grant; grants are found by the sessions that produced them.
      await s.authCodes.insert(code(poolId, user.id, `c-${randomUUID()}`, { hostedSessionHash: a.idHash }));
      const withSession = `c-${randomUUID()}`;
      await s.authCodes.insert(code(poolId, user.id, withSession, { hostedSessionHash: b.idHash }));
      expect((await s.authCodes.get(withSession))?.hostedSessionHash).toBe(b.idHash);
      const grant = { poolId, clientId: "c", userId: user.id, scopes: ["openid"], createdAt: T0 };
      const [oa1, oa2, ob, api] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await s.grants.insert({ ...grant, originJti: oa1, hostedSessionHash: a.idHash });
      await s.grants.insert({ ...grant, originJti: oa2, hostedSessionHash: a.idHash });
      await s.grants.insert({ ...grant, originJti: ob, hostedSessionHash: b.idHash });
      await s.grants.insert({ ...grant, originJti: api });
      expect((await s.grants.get(ob))?.hostedSessionHash).toBe(b.idHash);
      expect(await s.grants.get(api)).not.toHaveProperty("hostedSessionHash");
      const found = await s.grants.originsOfHostedSessions(poolId, [a.idHash, c.idHash]);
      expect(found.map((f) => f.originJti).sort()).toEqual([oa1, oa2].sort());
      expect(found.every((f) => f.userId === user.id)).toBe(true);
      expect(await s.grants.originsOfHostedSessions(poolId, [])).toEqual([]);
      expect(await s.grants.originsOfHostedSessions("us-east-1_Other", [a.idHash])).toEqual([]);
    },
  );

  it(
    "purgeExpired: federation states, hosted sessions and authorization codes go at their expiry, " +
      "live ones stay usable",
    async () => {
      const s = await open();
      const { poolId, user } = await poolWithUser(s);
      const has = async (
        table: "federation_states" | "hosted_sessions" | "oauth_codes",
        column: "state_hash" | "id_hash" | "code_hash",
        key: string,
      ) => (await s.db.selectFrom(table).select(column).where(column, "=", key).execute()).length === 1;

      const state = {
        stateHash: `f-${randomUUID()}`,
        poolId,
        providerName: "Google",
        dataEnc: "v1.x",
        createdAt: T0,
        expiresAt: T0 + 600_000,
        usedAt: null,
      };
      const stale = { ...state, stateHash: `f-${randomUUID()}`, expiresAt: T0 + 1 };
      await s.federationStates.create(state);
      await s.federationStates.create(stale);
      expect(await s.federationStates.purgeExpired(T0 + 1)).toBeGreaterThanOrEqual(1);
      expect(await has("federation_states", "state_hash", stale.stateHash)).toBe(false);
      expect(await s.federationStates.consume(state.stateHash, T0 + 2)).toMatchObject({ stateHash: state.stateHash });
      // Used states go at their expiry as well.
      await s.federationStates.purgeExpired(T0 + 599_999);
      expect(await has("federation_states", "state_hash", state.stateHash)).toBe(true);
      await s.federationStates.purgeExpired(T0 + 600_000);
      expect(await has("federation_states", "state_hash", state.stateHash)).toBe(false);

      const session = {
        idHash: `s-${randomUUID()}`,
        poolId,
        userId: user.id,
        provider: "COGNITO",
        authTime: T0 / 1000,
        createdAt: T0,
        expiresAt: T0 + 3_600_000,
      };
      await s.hostedSessions.create(session);
      await s.hostedSessions.purgeExpired(T0 + 3_599_999);
      expect(await s.hostedSessions.getLive(session.idHash, T0 + 3_599_999)).toMatchObject({ idHash: session.idHash });
      expect(await s.hostedSessions.purgeExpired(T0 + 3_600_000)).toBeGreaterThanOrEqual(1);
      expect(await has("hosted_sessions", "id_hash", session.idHash)).toBe(false);

      await s.authCodes.insert(code(poolId, user.id, `c-${poolId}`, { expiresAt: T0 + 300_000 }));
      await s.authCodes.purgeExpired(T0 + 299_999);
      expect((await s.authCodes.redeem(`c-${poolId}`, "o-1", T0 + 1)).status).toBe("redeemed");
      expect(await s.authCodes.purgeExpired(T0 + 300_000)).toBeGreaterThanOrEqual(1);
      expect(await s.authCodes.get(`c-${poolId}`)).toBeUndefined();
    },
  );
}
