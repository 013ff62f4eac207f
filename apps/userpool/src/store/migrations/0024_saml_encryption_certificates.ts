import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Each pool's SAML encryption certificate, apart from its signing certificate (ADR 0048): IdPs encrypt
 * assertions to it (Describe's ActiveEncryptionCertificate), and only it decrypts them. Goes with its pool.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("saml_encryption_certificates")
    .addColumn("pool_id", "varchar(55)", (c) => c.primaryKey().references("user_pools.id").onDelete("cascade"))
    .addColumn("certificate", "text", (c) => c.notNull())
    .addColumn("private_enc", "text", (c) => c.notNull())
    .addColumn("created_at", pg ? "bigint" : "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("saml_encryption_certificates").execute();
}
