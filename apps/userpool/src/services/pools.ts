import type { UserPoolClientType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import {
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { ClientSettingsInput, PoolSettingsInput } from "../protocol/poolShapes.js";
import { ALNUM, LOWER_ALNUM, randomString, type Random } from "../random.js";
import {
  clientSecretId,
  StoreConflictError,
  type ClientRow,
  type ClientSecretRow,
  type DomainRow,
  type PoolRow,
  type Store,
} from "../store/index.js";
import type { Triggers } from "./triggers.js";
import {
  normalizeClientSettings,
  firstAuthFactors,
  mfaFactors,
  normalizePoolSettings,
  STANDARD_ATTRIBUTE_TYPES,
  type ClientSettings,
  type PoolSettings,
} from "./poolSettings.js";

export interface Pool {
  id: string;
  name: string;
  settings: PoolSettings;
  createdAt: Date;
  updatedAt: Date;
}

export interface Client {
  id: string;
  poolId: string;
  name: string;
  /** The live client secrets, sealed, oldest first; none for a public client. */
  secrets: ClientSecretRow[];
  settings: ClientSettings;
  createdAt: Date;
  updatedAt: Date;
}

const POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]{9}$/;
const CLIENT_ID = /^[a-z0-9]{26}$/;

/** Pool IDs look like AWS's (`us-east-1_` + 9 alphanumerics) so aws-jwt-verify and the JS SDKs accept them. */
export function isAwsShapedPoolId(id: string): boolean {
  return POOL_ID.test(id);
}

export function regionOfPoolId(id: string): string {
  return id.split("_")[0]!;
}

/** The AWS account ID this server answers in ARNs and descriptions: one local account. */
export const ACCOUNT_ID = "000000000000";

/** The user pool's ARN, as DescribeUserPool answers it and the tagging operations take it. */
export function poolArn(pool: Pool): string {
  return `arn:aws:cognito-idp:${pool.settings.Region}:${ACCOUNT_ID}:userpool/${pool.id}`;
}

/** The SRP "pool name": the part after the underscore, as Cognito's clients compute it. */
export function srpPoolName(poolId: string): string {
  return poolId.split("_")[1] ?? "";
}

const toPool = (r: PoolRow): Pool => ({
  id: r.id,
  name: r.name,
  settings: r.settings as PoolSettings,
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});
const toClient = (r: ClientRow): Client => ({
  id: r.id,
  poolId: r.poolId,
  name: r.name,
  secrets: r.secrets,
  settings: r.settings as ClientSettings,
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});

const encodeToken = (s: string) => Buffer.from(s, "utf8").toString("base64url");
function decodeToken(t: string | undefined, field: string): string | undefined {
  if (t === undefined) return undefined;
  const s = Buffer.from(t, "base64url").toString("utf8");
  if (!s || encodeToken(s) !== t) throw new InvalidParameterException(`Invalid ${field}.`);
  return s;
}

const secretAad = (clientId: string) => `client-secret|${clientId}`;

/** API reference, AddUserPoolClientSecret: "up to 2 active secrets per app client". */
export const MAX_CLIENT_SECRETS = 2;

/**
 * A short-lived read cache. Every API call reads its client and pool; caching them for a moment
 * saves those queries on the hot path. Writes through this instance invalidate at once; writes
 * through another instance sharing the database are seen within `ttlMs`.
 */
class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  constructor(private readonly ttlMs: number) {}
  async get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.entries.get(key);
    // Monotonic time, not the injected domain clock: cache freshness is not a business rule.
    const now = performance.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (value === undefined) this.entries.delete(key);
    else this.entries.set(key, { value, at: now });
    return value;
  }
  forget(key: string): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}

