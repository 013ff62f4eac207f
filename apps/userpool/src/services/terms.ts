/**
 * Terms documents (CreateTerms and friends): per app client, one `terms-of-use` and one `privacy-policy`, each
 * a map of managed-login languages to links. The hosted sign-up page shows them once both exist (API
 * reference, CreateTerms: "You must provide both types of terms documents in at least one language before
 * Amazon Cognito displays your terms documents"), requires the box ticked, and records the acceptance (ADR 0030).
 */
import type { TermsDescriptionType, TermsType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { InvalidParameterException, ResourceNotFoundException, TermsExistsException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import { StoreConflictError, type Store, type TermsAcceptanceRow, type TermsRow } from "../store/index.js";
import type { PoolService } from "./pools.js";

export const TERMS_NAMES = ["terms-of-use", "privacy-policy"] as const;

export interface TermsInput {
  TermsName?: string | undefined;
  TermsSource?: string | undefined;
  Enforcement?: string | undefined;
  Links?: Record<string, string> | undefined;
}

/** What the sign-up page shows: the two documents' links for the page's language. */
export interface SignUpTerms {
  termsOfUse: TermsRow;
  privacyPolicy: TermsRow;
}

export class TermsService {
  constructor(private readonly deps: { store: Store; clock: Clock; random: Random; pools: PoolService }) {}

  async create(
    poolId: string,
    clientId: string,
    input: { TermsName: string; TermsSource: string; Enforcement: string; Links?: Record<string, string> | undefined },
  ): Promise<TermsType> {
    await this.deps.pools.getPool(poolId);
    await this.deps.pools.getClientOfPool(poolId, clientId);
    const now = this.deps.clock.now().getTime();
    const row: TermsRow = {
      id: this.deps.random.uuid(),
      poolId,
      clientId,
      termsName: input.TermsName,
      termsSource: input.TermsSource,
      enforcement: input.Enforcement,
      links: checkLinks(input.Links),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.terms.create(row);
    } catch (e) {
      throw mapExists(e, row);
    }
    return describe(row);
  }

  async describe(poolId: string, termsId: string): Promise<TermsType> {
    return describe(await this.get(poolId, termsId));
  }

  async describeByClient(poolId: string, clientId: string, termsName: string): Promise<TermsType> {
    await this.deps.pools.getPool(poolId);
    const row = await this.deps.store.terms.getByClient(poolId, clientId, termsName);
    if (!row) throw new ResourceNotFoundException(`Terms ${termsName} do not exist for app client ${clientId}.`);
    return describe(row);
  }

  async list(
    poolId: string,
    maxResults: number,
    nextToken: string | undefined,
  ): Promise<{ Terms: TermsDescriptionType[]; NextToken?: string }> {
    await this.deps.pools.getPool(poolId);
    const after = nextToken === undefined ? undefined : decodeToken(nextToken);
    const rows = await this.deps.store.terms.list(poolId, maxResults + 1, after);
    const page = rows.slice(0, maxResults);
    return {
      Terms: page.map((r) => ({
        TermsId: r.id,
        TermsName: r.termsName,
        Enforcement: r.enforcement as TermsDescriptionType["Enforcement"],
        CreationDate: new Date(r.createdAt),
        LastModifiedDate: new Date(r.updatedAt),
      })),
      ...(rows.length > maxResults ? { NextToken: Buffer.from(page.at(-1)!.id).toString("base64url") } : {}),
    };
  }

  /** UpdateTerms: the members given replace the stored ones; a new LastModifiedDate is a new version. */
  async update(poolId: string, termsId: string, input: TermsInput): Promise<TermsType> {
    const old = await this.get(poolId, termsId);
    const row: TermsRow = {
      ...old,
      termsName: input.TermsName ?? old.termsName,
      termsSource: input.TermsSource ?? old.termsSource,
      enforcement: input.Enforcement ?? old.enforcement,
      links: input.Links ? checkLinks(input.Links) : old.links,
      updatedAt: Math.max(this.deps.clock.now().getTime(), old.updatedAt + 1),
    };
    try {
      if (!(await this.deps.store.terms.update(row)))
        throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`);
    } catch (e) {
      throw mapExists(e, row);
    }
    return describe(row);
  }

  async delete(poolId: string, termsId: string): Promise<void> {
    await this.deps.pools.getPool(poolId);
    if (!(await this.deps.store.terms.delete(poolId, termsId)))
      throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`);
  }

  /** The documents the sign-up page of this client shows, when both exist. */
  async forSignUp(poolId: string, clientId: string): Promise<SignUpTerms | undefined> {
    const rows = await this.deps.store.terms.listForClient(poolId, clientId);
    const termsOfUse = rows.find((r) => r.termsName === "terms-of-use");
    const privacyPolicy = rows.find((r) => r.termsName === "privacy-policy");
    return termsOfUse && privacyPolicy ? { termsOfUse, privacyPolicy } : undefined;
  }

  /** Records that the user accepted these versions of both documents at sign-up. */
  async recordAcceptance(userId: string, terms: SignUpTerms): Promise<void> {
    // A sign-up answered without creating anyone (user-existence protection) has nothing to record.
    if (!(await this.deps.store.users.getById(terms.termsOfUse.poolId, userId))) return;
    const at = this.deps.clock.now().getTime();
    for (const t of [terms.termsOfUse, terms.privacyPolicy])
      await this.deps.store.terms.recordAcceptance({
        poolId: t.poolId,
        userId,
        clientId: t.clientId,
        termsId: t.id,
        termsName: t.termsName,
        termsVersion: t.updatedAt,
        links: t.links,
        acceptedAt: at,
      });
  }

  acceptances(poolId: string, userId: string): Promise<TermsAcceptanceRow[]> {
    return this.deps.store.terms.acceptances(poolId, userId);
  }

  private async get(poolId: string, termsId: string): Promise<TermsRow> {
    await this.deps.pools.getPool(poolId);
    const row = await this.deps.store.terms.get(poolId, termsId);
    if (!row) throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`);
    return row;
  }
}

/** The link for a managed-login language (`cognito:<language>`), else `cognito:default`. */
export function linkFor(row: TermsRow, language = "english"): string | undefined {
  return row.links[`cognito:${language}`] ?? row.links["cognito:default"];
}

function checkLinks(links: Record<string, string> | undefined): Record<string, string> {
  if (!links || Object.keys(links).length === 0)
    throw new InvalidParameterException("Links must hold at least one language's link.");
  for (const [lang, url] of Object.entries(links)) {
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      u = undefined;
    }
    // The hosted page links to it: only web addresses, never javascript: or data:.
    if (!u || (u.protocol !== "https:" && u.protocol !== "http:"))
      throw new InvalidParameterException(`The link for ${lang} must be an http or https URL.`);
  }
  return { ...links };
}

function mapExists(e: unknown, row: TermsRow): unknown {
  return e instanceof StoreConflictError
    ? new TermsExistsException(`Terms ${row.termsName} already exist for app client ${row.clientId}.`)
    : e;
}

function decodeToken(token: string): string {
  const id = Buffer.from(token, "base64url").toString("utf8");
  if (!/^[0-9a-f-]{36}$/u.test(id)) throw new InvalidParameterException("NextToken is not valid.");
  return id;
}

function describe(r: TermsRow): TermsType {
  return {
    TermsId: r.id,
    UserPoolId: r.poolId,
    ClientId: r.clientId,
    TermsName: r.termsName,
    TermsSource: r.termsSource as TermsType["TermsSource"],
    Enforcement: r.enforcement as TermsType["Enforcement"],
    Links: { ...r.links },
    CreationDate: new Date(r.createdAt),
    LastModifiedDate: new Date(r.updatedAt),
  };
}
