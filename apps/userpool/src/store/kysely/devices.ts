import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { DeviceRow, DeviceStatus, DeviceStore } from "../devices.js";
import type { Database } from "../schema.js";

const toDevice = (r: Selectable<Database["user_devices"]>): DeviceRow => ({
  deviceKey: r.device_key,
  poolId: r.pool_id,
  userId: r.user_id,
  groupKey: r.group_key,
  name: r.name,
  status: r.status as DeviceStatus,
  salt: r.salt,
  verifierEnc: r.verifier_enc,
  lastIp: r.last_ip,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastAuthenticatedAt: r.last_authenticated_at,
  confirmedAt: r.confirmed_at,
});

export function kyselyDeviceStore(db: Kysely<Database>): DeviceStore {
  return {
    async insert(d) {
      await db
        .insertInto("user_devices")
        .values({
          device_key: d.deviceKey,
          pool_id: d.poolId,
          user_id: d.userId,
          group_key: d.groupKey,
          name: d.name,
          status: d.status,
          salt: d.salt,
          verifier_enc: d.verifierEnc,
          last_ip: d.lastIp,
          created_at: d.createdAt,
          updated_at: d.updatedAt,
          last_authenticated_at: d.lastAuthenticatedAt,
          confirmed_at: d.confirmedAt,
        })
        .execute();
    },
    async get(poolId, deviceKey) {
      const r = await db
        .selectFrom("user_devices")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("device_key", "=", deviceKey)
        .executeTakeFirst();
      return r && toDevice(r);
    },
    async listConfirmed(poolId, userId, limit, afterKey) {
      let q = db
        .selectFrom("user_devices")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("confirmed_at", "is not", null);
      if (afterKey !== undefined) q = q.where("device_key", ">", afterKey);
      const rows = await q.orderBy("device_key").limit(limit).execute();
      return rows.map(toDevice);
    },
    async confirm(poolId, userId, deviceKey, c) {
      // Confirmed once: a second ConfirmDevice cannot swap the verifier of a device already in use.
      const r = await db
        .updateTable("user_devices")
        .set({
          name: c.name,
          status: c.status,
          salt: c.salt,
          verifier_enc: c.verifierEnc,
          last_ip: c.ip,
          confirmed_at: c.now,
          updated_at: c.now,
        })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("device_key", "=", deviceKey)
        .where("confirmed_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async setStatus(poolId, userId, deviceKey, status, now) {
      const r = await db
        .updateTable("user_devices")
        .set({ status, updated_at: now })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("device_key", "=", deviceKey)
        .where("confirmed_at", "is not", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async touch(poolId, deviceKey, now, ip) {
      await db
        .updateTable("user_devices")
        .set({ last_authenticated_at: now, ...(ip ? { last_ip: ip } : {}) })
        .where("pool_id", "=", poolId)
        .where("device_key", "=", deviceKey)
        .execute();
    },
    async delete(poolId, userId, deviceKey) {
      return db.transaction().execute(async (trx) => {
        const sessions = await trx
          .selectFrom("device_sessions")
          .selectAll()
          .where("pool_id", "=", poolId)
          .where("device_key", "=", deviceKey)
          .execute();
        const r = await trx
          .deleteFrom("user_devices")
          .where("pool_id", "=", poolId)
          .where("user_id", "=", userId)
          .where("device_key", "=", deviceKey)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) !== 1) return undefined;
        return sessions.map((s) => ({
          originJti: s.origin_jti,
          poolId: s.pool_id,
          deviceKey: s.device_key,
          expiresAt: s.expires_at,
        }));
      });
    },
    async bindSession(s) {
      await db
        .insertInto("device_sessions")
        .values({ origin_jti: s.originJti, pool_id: s.poolId, device_key: s.deviceKey, expires_at: s.expiresAt })
        .execute();
    },
    async sessionDevice(originJti) {
      const r = await db
        .selectFrom("device_sessions")
        .selectAll()
        .where("origin_jti", "=", originJti)
        .executeTakeFirst();
      return r && { originJti: r.origin_jti, poolId: r.pool_id, deviceKey: r.device_key, expiresAt: r.expires_at };
    },
    async purgeExpired(now, unconfirmedBefore) {
      const a = await deleteInBatches(db, "device_sessions", sql<SqlBool>`expires_at <= ${now}`);
      const b = await deleteInBatches(
        db,
        "user_devices",
        sql<SqlBool>`confirmed_at is null and created_at <= ${unconfirmedBefore}`,
      );
      return a + b;
    },
  };
}
