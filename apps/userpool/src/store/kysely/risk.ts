import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { AuthEventRow, ChallengeOutcome, RiskStore } from "../risk.js";
import type { Database } from "../schema.js";

const toEvent = (r: Selectable<Database["auth_events"]>): AuthEventRow => ({
  eventId: r.event_id,
  poolId: r.pool_id,
  userId: r.user_id,
  type: r.event_type as AuthEventRow["type"],
  createdAt: r.created_at,
  response: r.response as AuthEventRow["response"],
  riskDecision: r.risk_decision as AuthEventRow["riskDecision"],
  riskLevel: r.risk_level as AuthEventRow["riskLevel"],
  compromised: r.compromised === 1,
  challenges: JSON.parse(r.challenges) as ChallengeOutcome[],
  ip: r.ip,
  deviceName: r.device_name,
  feedback:
    r.feedback_value && r.feedback_provider && r.feedback_at !== null
      ? { value: r.feedback_value as "Valid" | "Invalid", provider: r.feedback_provider, at: r.feedback_at }
      : null,
});

export function kyselyRiskStore(db: Kysely<Database>): RiskStore {
  const ofUser = (poolId: string, userId: string) =>
    db.selectFrom("auth_events").selectAll().where("pool_id", "=", poolId).where("user_id", "=", userId);
  return {
    async getConfiguration(poolId, clientId) {
      const r = await db
        .selectFrom("risk_configurations")
        .select(["configuration", "updated_at"])
        .where("pool_id", "=", poolId)
        .where("client_id", "=", clientId)
        .executeTakeFirst();
      return r && { configuration: r.configuration, updatedAt: r.updated_at };
    },
    async putConfiguration(poolId, clientId, configuration, now) {
      await db
        .insertInto("risk_configurations")
        .values({ pool_id: poolId, client_id: clientId, configuration, updated_at: now })
        .onConflict((oc) => oc.columns(["pool_id", "client_id"]).doUpdateSet({ configuration, updated_at: now }))
        .execute();
    },
    async deleteConfiguration(poolId, clientId) {
      await db
        .deleteFrom("risk_configurations")
        .where("pool_id", "=", poolId)
        .where("client_id", "=", clientId)
        .execute();
    },
    async insertEvent(e) {
      await db
        .insertInto("auth_events")
        .values({
          event_id: e.eventId,
          pool_id: e.poolId,
          user_id: e.userId,
          event_type: e.type,
          created_at: e.createdAt,
          response: e.response,
          risk_decision: e.riskDecision,
          risk_level: e.riskLevel,
          compromised: e.compromised ? 1 : 0,
          challenges: JSON.stringify(e.challenges),
          ip: e.ip,
          device_name: e.deviceName,
          feedback_value: e.feedback?.value ?? null,
          feedback_provider: e.feedback?.provider ?? null,
          feedback_at: e.feedback?.at ?? null,
        })
        .execute();
    },
    async updateEvent(poolId, userId, eventId, p) {
      const r = await db
        .updateTable("auth_events")
        .set({
          response: p.response,
          risk_decision: p.riskDecision,
          risk_level: p.riskLevel,
          challenges: JSON.stringify(p.challenges),
        })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async getEvent(poolId, userId, eventId) {
      const r = await ofUser(poolId, userId).where("event_id", "=", eventId).executeTakeFirst();
      return r && toEvent(r);
    },
    async listEvents(poolId, userId, limit, after) {
      let q = ofUser(poolId, userId);
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb("created_at", "<", after.createdAt),
            eb.and([eb("created_at", "=", after.createdAt), eb("event_id", "<", after.eventId)]),
          ]),
        );
      const rows = await q.orderBy("created_at", "desc").orderBy("event_id", "desc").limit(limit).execute();
      return rows.map(toEvent);
    },
    async recentEvents(poolId, userId, since, limit) {
      const rows = await ofUser(poolId, userId)
        .where("created_at", ">=", since)
        .orderBy("created_at", "desc")
        .orderBy("event_id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
    async setFeedback(poolId, userId, eventId, f) {
      const r = await db
        .updateTable("auth_events")
        .set({ feedback_value: f.value, feedback_provider: f.provider, feedback_at: f.at })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async purgeEventsBefore(before) {
      return deleteInBatches(db, "auth_events", sql<SqlBool>`created_at < ${before}`);
    },
  };
}