/** User pools and app clients: IDs, settings with Cognito's defaults, secrets kept encrypted. */
export class PoolService {
  private readonly poolCache: ReadCache<Pool>;
  private readonly clientCache: ReadCache<Client>;
  /** Each pool's LambdaConfig as last warmed by this instance, to warm what another instance changed once. */
  private readonly warmedConfigs = new Map<string, string>();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      random: Random;
      crypto: DataCrypto;
      cacheTtlMs?: number;
      /** Told of every pool whose LambdaConfig may have changed, to load its functions ahead of use. */
      triggers?: Pick<Triggers, "warm">;
    },
  ) {
    this.poolCache = new ReadCache(deps.cacheTtlMs ?? 1000);
    this.clientCache = new ReadCache(deps.cacheTtlMs ?? 1000);
  }

  async createPool(name: string, input: PoolSettingsInput, opts: { region: string; id?: string }): Promise<Pool> {
    const id = opts.id ?? `${opts.region}_${randomString(this.deps.random, ALNUM, 9)}`;
    if (!isAwsShapedPoolId(id))
      throw new InvalidParameterException(
        `User pool ID ${id} must look like <region>_<9 alphanumerics>, e.g. us-east-1_AuthHub01.`,
      );
    const settings = normalizePoolSettings(input, regionOfPoolId(id));
    const now = this.deps.clock.now().getTime();
    try {
      await this.deps.store.pools.create({ id, name, settings, createdAt: now, updatedAt: now });
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "pool")
        throw new InvalidParameterException(`User pool ${id} already exists.`);
      throw e;
    }
    const pool = { id, name, settings, createdAt: new Date(now), updatedAt: new Date(now) };
    void this.warmTriggers(pool);
    return pool;
  }

  async findPool(id: string): Promise<Pool | undefined> {
    // Ids also come from token claims (iss): one outside UserPoolId's shape is no pool, without a query, which
    // PostgreSQL would fail on U+0000 (a 500 where the caller sent a forged token).
    if (id.length > 55 || !/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) return undefined;
    return this.poolCache.get(id, async () => {
      const r = await this.deps.store.pools.get(id);
      const pool = r && toPool(r);
      // Another instance may have stored new functions: warm them here too, once per configuration.
      if (pool) void this.warmTriggers(pool, { once: true });
      return pool;
    });
  }

  async getPool(id: string): Promise<Pool> {
    const p = await this.findPool(id);
    if (!p) throw new ResourceNotFoundException(`User pool ${id} does not exist.`);
    return p;
  }

  async listPools(limit: number, nextToken?: string): Promise<{ pools: Pool[]; nextToken?: string }> {
    const after = decodeToken(nextToken, "NextToken");
    const rows = await this.deps.store.pools.list({ limit: limit + 1, ...(after !== undefined ? { after } : {}) });
    const page = rows.slice(0, limit).map(toPool);
    return rows.length > limit ? { pools: page, nextToken: encodeToken(page.at(-1)!.id) } : { pools: page };
  }

  /**
   * UpdateUserPool semantics: omitted settings return to their defaults, except those Cognito makes
   * immutable after creation (sign-in attributes, schema, username case sensitivity).
   */
  async updatePool(id: string, input: PoolSettingsInput, name?: string): Promise<Pool> {
    const current = await this.getPool(id);
    const s = current.settings;
    const merged: PoolSettingsInput = {
      ...input,
      ...(s.UsernameAttributes ? { UsernameAttributes: s.UsernameAttributes } : {}),
      ...(s.AliasAttributes ? { AliasAttributes: s.AliasAttributes } : {}),
      ...(s.Schema ? { Schema: s.Schema } : {}),
      UsernameConfiguration: s.UsernameConfiguration,
    };
    const settings = {
      ...normalizePoolSettings(merged, s.Region, mfaFactors(s)),
      ...(s.Replicas ? { Replicas: s.Replicas } : {}),
    };
    const now = this.deps.clock.now().getTime();
    const newName = name ?? current.name;
    this.poolCache.forget(id);
    if (!(await this.deps.store.pools.update(id, { name: newName, settings, updatedAt: now })))
      throw new ResourceNotFoundException(`User pool ${id} does not exist.`);
    const pool = { ...current, name: newName, settings, updatedAt: new Date(now) };
    void this.warmTriggers(pool);
    return pool;
  }

  /** Stores settings derived from the pool's current ones (SetUserPoolMfaConfig). */
  async replaceSettings(pool: Pool, settings: PoolSettings): Promise<Pool> {
    const now = this.deps.clock.now().getTime();
    this.poolCache.forget(pool.id);
    if (!(await this.deps.store.pools.update(pool.id, { name: pool.name, settings, updatedAt: now })))
      throw new ResourceNotFoundException(`User pool ${pool.id} does not exist.`);
    const replaced = { ...pool, settings, updatedAt: new Date(now) };
    void this.warmTriggers(replaced);
    return replaced;
  }

  /**
   * In the background: the operation that stored the settings does not wait for modules to load. A store
   * through this instance always warms (a failed warm-up is retried by saving again); a pool read from the
   * store warms only when its LambdaConfig is not the one this instance last warmed, so a cache refill does
   * not load (or log a refused module) every second. Never rejects.
   */
  async warmTriggers(pool: Pool, o: { once?: boolean } = {}): Promise<void> {
    if (!this.deps.triggers?.warm) return;
    const config = pool.settings.LambdaConfig;
    if (!config) {
      this.warmedConfigs.delete(pool.id);
      return;
    }
    const seen = JSON.stringify(config);
    if (o.once && this.warmedConfigs.get(pool.id) === seen) return;
    this.warmedConfigs.set(pool.id, seen);
    await this.deps.triggers.warm(pool);
  }

  async deletePool(id: string): Promise<void> {
    const pool = await this.getPool(id);
    if (pool.settings.DeletionProtection === "ACTIVE") {
      throw new InvalidParameterException(
        "The user pool cannot be deleted because deletion protection is activated. " +
          "Deactivate deletion protection first.",
      );
    }
    this.poolCache.forget(id);
    this.clientCache.clear(); // its clients went with it
    this.warmedConfigs.delete(id);
    await this.deps.store.pools.delete(id);
  }

  async createClient(
    poolId: string,
    name: string,
    input: ClientSettingsInput,
    opts: { id?: string; generateSecret?: boolean; secret?: string } = {},
  ): Promise<Client> {
    await this.getPool(poolId);
    const id = opts.id ?? randomString(this.deps.random, LOWER_ALNUM, 26);
    if (!CLIENT_ID.test(id))
      throw new InvalidParameterException(`Client ID ${id} must be 26 lower-case letters and digits.`);
    const settings = normalizeClientSettings(input);
    const secret = opts.secret ?? (opts.generateSecret ? randomString(this.deps.random, LOWER_ALNUM, 52) : undefined);
    const now = this.deps.clock.now().getTime();
    const row: ClientRow = {
      id,
      poolId,
      name,
      secrets: secret === undefined ? [] : [this.sealSecret(id, secret, now)],
      settings,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.clients.create(row);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "client")
        throw new InvalidParameterException(`User pool client ${id} already exists.`);
      throw e;
    }
    return toClient(row);
  }

  async findClient(clientId: string): Promise<Client | undefined> {
    return this.clientCache.get(clientId, async () => {
      const r = await this.deps.store.clients.get(clientId);
      return r && toClient(r);
    });
  }

  /** The client for a public operation (ClientId only). */
  async getClient(clientId: string): Promise<Client> {
    const c = await this.findClient(clientId);
    if (!c) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
    return c;
  }

  /** The client for an admin operation, which also names the pool. */
  async getClientOfPool(poolId: string, clientId: string): Promise<Client> {
    const c = await this.findClient(clientId);
    if (!c || c.poolId !== poolId) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
    return c;
  }

  async listClients(
    poolId: string,
    limit: number,
    nextToken?: string,
  ): Promise<{ clients: Client[]; nextToken?: string }> {
    await this.getPool(poolId);
    const after = decodeToken(nextToken, "NextToken");
    const rows = await this.deps.store.clients.list(poolId, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit).map(toClient);
    return rows.length > limit ? { clients: page, nextToken: encodeToken(page.at(-1)!.id) } : { clients: page };
  }

  /**
   * UpdateUserPoolClient semantics: omitted settings return to their defaults;
   * the secrets are kept unless `secret` is given (a string: that one secret; null: none).
   */
  async updateClient(
    poolId: string,
    clientId: string,
    input: ClientSettingsInput,
    opts: { name?: string; secret?: string | null } = {},
  ): Promise<Client> {
    const current = await this.getClientOfPool(poolId, clientId);
    const settings = normalizeClientSettings(input);
    const now = this.deps.clock.now().getTime();
    const name = opts.name ?? current.name;
    const secrets =
      opts.secret === undefined ? undefined : opts.secret === null ? [] : [this.sealSecret(clientId, opts.secret, now)];
    this.clientCache.forget(clientId);
    await this.deps.store.clients.update(clientId, {
      name,
      settings,
      updatedAt: now,
      ...(secrets !== undefined ? { secrets } : {}),
    });
    return { ...current, name, settings, updatedAt: new Date(now), ...(secrets !== undefined ? { secrets } : {}) };
  }

  async deleteClient(poolId: string, clientId: string): Promise<void> {
    await this.getClientOfPool(poolId, clientId);
    this.clientCache.forget(clientId);
    await this.deps.store.clients.delete(clientId);
  }

  private sealSecret(clientId: string, secret: string, now: number): ClientSecretRow {
    return {
      id: clientSecretId(clientId, now),
      secretEnc: this.deps.crypto.encrypt(secret, secretAad(clientId)),
      createdAt: now,
    };
  }

  private openSecret(clientId: string, s: ClientSecretRow): string {
    return this.deps.crypto.decrypt(s.secretEnc, secretAad(clientId)).toString("utf8");
  }

  /**
   * The client's oldest live secret in clear: the one DescribeUserPoolClient shows and the hosted UI signs
   * with (ADR 0024); undefined for public clients.
   */
  clientSecret(client: Client): string | undefined {
    const first = client.secrets[0];
    return first && this.openSecret(client.id, first);
  }

  /** Every live secret in clear: a caller proves the client with any one of them (rotation). */
  clientSecrets(client: Client): string[] {
    return client.secrets.map((s) => this.openSecret(client.id, s));
  }

  /**
   * AddUserPoolClientSecret: a second secret for a confidential client, given or generated. Generated
   * secrets are as long as CreateUserPoolClient's.
   */
  async addClientSecret(
    poolId: string,
    clientId: string,
    given?: string,
  ): Promise<{ secret: ClientSecretRow; value: string }> {
    const client = await this.getClientOfPool(poolId, clientId);
    if (client.secrets.length === 0)
      throw new InvalidParameterException(
        `User pool client ${clientId} has no client secret: secrets can be added to confidential clients only.`,
      );
    const value = given ?? randomString(this.deps.random, LOWER_ALNUM, 52);
    if (this.clientSecrets(client).includes(value))
      throw new InvalidParameterException(`User pool client ${clientId} already has this client secret.`);
    const now = this.deps.clock.now().getTime();
    this.clientCache.forget(clientId);
    const added = await this.deps.store.clients.addSecret(
      clientId,
      { secretEnc: this.deps.crypto.encrypt(value, secretAad(clientId)), createdAt: now },
      MAX_CLIENT_SECRETS,
    );
    if (added === "missing") throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
    if (added === "full")
      throw new LimitExceededException(
        `User pool client ${clientId} already has ${MAX_CLIENT_SECRETS} client secrets. Delete one first.`,
      );
    return { secret: added, value };
  }

  async listClientSecrets(poolId: string, clientId: string): Promise<ClientSecretRow[]> {
    // Read past the cache: another instance may have rotated the secrets a moment ago.
    this.clientCache.forget(clientId);
    return (await this.getClientOfPool(poolId, clientId)).secrets;
  }

  /** DeleteUserPoolClientSecret: never the last one (API reference: "You cannot delete the last remaining secret"). */
  async deleteClientSecret(poolId: string, clientId: string, secretId: string): Promise<void> {
    await this.getClientOfPool(poolId, clientId);
    this.clientCache.forget(clientId);
    const r = await this.deps.store.clients.deleteSecret(clientId, secretId);
    if (r === "missing")
      throw new ResourceNotFoundException(`Client secret ${secretId} does not exist for client ${clientId}.`);
    if (r === "last")
      throw new InvalidParameterException(
        `Client secret ${secretId} is the last secret of client ${clientId} and cannot be deleted.`,
      );
  }

  /**
   * UserPoolType as DescribeUserPool answers it (API reference, "UserPoolType"): the stored settings
   * plus the members Cognito fills in for a pool created without them, and the pool's domain.
   */
  describePool(pool: Pool, extra: { estimatedUsers: number; domain?: DomainRow | undefined }): UserPoolType {
    const { Region, MfaFactors: _f, Replicas: _r, ...s } = pool.settings;
    const d = extra.domain;
    return {
      Id: pool.id,
      Name: pool.name,
      ...s,
      Policies: { ...s.Policies, SignInPolicy: { AllowedFirstAuthFactors: firstAuthFactors(s) } },
      LambdaConfig: s.LambdaConfig ?? {},
      EmailConfiguration: {
        ...s.EmailConfiguration,
        EmailSendingAccount: s.EmailConfiguration?.EmailSendingAccount ?? "COGNITO_DEFAULT",
      },
      UserAttributeUpdateSettings: {
        AttributesRequireVerificationBeforeUpdate:
          s.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [],
      },
      AdminCreateUserConfig: {
        ...s.AdminCreateUserConfig,
        // No longer used by Cognito (the password policy's TemporaryPasswordValidityDays took its place), but
        // still described; it shows that validity when it was never set.
        UnusedAccountValidityDays:
          s.AdminCreateUserConfig.UnusedAccountValidityDays ?? s.Policies.PasswordPolicy.TemporaryPasswordValidityDays,
      },
      Status: "Enabled",
      CreationDate: pool.createdAt,
      LastModifiedDate: pool.updatedAt,
      SchemaAttributes: schemaAttributes(pool.settings),
      EstimatedNumberOfUsers: extra.estimatedUsers,
      // A prefix domain is `Domain`, a custom domain `CustomDomain`; this server keeps one domain per pool.
      ...(d ? (d.customDomainConfig ? { CustomDomain: d.domain } : { Domain: d.domain }) : {}),
      Arn: poolArn(pool),
    };
  }

  describeClient(client: Client): UserPoolClientType {
    const secret = this.clientSecret(client);
    return {
      UserPoolId: client.poolId,
      ClientName: client.name,
      ClientId: client.id,
      ...(secret !== undefined ? { ClientSecret: secret } : {}),
      CreationDate: client.createdAt,
      LastModifiedDate: client.updatedAt,
      ...client.settings,
    };
  }
}

