/** Resource servers and their custom scopes (Create/Describe/List/Update/DeleteResourceServer). */
import type { ResourceServerScopeType, ResourceServerType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { InvalidParameterException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { StoreConflictError, type ResourceServerRow, type Store } from "../store/index.js";

const encodeToken = (s: string) => Buffer.from(s, "utf8").toString("base64url");

export class ResourceServerService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async create(
    poolId: string,
    identifier: string,
    name: string,
    scopes: ResourceServerScopeType[] = [],
  ): Promise<ResourceServerRow> {
    const now = this.deps.clock.now().getTime();
    const row: ResourceServerRow = {
      poolId,
      identifier,
      name,
      scopes: normalizeScopes(scopes),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.resourceServers.create(row);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "resource-server")
        throw new InvalidParameterException(`${identifier} already exists in user pool ${poolId}.`);
      throw e;
    }
    return row;
  }

  async get(poolId: string, identifier: string): Promise<ResourceServerRow> {
    const r = await this.deps.store.resourceServers.get(poolId, identifier);
    if (!r) throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
    return r;
  }

  async update(
    poolId: string,
    identifier: string,
    name: string,
    scopes: ResourceServerScopeType[] = [],
  ): Promise<ResourceServerRow> {
    const current = await this.get(poolId, identifier);
    const row = { ...current, name, scopes: normalizeScopes(scopes), updatedAt: this.deps.clock.now().getTime() };
    if (!(await this.deps.store.resourceServers.update(row)))
      throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
    return row;
  }

  async delete(poolId: string, identifier: string): Promise<void> {
    if (!(await this.deps.store.resourceServers.delete(poolId, identifier)))
      throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
  }

  async list(
    poolId: string,
    limit: number,
    nextToken?: string,
  ): Promise<{ servers: ResourceServerRow[]; nextToken?: string }> {
    const after = nextToken === undefined ? undefined : Buffer.from(nextToken, "base64url").toString("utf8");
    if (nextToken !== undefined && (!after || encodeToken(after) !== nextToken))
      throw new InvalidParameterException("Invalid NextToken.");
    const rows = await this.deps.store.resourceServers.list(poolId, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit);
    return rows.length > limit ? { servers: page, nextToken: encodeToken(page.at(-1)!.identifier) } : { servers: page };
  }

  async scopeExists(poolId: string, identifier: string, scopeName: string): Promise<boolean> {
    const r = await this.deps.store.resourceServers.get(poolId, identifier);
    return !!r?.scopes.some((s) => s.ScopeName === scopeName);
  }

  describe(r: ResourceServerRow): ResourceServerType {
    return { UserPoolId: r.poolId, Identifier: r.identifier, Name: r.name, Scopes: r.scopes };
  }
}

function normalizeScopes(scopes: ResourceServerScopeType[]): { ScopeName: string; ScopeDescription: string }[] {
  const seen = new Set<string>();
  return scopes.map((s) => {
    if (seen.has(s.ScopeName!)) throw new InvalidParameterException(`Scope ${s.ScopeName} is listed twice.`);
    seen.add(s.ScopeName!);
    return { ScopeName: s.ScopeName!, ScopeDescription: s.ScopeDescription! };
  });
}
