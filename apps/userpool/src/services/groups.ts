/**
 * User pool groups: CRUD, membership, and the claims they put in tokens (developer guide, "Adding
 * groups to a user pool"): `cognito:groups` in the ID and access tokens; `cognito:roles` and
 * `cognito:preferred_role` in the ID token when groups carry IAM roles. The preferred role is that
 * of the group with the lowest precedence; two groups tied at that precedence with different roles
 * leave it unset.
 */
import type { GroupType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { GroupExistsException, InvalidParameterException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { StoreConflictError, type GroupRow, type Store, type UserRow } from "../store/index.js";
import type { Pool } from "./pools.js";

export interface GroupSettings {
  description?: string | undefined;
  roleArn?: string | undefined;
  precedence?: number | undefined;
}

const encodeToken = (s: string) => Buffer.from(s, "utf8").toString("base64url");
function decodeToken(t: string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const s = Buffer.from(t, "base64url").toString("utf8");
  if (!s || encodeToken(s) !== t) throw new InvalidParameterException("Invalid pagination token.");
  return s;
}

/** Precedence ascending, groups without one last, then by name (a stable order for the claim). */
function byPrecedence(a: GroupRow, b: GroupRow): number {
  const pa = a.precedence ?? Number.POSITIVE_INFINITY;
  const pb = b.precedence ?? Number.POSITIVE_INFINITY;
  return pa !== pb ? pa - pb : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The group claims of a user: empty when the user is in no group (no claim at all, as Cognito). */
export function groupClaims(groups: readonly GroupRow[]): {
  id: Record<string, unknown>;
  access: Record<string, unknown>;
} {
  if (!groups.length) return { id: {}, access: {} };
  const sorted = [...groups].sort(byPrecedence);
  const names = sorted.map((g) => g.name);
  const id: Record<string, unknown> = { "cognito:groups": names };
  const withRoles = sorted.filter((g) => g.roleArn);
  if (withRoles.length) {
    id["cognito:roles"] = [...new Set(withRoles.map((g) => g.roleArn!))];
    const best = withRoles[0]!.precedence;
    const tied = new Set(withRoles.filter((g) => g.precedence === best).map((g) => g.roleArn));
    if (tied.size === 1) id["cognito:preferred_role"] = withRoles[0]!.roleArn;
  }
  return { id, access: { "cognito:groups": names } };
}

export class GroupService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  toGroupType(g: GroupRow): GroupType {
    return {
      GroupName: g.name,
      UserPoolId: g.poolId,
      ...(g.description !== null ? { Description: g.description } : {}),
      ...(g.roleArn !== null ? { RoleArn: g.roleArn } : {}),
      ...(g.precedence !== null ? { Precedence: g.precedence } : {}),
      LastModifiedDate: new Date(g.updatedAt),
      CreationDate: new Date(g.createdAt),
    };
  }

  async create(pool: Pool, name: string, s: GroupSettings): Promise<GroupRow> {
    const now = this.deps.clock.now().getTime();
    const row: GroupRow = {
      poolId: pool.id,
      name,
      description: s.description ?? null,
      roleArn: s.roleArn ?? null,
      precedence: s.precedence ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.groups.create(row);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "group")
        throw new GroupExistsException("A group with the name already exists.");
      throw e;
    }
    return row;
  }

  async get(pool: Pool, name: string): Promise<GroupRow> {
    const g = await this.deps.store.groups.get(pool.id, name);
    if (!g) throw new ResourceNotFoundException("Group not found.");
    return g;
  }

  /**
   * UpdateGroup: "If you don't provide a value for an attribute, it will be set to the default
   * value" (API reference, UpdateGroup), like UpdateUserPool and UpdateUserPoolClient.
   */
  async update(pool: Pool, name: string, s: GroupSettings): Promise<GroupRow> {
    const current = await this.get(pool, name);
    const next = {
      description: s.description ?? null,
      roleArn: s.roleArn ?? null,
      precedence: s.precedence ?? null,
      updatedAt: this.deps.clock.now().getTime(),
    };
    if (!(await this.deps.store.groups.update(pool.id, name, next)))
      throw new ResourceNotFoundException("Group not found.");
    return { ...current, ...next };
  }

  async delete(pool: Pool, name: string): Promise<void> {
    if (!(await this.deps.store.groups.delete(pool.id, name))) throw new ResourceNotFoundException("Group not found.");
  }

  async list(pool: Pool, limit: number, nextToken?: string): Promise<{ groups: GroupRow[]; nextToken?: string }> {
    const after = decodeToken(nextToken);
    const rows = await this.deps.store.groups.list(pool.id, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit);
    return rows.length > limit ? { groups: page, nextToken: encodeToken(page.at(-1)!.name) } : { groups: page };
  }

  async addUser(pool: Pool, name: string, user: UserRow): Promise<void> {
    await this.get(pool, name);
    if (!(await this.deps.store.groups.addMember(pool.id, name, user.id)))
      throw new ResourceNotFoundException("Group not found.");
  }

  async removeUser(pool: Pool, name: string, user: UserRow): Promise<void> {
    await this.get(pool, name);
    await this.deps.store.groups.removeMember(pool.id, name, user.id);
  }

  /** AdminListGroupsForUser: the user's groups by name, paged. */
  async groupsOf(
    pool: Pool,
    user: UserRow,
    limit: number,
    nextToken?: string,
  ): Promise<{ groups: GroupRow[]; nextToken?: string }> {
    const after = decodeToken(nextToken);
    const all = await this.deps.store.groups.groupsOf(pool.id, user.id);
    const rest = after === undefined ? all : all.filter((g) => g.name > after);
    const page = rest.slice(0, limit);
    return rest.length > limit ? { groups: page, nextToken: encodeToken(page.at(-1)!.name) } : { groups: page };
  }

  async members(
    pool: Pool,
    name: string,
    limit: number,
    nextToken?: string,
  ): Promise<{ users: UserRow[]; nextToken?: string }> {
    await this.get(pool, name);
    const after = decodeToken(nextToken);
    const rows = await this.deps.store.groups.membersOf(pool.id, name, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit);
    return rows.length > limit ? { users: page, nextToken: encodeToken(page.at(-1)!.usernameKey) } : { users: page };
  }
}