/** Standard attributes as Cognito describes them, then the pool's custom ones (with the "custom:" prefix). */
function schemaAttributes(settings: PoolSettings): NonNullable<UserPoolType["SchemaAttributes"]> {
  const declared = new Map((settings.Schema ?? []).map((a) => [a.Name, a]));
  const out: NonNullable<UserPoolType["SchemaAttributes"]> = [];
  for (const [name, type] of Object.entries(STANDARD_ATTRIBUTE_TYPES)) {
    const d = declared.get(name);
    out.push({
      Name: name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: false,
      Mutable: name === "sub" ? false : (d?.Mutable ?? true),
      Required: name === "sub" ? true : (d?.Required ?? false),
      ...(type === "String"
        ? { StringAttributeConstraints: { MinLength: name === "sub" ? "1" : "0", MaxLength: "2048" } }
        : {}),
      ...(type === "Number" ? { NumberAttributeConstraints: { MinValue: "0" } } : {}),
    });
  }
  for (const a of settings.Schema ?? []) {
    if (STANDARD_ATTRIBUTE_TYPES[a.Name]) continue;
    out.push({
      Name: a.Name.startsWith("custom:") || a.Name.startsWith("dev:") ? a.Name : `custom:${a.Name}`,
      AttributeDataType: a.AttributeDataType ?? "String",
      DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
      Mutable: a.Mutable ?? true,
      Required: false,
      ...(a.StringAttributeConstraints ? { StringAttributeConstraints: a.StringAttributeConstraints } : {}),
      ...(a.NumberAttributeConstraints ? { NumberAttributeConstraints: a.NumberAttributeConstraints } : {}),
    });
  }
  return out;
}

/** A Schema entry's attribute name as callers write it: custom attributes take the "custom:" prefix. */
export function schemaAttributeName(declared: string): string {
  return STANDARD_ATTRIBUTE_TYPES[declared] || declared.startsWith("custom:") ? declared : `custom:${declared}`;
}

/** Attributes the pool's Schema makes immutable (Mutable false): written when the user is created, never after. */
export function immutableAttributeNames(settings: PoolSettings): Set<string> {
  return new Set((settings.Schema ?? []).filter((a) => a.Mutable === false).map((a) => schemaAttributeName(a.Name)));
}

/** Names of the custom attributes a pool declares, with the "custom:" prefix. */
export function customAttributeNames(settings: PoolSettings): Set<string> {
  return new Set(
    (settings.Schema ?? [])
      .filter((a) => !STANDARD_ATTRIBUTE_TYPES[a.Name])
      .map((a) => (a.Name.startsWith("custom:") ? a.Name : `custom:${a.Name}`)),
  );
}
