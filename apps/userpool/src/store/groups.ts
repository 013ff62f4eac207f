import type { UserRow } from "./users.js";

export interface GroupRow {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface GroupStore {
  /** Fails with StoreConflictError("group") when the pool already has a group of that name. */
  create(g: GroupRow): Promise<void>;
  get(poolId: string, name: string): Promise<GroupRow | undefined>;
  /** Ordered by name; `after` is the last name of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<GroupRow[]>;
  update(
    poolId: string,
    name: string,
    patch: { description: string | null; roleArn: string | null; precedence: number | null; updatedAt: number },
  ): Promise<boolean>;
  /** Deletes the group and its memberships. */
  delete(poolId: string, name: string): Promise<boolean>;
  /** Idempotent; false when the group does not exist. */
  addMember(poolId: string, name: string, userId: string): Promise<boolean>;
  removeMember(poolId: string, name: string, userId: string): Promise<boolean>;
  /** Every group of the user, ordered by name. */
  groupsOf(poolId: string, userId: string): Promise<GroupRow[]>;
  /** Members ordered by username key; `after` is the last username key of the previous page. */
  membersOf(poolId: string, name: string, opts: { limit: number; after?: string }): Promise<UserRow[]>;
}
