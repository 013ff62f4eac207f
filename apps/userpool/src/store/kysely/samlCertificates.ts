import type { Kysely } from "kysely";
import type { SamlCertificateStore } from "../samlCertificates.js";
import type { Database } from "../schema.js";
import { asConflict } from "./conflict.js";

/** The signing certificates' table, or (same shape) the encryption certificates'. */
export function kyselySamlCertificateStore(
  db: Kysely<Database>,
  table: "saml_signing_certificates" | "saml_encryption_certificates" = "saml_signing_certificates",
): SamlCertificateStore {
  return {
    async get(poolId) {
      const r = await db.selectFrom(table).selectAll().where("pool_id", "=", poolId).executeTakeFirst();
      return r && { poolId: r.pool_id, certificate: r.certificate, privateEnc: r.private_enc, createdAt: r.created_at };
    },
    async insertIfAbsent(r) {
      try {
        await db
          .insertInto(table)
          .values({ pool_id: r.poolId, certificate: r.certificate, private_enc: r.privateEnc, created_at: r.createdAt })
          .execute();
        return true;
      } catch (err) {
        if (asConflict(err)) return false;
        throw err;
      }
    },
  };
}
