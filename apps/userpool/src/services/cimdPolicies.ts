/**
 * Client ID metadata document (CIMD) policies (Cognito developer guide, "Client ID metadata documents (CIMD)";
 * API reference, CreateCIMDPolicy and siblings). A policy maps one to five https URL patterns to one app client of
 * the pool; a client whose client_id is an https URL matching a pattern would be registered by the document at that
 * URL. This server stores, validates and serves the policies and their document cache; it does not fetch documents
 * (ADR 0033), so the cache stays empty and /oauth2/authorize refuses URL client IDs by name.
 */
import type {
  CIMDPolicySummaryType,
  CIMDPolicyType,
  ClientMetadataURLType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import {
  CachedCIMDURLDoesNotExistException,
  InvalidParameterException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { CimdPolicyRow, Store } from "../store/index.js";
import type { PoolService } from "./pools.js";

/** CreateCIMDPolicy: "If you don't set a value, the default is 86,400 seconds." */
export const DEFAULT_CACHE_DURATION = 86_400;

const encodeToken = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const after = Buffer.from(token, "base64url").toString("utf8");
  if (!after || encodeToken(after) !== token) throw new InvalidParameterException("Invalid NextToken.");
  return after;
}

/**
 * Checks a URL pattern (ADR 0033): an https URL in which `*` stands for any run of characters other than
 * `/`, `?` and `#`. The host's last two labels must be literal, so no pattern admits every site.
 */
export function checkUrlPattern(pattern: string): void {
  const bad = (why: string) => new InvalidParameterException(`URLPatterns: ${pattern.slice(0, 256)} ${why}`);
  if (!pattern.startsWith("https://")) throw bad("must be an https URL.");
  let url: URL;
  try {
    url = new URL(pattern.replaceAll("*", "wildcard"));
  } catch {
    throw bad("is not a URL.");
  }
  if (url.username || url.password) throw bad("must not carry user information.");
  const authority = pattern.slice("https://".length).split(/[/?#]/, 1)[0] ?? "";
  const labels = authority.split(":", 1)[0]!.split(".");
  if (labels.length < 2 || labels.slice(-2).some((l) => l.includes("*") || !l))
    throw bad("must name its host's domain without a wildcard.");
}

export class CimdPolicyService {
  constructor(private readonly deps: { store: Store; clock: Clock; random: Random; pools: PoolService }) {}

  async create(i: {
    poolId: string;
    clientId: string;
    name: string;
    cacheDuration?: number;
    urlPatterns: string[];
  }): Promise<CimdPolicyRow> {
    await this.deps.pools.getClientOfPool(i.poolId, i.clientId);
    const patterns = checkPatterns(i.urlPatterns);
    const now = this.deps.clock.now().getTime();
    const row: CimdPolicyRow = {
      // The API reference's ID pattern is ^[a-z0-9]+$.
      id: this.deps.random.bytes(16).toString("hex"),
      poolId: i.poolId,
      clientId: i.clientId,
      name: i.name,
      cacheDuration: i.cacheDuration ?? DEFAULT_CACHE_DURATION,
      urlPatterns: patterns,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.cimdPolicies.create(row);
    return row;
  }

  async get(poolId: string, id: string): Promise<CimdPolicyRow> {
    const row = await this.deps.store.cimdPolicies.get(poolId, id);
    if (!row) throw new ResourceNotFoundException(`CIMD policy ${id} does not exist.`);
    return row;
  }

  /** UpdateCIMDPolicy: ClientId and URLPatterns replace; PolicyName and CacheDuration keep theirs when absent. */
  async update(i: {
    poolId: string;
    id: string;
    clientId: string;
    name?: string;
    cacheDuration?: number;
    urlPatterns: string[];
  }): Promise<CimdPolicyRow> {
    const current = await this.get(i.poolId, i.id);
    await this.deps.pools.getClientOfPool(i.poolId, i.clientId);
    const row: CimdPolicyRow = {
      ...current,
      clientId: i.clientId,
      name: i.name ?? current.name,
      cacheDuration: i.cacheDuration ?? current.cacheDuration,
      urlPatterns: checkPatterns(i.urlPatterns),
      updatedAt: this.deps.clock.now().getTime(),
    };
    if (!(await this.deps.store.cimdPolicies.update(row)))
      throw new ResourceNotFoundException(`CIMD policy ${i.id} does not exist.`);
    return row;
  }

  async delete(poolId: string, id: string): Promise<void> {
    if (!(await this.deps.store.cimdPolicies.delete(poolId, id)))
      throw new ResourceNotFoundException(`CIMD policy ${id} does not exist.`);
  }

  async list(poolId: string, limit: number, nextToken?: string): Promise<{ policies: CimdPolicyRow[]; next?: string }> {
    const after = decodeToken(nextToken);
    const rows = await this.deps.store.cimdPolicies.list(poolId, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit);
    return rows.length > limit ? { policies: page, next: encodeToken(page.at(-1)!.id) } : { policies: page };
  }

  async listUrls(
    poolId: string,
    id: string,
    limit: number,
    nextToken?: string,
  ): Promise<{ urls: ClientMetadataURLType[]; next?: string }> {
    await this.get(poolId, id);
    const after = decodeToken(nextToken);
    const rows = await this.deps.store.cimdPolicies.listDocuments(id, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit);
    const urls = page.map((r) => ({
      URL: r.url,
      CachedDate: new Date(r.cachedAt),
      ExpirationDate: new Date(r.expiresAt),
    }));
    return rows.length > limit ? { urls, next: encodeToken(page.at(-1)!.url) } : { urls };
  }

  /**
   * UpdateClientMetadataURLState. INVALIDATE drops the cached document; REFRESH would fetch it again, which this
   * server does not do (ADR 0033), so it is refused by name for a cached URL. Either answers
   * CachedCIMDURLDoesNotExistException for a URL with nothing cached.
   */
  async updateUrlState(poolId: string, id: string, url: string, action: "REFRESH" | "INVALIDATE"): Promise<void> {
    await this.get(poolId, id);
    const cached = await this.deps.store.cimdPolicies.getDocument(id, url);
    if (!cached) throw new CachedCIMDURLDoesNotExistException(`The URL ${url} has no cached document for this policy.`);
    if (action === "REFRESH")
      throw new InvalidParameterException(
        "Action REFRESH is not supported: this server does not fetch client metadata documents.",
      );
    await this.deps.store.cimdPolicies.deleteDocument(id, url);
  }

  async describe(row: CimdPolicyRow): Promise<CIMDPolicyType> {
    return {
      UserPoolId: row.poolId,
      CIMDPolicyId: row.id,
      ...(await this.clientIdIfPresent(row)),
      PolicyName: row.name,
      CacheDuration: row.cacheDuration,
      URLPatterns: row.urlPatterns,
      CreationDate: new Date(row.createdAt),
      LastModifiedDate: new Date(row.updatedAt),
    };
  }

  async summary(row: CimdPolicyRow): Promise<CIMDPolicySummaryType> {
    return {
      CIMDPolicyId: row.id,
      ...(await this.clientIdIfPresent(row)),
      PolicyName: row.name,
      CacheDuration: row.cacheDuration,
      CreationDate: new Date(row.createdAt),
      LastModifiedDate: new Date(row.updatedAt),
    };
  }

  /** "Amazon Cognito omits this value when the app client no longer exists" (CIMDPolicyType). */
  private async clientIdIfPresent(row: CimdPolicyRow): Promise<{ ClientId?: string }> {
    const client = await this.deps.pools.findClient(row.clientId);
    return client && client.poolId === row.poolId ? { ClientId: row.clientId } : {};
  }
}

function checkPatterns(patterns: string[]): string[] {
  for (const p of patterns) checkUrlPattern(p);
  return [...new Set(patterns)];
}
