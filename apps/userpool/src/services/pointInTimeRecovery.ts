/**
 * Point-in-time recovery (Initiate/Start/Cancel/DescribePointInTimeRecovery, ListPointInTimeRecoveries) from the
 * users' change log (store/userHistory.ts): a real restore of a pool's users, their attributes, status and aliases,
 * to a time. What it does not restore, and how it differs from Cognito's, is in ADR 0032.
 */
import type { RestorationDescriptionType, RestorationType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import {
  FeatureUnavailableInTierException,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { RecoveryRow, RestoreStatus, Store } from "../store/index.js";
import type { Pool } from "./pools.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** "The recovery point must be at least 15 minutes in the past" (API reference, InitiatePointInTimeRecovery). */
export const MIN_RECOVERY_AGE_MS = 15 * MINUTE;
/** "Within 24 hours after you initiate the recovery, apply it ... or discard it" (RestorationType). */
export const PREVIEW_LIFETIME_MS = DAY;
/** Essentials recovers up to 1 day back, Plus up to 14 (InitiatePointInTimeRecovery). */
const WINDOW_MS = { ESSENTIALS: DAY, PLUS: 14 * DAY } as const;
/** The change log is kept this long: the longest window of any feature plan (housekeeping trims the rest). */
export const RECOVERY_WINDOW_MS = WINDOW_MS.PLUS;
/** ListPointInTimeRecoveries: "Valid values are 1 through 60. The default value is 60." */
export const MAX_RECOVERIES_PAGE = 60;

const ACTIVE: ReadonlySet<RestoreStatus> = new Set(["PREVIEW_GENERATING", "PREVIEW_GENERATED", "RESTORING"]);

export class PointInTimeRecoveryService {
  constructor(private readonly deps: { store: Store; clock: Clock; random: Random }) {}

  /** Checks the recovery point, counts what it changes (the preview), and records the recovery. */
  async initiate(pool: Pool, restoreTimestamp: Date): Promise<RestorationType> {
    const tier = pool.settings.UserPoolTier;
    if (tier === "LITE")
      throw new FeatureUnavailableInTierException(
        "Point-in-time recovery requires the Essentials or Plus feature plan (UserPoolTier).",
      );
    const now = this.now();
    const at = restoreTimestamp.getTime();
    if (at > now - MIN_RECOVERY_AGE_MS)
      throw new InvalidParameterException("RestoreTimestamp must be at least 15 minutes in the past.");
    if (at < now - WINDOW_MS[tier])
      throw new InvalidParameterException(
        `RestoreTimestamp is too far in the past: the ${tier} feature plan recovers up to ` +
          `${WINDOW_MS[tier] / DAY} day(s) back.`,
      );
    const since = await this.earliestRecoveryPoint(pool);
    if (at < since)
      throw new InvalidParameterException(
        `RestoreTimestamp can't be earlier than ${new Date(since).toISOString()}, ` +
          "the creation of the user pool or the start of its change log.",
      );
    for (const r of await this.deps.store.recoveries.list(pool.id, MAX_RECOVERIES_PAGE))
      if (ACTIVE.has(this.statusOf(r, now)))
        throw new LimitExceededException(
          `User pool ${pool.id} already has an active recovery (${r.restoreId}); a user pool can have only one.`,
        );
    const row: RecoveryRow = {
      restoreId: this.deps.random.uuid(),
      poolId: pool.id,
      status: "PREVIEW_GENERATED",
      restoreTimestamp: at,
      triggerTimestamp: now,
      preview: await this.deps.store.recoveries.preview(pool.id, at),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.recoveries.create(row);
    return restoration(row);
  }

  async describe(pool: Pool, restoreId: string): Promise<RestorationType> {
    return restoration(await this.get(pool, restoreId));
  }

  /** Applies a generated preview: every user changed since the recovery point is put back as it was then. */
  async start(pool: Pool, restoreId: string): Promise<RestorationType> {
    const r = await this.get(pool, restoreId);
    this.expectGenerated(r, "started");
    if (!(await this.deps.store.recoveries.setStatus(r.restoreId, "PREVIEW_GENERATED", "RESTORING", this.now())))
      throw new InvalidParameterException(`Recovery ${restoreId} changed meanwhile; describe it again.`);
    try {
      await this.deps.store.recoveries.restoreUsers(pool.id, r.restoreTimestamp, this.now());
    } catch (e) {
      // The restore is one transaction: nothing changed, so the preview can be started again.
      await this.deps.store.recoveries.setStatus(r.restoreId, "RESTORING", "PREVIEW_GENERATED", this.now());
      throw e;
    }
    await this.deps.store.recoveries.setStatus(r.restoreId, "RESTORING", "RESTORE_COMPLETED", this.now());
    return this.describe(pool, restoreId);
  }

  async cancel(pool: Pool, restoreId: string): Promise<RestorationType> {
    const r = await this.get(pool, restoreId);
    this.expectGenerated(r, "cancelled");
    if (
      !(await this.deps.store.recoveries.setStatus(r.restoreId, "PREVIEW_GENERATED", "PREVIEW_CANCELLED", this.now()))
    )
      throw new InvalidParameterException(`Recovery ${restoreId} changed meanwhile; describe it again.`);
    return this.describe(pool, restoreId);
  }

  async list(
    pool: Pool,
    maxResults: number,
    nextToken?: string,
  ): Promise<{ Restorations: RestorationDescriptionType[]; NextToken?: string }> {
    const before = nextToken === undefined ? undefined : decodeCursor(nextToken);
    const rows = await this.deps.store.recoveries.list(pool.id, maxResults + 1, before);
    const page = rows.slice(0, maxResults);
    const now = this.now();
    const last = page.at(-1);
    return {
      Restorations: page.map((r) => ({
        RestoreId: r.restoreId,
        RestoreStatus: this.statusOf(r, now),
        RestoreTimestamp: new Date(r.restoreTimestamp),
      })),
      ...(rows.length > maxResults && last ? { NextToken: encodeCursor(last) } : {}),
    };
  }

  /** The pool's creation, or for a pool older than the change log, its users' last change when the log began. */
  private async earliestRecoveryPoint(pool: Pool): Promise<number> {
    const doc = await this.deps.store.administration.getPoolDocument(pool.id, "recoverySince");
    return Math.max(pool.createdAt.getTime(), typeof doc?.since === "number" ? doc.since : 0);
  }

  private async get(pool: Pool, restoreId: string): Promise<RecoveryRow> {
    const r = await this.deps.store.recoveries.get(pool.id, restoreId);
    if (!r) throw new ResourceNotFoundException(`Recovery ${restoreId} does not exist.`);
    const status = this.statusOf(r, this.now());
    return { ...r, status };
  }

  private expectGenerated(r: RecoveryRow, verb: string): void {
    if (r.status !== "PREVIEW_GENERATED")
      throw new InvalidParameterException(
        `Recovery ${r.restoreId} is ${r.status}; only a PREVIEW_GENERATED recovery can be ${verb}.`,
      );
  }

  /** A preview neither started nor cancelled within 24 hours has expired. */
  private statusOf(r: RecoveryRow, now: number): RestoreStatus {
    return r.status === "PREVIEW_GENERATED" && now >= r.createdAt + PREVIEW_LIFETIME_MS ? "PREVIEW_EXPIRED" : r.status;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}

function restoration(r: RecoveryRow): RestorationType {
  return {
    RestoreId: r.restoreId,
    RestoreStatus: r.status,
    RestoreTimestamp: new Date(r.restoreTimestamp),
    TriggerTimestamp: new Date(r.triggerTimestamp),
    // Only users are logged, so the preview names only them (RestorePreviewType's `Users` entity).
    RestorePreview: [
      { Entity: "Users", CreateCount: r.preview.create, UpdateCount: r.preview.update, DeleteCount: r.preview.delete },
    ],
  };
}

const encodeCursor = (r: RecoveryRow): string =>
  Buffer.from(`${r.createdAt}.${r.restoreId}`, "utf8").toString("base64url");

function decodeCursor(token: string): { createdAt: number; restoreId: string } {
  const m = /^(\d{1,16})\.([0-9a-f-]{36})$/u.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw new InvalidParameterException("Invalid NextToken.");
  return { createdAt: Number(m[1]), restoreId: m[2]! };
}
