/**
 * User pool domains (CreateUserPoolDomain / DescribeUserPoolDomain / DeleteUserPoolDomain). A pool
 * serves its hosted UI and OAuth endpoints only once it has a domain, as in Cognito. This server
 * answers on one public base (USERPOOL_HOSTED_BASE) for every pool, so the domain is the pool's
 * switch and its name; the app client in each request picks the pool.
 */
import type { DomainDescriptionType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { InvalidParameterException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { StoreConflictError, type DomainRow, type Store } from "../store/index.js";
import type { PublicUrls } from "./urls.js";

/** Cognito's prefix domains: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const FQDN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// Cognito reserves the word for its own domains ("aws", "amazon" and "cognito" may not appear in a prefix).
const RESERVED = /aws|amazon|cognito/;

export class DomainService {
  constructor(private readonly deps: { store: Store; clock: Clock; urls: PublicUrls }) {}

  async create(
    poolId: string,
    domain: string,
    customDomainConfig?: { CertificateArn?: string },
    managedLoginVersion = 1,
  ): Promise<DomainRow> {
    const custom = customDomainConfig !== undefined;
    if (custom ? !FQDN.test(domain) : !PREFIX.test(domain) || RESERVED.test(domain)) {
      throw new InvalidParameterException(
        custom
          ? `Domain ${domain} is not a valid fully qualified domain name.`
          : `Domain ${domain} must be lower-case letters, digits and hyphens ` +
              "and must not contain aws, amazon or cognito.",
      );
    }
    const row: DomainRow = {
      domain,
      poolId,
      customDomainConfig: customDomainConfig ?? null,
      managedLoginVersion,
      createdAt: this.deps.clock.now().getTime(),
    };
    try {
      await this.deps.store.domains.create(row);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "domain") {
        const existing = await this.deps.store.domains.getForPool(poolId);
        throw new InvalidParameterException(
          existing
            ? `User pool ${poolId} already has a domain configured.`
            : `Domain already associated with another user pool.`,
        );
      }
      throw e;
    }
    return row;
  }

  forPool(poolId: string): Promise<DomainRow | undefined> {
    return this.deps.store.domains.getForPool(poolId);
  }

  get(domain: string): Promise<DomainRow | undefined> {
    return this.deps.store.domains.get(domain);
  }

  /**
   * UpdateUserPoolDomain: the managed login version of any domain and the certificate of a custom domain; the
   * name never changes (API reference, UpdateUserPoolDomain: delete and create to change it).
   */
  async update(
    poolId: string,
    domain: string,
    change: { customDomainConfig?: { CertificateArn?: string }; managedLoginVersion?: number },
  ): Promise<DomainRow> {
    const row = await this.deps.store.domains.getForPool(poolId);
    if (!row || row.domain !== domain)
      throw new ResourceNotFoundException(`Domain ${domain} does not exist in user pool ${poolId}.`);
    if (change.customDomainConfig && !row.customDomainConfig)
      throw new InvalidParameterException(
        `Domain ${domain} is a prefix domain: CustomDomainConfig applies to custom domains only.`,
      );
    const updated: DomainRow = {
      ...row,
      customDomainConfig: change.customDomainConfig ?? row.customDomainConfig,
      managedLoginVersion: change.managedLoginVersion ?? row.managedLoginVersion,
    };
    if (!(await this.deps.store.domains.update(poolId, domain, updated)))
      throw new ResourceNotFoundException(`Domain ${domain} does not exist in user pool ${poolId}.`);
    return updated;
  }

  async delete(poolId: string, domain: string): Promise<void> {
    if (!(await this.deps.store.domains.delete(poolId, domain)))
      throw new ResourceNotFoundException(`Domain ${domain} does not exist in user pool ${poolId}.`);
  }

  /** DomainDescriptionType: CloudFront names point at this server's hosted base. */
  describe(row: DomainRow): DomainDescriptionType {
    const hosted = this.deps.urls.hosted();
    const host = hosted ? new URL(hosted).host : "";
    return {
      UserPoolId: row.poolId,
      AWSAccountId: "000000000000",
      Domain: row.domain,
      S3Bucket: "",
      CloudFrontDistribution: host,
      Version: String(row.createdAt),
      Status: "ACTIVE",
      ManagedLoginVersion: row.managedLoginVersion,
      ...(row.customDomainConfig ? { CustomDomainConfig: row.customDomainConfig as { CertificateArn: string } } : {}),
    };
  }
}
