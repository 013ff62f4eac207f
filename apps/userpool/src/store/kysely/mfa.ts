import type { Kysely, Selectable } from "kysely";
import type { MfaFactor, MfaStore, UserMfaRow } from "../mfa.js";
import type { Database } from "../schema.js";

export const toMfaRow = (r: Selectable<Database["user_mfa"]>): UserMfaRow => ({
  poolId: r.pool_id,
  userId: r.user_id,
  totpEnabled: Number(r.totp_enabled) === 1,
  emailEnabled: Number(r.email_enabled) === 1,
  smsEnabled: Number(r.sms_enabled) === 1,
  preferred: r.preferred as MfaFactor | null,
  totpSecretEnc: r.totp_secret_enc,
  totpPendingEnc: r.totp_pending_enc,
  totpDeviceName: r.totp_device_name,
  totpLastStep: Number(r.totp_last_step),
  updatedAt: Number(r.updated_at),
});

export function kyselyMfaStore(db: Kysely<Database>): MfaStore {
  return {
    async get(poolId, userId) {
      const r = await db
        .selectFrom("user_mfa")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return r && toMfaRow(r);
    },
    async setPreferences(poolId, userId, p, now) {
      const values = {
        totp_enabled: p.totpEnabled ? 1 : 0,
        email_enabled: p.emailEnabled ? 1 : 0,
        sms_enabled: p.smsEnabled ? 1 : 0,
        preferred: p.preferred,
        updated_at: now,
      };
      await db
        .insertInto("user_mfa")
        .values({ user_id: userId, pool_id: poolId, ...values })
        .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
        .execute();
    },
    async setPendingTotp(poolId, userId, secretEnc, now) {
      await db
        .insertInto("user_mfa")
        .values({ user_id: userId, pool_id: poolId, totp_pending_enc: secretEnc, updated_at: now })
        .onConflict((oc) => oc.column("user_id").doUpdateSet({ totp_pending_enc: secretEnc, updated_at: now }))
        .execute();
    },
    async activateTotp(poolId, userId, a) {
      const r = await db
        .updateTable("user_mfa")
        .set((eb) => ({
          totp_secret_enc: eb.ref("totp_pending_enc"),
          totp_pending_enc: null,
          totp_device_name: a.deviceName,
          totp_last_step: a.step,
          ...(a.enable ? { totp_enabled: 1 } : {}),
          updated_at: a.now,
        }))
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("totp_pending_enc", "=", a.pendingEnc)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async useTotpStep(poolId, userId, secretEnc, step) {
      // The secret is part of the condition: a step recorded for a secret since replaced says nothing.
      const r = await db
        .updateTable("user_mfa")
        .set({ totp_last_step: step })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("totp_secret_enc", "=", secretEnc)
        .where("totp_last_step", "<", step)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteTotp(poolId, userId, now) {
      await db
        .updateTable("user_mfa")
        .set((eb) => ({
          totp_secret_enc: null,
          totp_pending_enc: null,
          totp_device_name: null,
          totp_enabled: 0,
          totp_last_step: -1,
          preferred: eb.case().when("preferred", "=", "SOFTWARE_TOKEN_MFA").then(null).else(eb.ref("preferred")).end(),
          updated_at: now,
        }))
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .execute();
    },
  };
}
