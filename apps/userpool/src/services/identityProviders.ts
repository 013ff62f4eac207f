/**
 * Identity providers of a pool (Create/Describe/List/Update/DeleteIdentityProvider), ProviderType
 * Google, OIDC, SAML (SAML details: samlDetails below), Facebook, SignInWithApple and LoginWithAmazon
 * (socialProviderDetails.ts). ProviderDetails follow Cognito's keys (API reference,
 * CreateIdentityProvider):
 * Google needs client_id, client_secret, authorize_scopes; OIDC needs client_id,
 * attributes_request_method, oidc_issuer, authorize_scopes (client_secret optional; endpoints from
 * discovery unless given). The whole details map is sealed under the data key because it holds
 * client_secret (and Apple's private_key).
 */
import type { IdentityProviderType, ProviderDescription } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import {
  DuplicateProviderException,
  InvalidParameterException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import { STANDARD_ATTRIBUTES } from "./poolSettings.js";
import { customAttributeNames, type Pool } from "./pools.js";
import { StoreConflictError, type IdentityProviderRow, type Store } from "../store/index.js";
import { MetadataError, parseIdpMetadata, type IdpMetadata } from "../federation/samlMetadata.js";
import type { Fetch } from "../tls/fetch.js";
import {
  DEFAULT_USERNAME_CLAIM,
  describedSocialDetails,
  isSocialType,
  socialDetails,
  type SocialType,
  requireHttpsUrls,
} from "./socialProviderDetails.js";

export type ProviderType = "Google" | "OIDC" | "SAML" | SocialType;

export interface IdentityProvider {
  poolId: string;
  name: string;
  type: ProviderType;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const GOOGLE_ISSUER = "https://accounts.google.com";
// What Cognito fills in for a Google provider (DescribeIdentityProvider shows these).
const GOOGLE_DEFAULTS = {
  attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
  attributes_url_add_attributes: "true",
  authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
  oidc_issuer: GOOGLE_ISSUER,
  token_request_method: "POST",
  token_url: "https://www.googleapis.com/oauth2/v4/token",
};
type OidcLike = "Google" | "OIDC";
const REQUIRED: Record<OidcLike, string[]> = {
  Google: ["client_id", "client_secret", "authorize_scopes"],
  OIDC: ["client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"],
};
const ALLOWED_KEYS: Record<OidcLike, Set<string>> = {
  Google: new Set([...REQUIRED.Google, ...Object.keys(GOOGLE_DEFAULTS)]),
  OIDC: new Set([
    ...REQUIRED.OIDC,
    "client_secret",
    "authorize_url",
    "token_url",
    "attributes_url",
    "jwks_uri",
    "attributes_url_add_attributes",
  ]),
};

const aad = (poolId: string, name: string) => `identity-provider|${poolId}|${name}`;
const encodeToken = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** ProviderDetails keys of a SAML provider that an administrator sets (API reference, CreateIdentityProvider). */
const SAML_KEYS = new Set([
  "MetadataURL",
  "MetadataFile",
  "IDPSignout",
  "IDPInit",
  "RequestSigningAlgorithm",
  "EncryptedResponses",
]);
/** Keys Cognito adds to a SAML provider's details; recomputed from the metadata, so ignored on input. */
const SAML_DERIVED = new Set(["SSORedirectBindingURI", "SLORedirectBindingURI", "ActiveEncryptionCertificate"]);
/** The parsed metadata, kept with the details but never shown (describe() leaves it out). */
export const SAML_METADATA_KEY = "_metadata";
const MAX_METADATA_BYTES = 131072;

export interface SamlProviderDeps {
  fetch: Fetch;
  /** The pool's encryption certificate (base64 DER): IdPs encrypt assertions to it (ActiveEncryptionCertificate). */
  encryptionCertificate(poolId: string): Promise<string>;
  /** Development mode: a MetadataURL may be http (the development SAML IdP). */
  allowHttpMetadata: boolean;
}

export class IdentityProviderService {
  constructor(private readonly deps: { store: Store; clock: Clock; crypto: DataCrypto; saml?: SamlProviderDeps }) {}

  async create(
    pool: Pool,
    i: {
      name: string;
      type: string;
      details: Record<string, string>;
      attributeMapping?: Record<string, string>;
      idpIdentifiers?: string[];
    },
  ): Promise<IdentityProvider> {
    const type = checkType(i.type);
    checkName(i.name, type);
    const details =
      type === "SAML"
        ? await this.samlDetails(pool.id, {}, i.details)
        : isSocialType(type)
          ? socialDetails(type, {}, i.details)
          : normalizeDetails(type, i.details);
    const attributeMapping = normalizeMapping(pool, type, i.attributeMapping ?? {});
    const now = this.deps.clock.now().getTime();
    const row = this.toRow(pool.id, i.name, type, details, attributeMapping, i.idpIdentifiers ?? [], now, now);
    try {
      await this.deps.store.identityProviders.create(row);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "provider-name")
        throw new DuplicateProviderException(`A provider with the name ${i.name} already exists in this user pool.`);
      if (e instanceof StoreConflictError && e.kind === "idp-identifier")
        throw new InvalidParameterException("An IdpIdentifier is already used by another provider in this user pool.");
      throw e;
    }
    return this.fromRow(row);
  }

  async find(poolId: string, name: string): Promise<IdentityProvider | undefined> {
    const r = await this.deps.store.identityProviders.get(poolId, name);
    return r && this.fromRow(r);
  }

  async get(poolId: string, name: string): Promise<IdentityProvider> {
    const p = await this.find(poolId, name);
    if (!p) throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`);
    return p;
  }

  async findByIdentifier(poolId: string, identifier: string): Promise<IdentityProvider | undefined> {
    const r = await this.deps.store.identityProviders.getByIdentifier(poolId, identifier);
    return r && this.fromRow(r);
  }

  /**
   * UpdateIdentityProvider: members sent replace the stored ones;
   * ProviderDetails merge key by key, as Cognito does.
   */
  async update(
    pool: Pool,
    name: string,
    i: { details?: Record<string, string>; attributeMapping?: Record<string, string>; idpIdentifiers?: string[] },
  ): Promise<IdentityProvider> {
    const current = await this.get(pool.id, name);
    const details = !i.details
      ? current.details
      : current.type === "SAML"
        ? await this.samlDetails(pool.id, current.details, i.details)
        : isSocialType(current.type)
          ? socialDetails(current.type, current.details, i.details)
          : normalizeDetails(current.type, { ...current.details, ...i.details });
    const attributeMapping = i.attributeMapping
      ? normalizeMapping(pool, current.type, i.attributeMapping)
      : current.attributeMapping;
    const row = this.toRow(
      pool.id,
      name,
      current.type,
      details,
      attributeMapping,
      i.idpIdentifiers ?? current.idpIdentifiers,
      current.createdAt.getTime(),
      this.deps.clock.now().getTime(),
    );
    try {
      if (!(await this.deps.store.identityProviders.update(row)))
        throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "idp-identifier")
        throw new InvalidParameterException("An IdpIdentifier is already used by another provider in this user pool.");
      throw e;
    }
    return this.fromRow(row);
  }

  async delete(poolId: string, name: string): Promise<void> {
    if (!(await this.deps.store.identityProviders.delete(poolId, name)))
      throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`);
  }

  async list(
    poolId: string,
    limit: number,
    nextToken?: string,
  ): Promise<{ providers: IdentityProvider[]; nextToken?: string }> {
    const after = nextToken === undefined ? undefined : Buffer.from(nextToken, "base64url").toString("utf8");
    if (nextToken !== undefined && (!after || encodeToken(after) !== nextToken))
      throw new InvalidParameterException("Invalid NextToken.");
    const rows = await this.deps.store.identityProviders.list(poolId, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
    });
    const page = rows.slice(0, limit).map((r) => this.fromRow(r));
    return rows.length > limit ? { providers: page, nextToken: encodeToken(page.at(-1)!.name) } : { providers: page };
  }

  describe(p: IdentityProvider): IdentityProviderType {
    return {
      UserPoolId: p.poolId,
      ProviderName: p.name,
      ProviderType: p.type,
      ProviderDetails: isSocialType(p.type)
        ? describedSocialDetails(p.type, p.details)
        : Object.fromEntries(Object.entries(p.details).filter(([k]) => k !== SAML_METADATA_KEY)),
      AttributeMapping: p.attributeMapping,
      IdpIdentifiers: p.idpIdentifiers,
      CreationDate: p.createdAt,
      LastModifiedDate: p.updatedAt,
    };
  }

  summary(p: IdentityProvider): ProviderDescription {
    return { ProviderName: p.name, ProviderType: p.type, CreationDate: p.createdAt, LastModifiedDate: p.updatedAt };
  }

  /**
   * SAML details: exactly one of MetadataURL (fetched now) and MetadataFile; the document is parsed and
   * validated; IDPInit, IDPSignout and EncryptedResponses are "true" or "false"; RequestSigningAlgorithm is
   * rsa-sha256. Describe shows SSORedirectBindingURI, SLORedirectBindingURI and, with EncryptedResponses,
   * ActiveEncryptionCertificate, as Cognito does. Update merges key by key, and a new MetadataURL or
   * MetadataFile replaces the other.
   */
  private async samlDetails(
    poolId: string,
    current: Record<string, string>,
    input: Record<string, string>,
  ): Promise<Record<string, string>> {
    const saml = this.deps.saml;
    if (!saml) throw new InvalidParameterException("ProviderType SAML is not available on this server.");
    for (const k of Object.keys(input))
      if (!SAML_KEYS.has(k) && !SAML_DERIVED.has(k))
        throw new InvalidParameterException(`ProviderDetails key ${k} is not valid for SAML.`);
    if (input.MetadataURL !== undefined && input.MetadataFile !== undefined)
      throw new InvalidParameterException("ProviderDetails: give MetadataURL or MetadataFile, not both.");
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(current)) if (SAML_KEYS.has(k)) merged[k] = v;
    if (input.MetadataURL !== undefined) delete merged.MetadataFile;
    if (input.MetadataFile !== undefined) delete merged.MetadataURL;
    for (const [k, v] of Object.entries(input)) if (SAML_KEYS.has(k)) merged[k] = v;
    for (const k of ["IDPSignout", "IDPInit", "EncryptedResponses"])
      if (merged[k] !== undefined && merged[k] !== "true" && merged[k] !== "false")
        throw new InvalidParameterException(`ProviderDetails.${k} must be true or false.`);
    if (merged.RequestSigningAlgorithm !== undefined && merged.RequestSigningAlgorithm !== "rsa-sha256")
      throw new InvalidParameterException("ProviderDetails.RequestSigningAlgorithm must be rsa-sha256.");
    let xml: string;
    if (merged.MetadataFile) xml = merged.MetadataFile;
    else if (merged.MetadataURL) xml = await fetchMetadata(saml, merged.MetadataURL);
    else
      throw new InvalidParameterException("ProviderDetails.MetadataURL or ProviderDetails.MetadataFile is required.");
    let metadata: IdpMetadata;
    try {
      metadata = parseIdpMetadata(xml, this.deps.clock.now());
    } catch (e) {
      if (e instanceof MetadataError) throw new InvalidParameterException(`Invalid SAML metadata: ${e.message}.`);
      throw e;
    }
    // Single logout sends our LogoutRequest to the metadata's SingleLogoutService: without one it could not be
    // honoured, so it is refused by name rather than accepted and ignored.
    if (merged.IDPSignout === "true" && !metadata.sloRedirect)
      throw new InvalidParameterException(
        "ProviderDetails.IDPSignout true needs a SingleLogoutService with the HTTP-Redirect binding in the metadata.",
      );
    return {
      ...merged,
      SSORedirectBindingURI: metadata.ssoRedirect,
      ...(metadata.sloRedirect ? { SLORedirectBindingURI: metadata.sloRedirect } : {}),
      ...(merged.EncryptedResponses === "true"
        ? { ActiveEncryptionCertificate: await saml.encryptionCertificate(poolId) }
        : {}),
      [SAML_METADATA_KEY]: JSON.stringify(metadata),
    };
  }

  private toRow(
    poolId: string,
    name: string,
    type: ProviderType,
    details: Record<string, string>,
    mapping: Record<string, string>,
    ids: string[],
    createdAt: number,
    updatedAt: number,
  ): IdentityProviderRow {
    return {
      poolId,
      name,
      type,
      detailsEnc: this.deps.crypto.encrypt(JSON.stringify(details), aad(poolId, name)),
      attributeMapping: mapping,
      idpIdentifiers: [...new Set(ids)],
      createdAt,
      updatedAt,
    };
  }

  private fromRow(r: IdentityProviderRow): IdentityProvider {
    return {
      poolId: r.poolId,
      name: r.name,
      type: r.type as ProviderType,
      details: JSON.parse(this.deps.crypto.decrypt(r.detailsEnc, aad(r.poolId, r.name)).toString("utf8")),
      attributeMapping: r.attributeMapping,
      idpIdentifiers: r.idpIdentifiers,
      createdAt: new Date(r.createdAt),
      updatedAt: new Date(r.updatedAt),
    };
  }
}

function checkType(t: string): ProviderType {
  if (t === "Google" || t === "OIDC" || t === "SAML" || isSocialType(t)) return t;
  throw new InvalidParameterException(`ProviderType ${t} is not supported by this server.`);
}

/** The parsed metadata stored with a SAML provider's details. */
export function samlMetadata(p: IdentityProvider): IdpMetadata {
  return JSON.parse(p.details[SAML_METADATA_KEY]!) as IdpMetadata;
}

async function fetchMetadata(saml: SamlProviderDeps, url: string): Promise<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidParameterException("ProviderDetails.MetadataURL must be an absolute URL.");
  }
  if (u.protocol !== "https:" && !(saml.allowHttpMetadata && u.protocol === "http:"))
    throw new InvalidParameterException("ProviderDetails.MetadataURL must be an https URL.");
  let res: Response;
  try {
    res = await saml.fetch(u.toString(), { redirect: "error", signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new InvalidParameterException("ProviderDetails.MetadataURL could not be fetched.");
  }
  if (!res.ok) throw new InvalidParameterException(`ProviderDetails.MetadataURL answered HTTP ${res.status}.`);
  const body = await res.text();
  if (Buffer.byteLength(body) > MAX_METADATA_BYTES)
    throw new InvalidParameterException("The document at ProviderDetails.MetadataURL is too large.");
  return body;
}

function checkName(name: string, type: ProviderType): void {
  // Cognito names each social provider after its type (Google, Facebook, SignInWithApple, LoginWithAmazon).
  if ((type === "Google" || isSocialType(type)) && name !== type)
    throw new InvalidParameterException(`A ${type} provider must be named ${type}.`);
  // COGNITO names the pool's own directory in SupportedIdentityProviders; usernames are <Provider>_<sub>.
  if (name.toUpperCase() === "COGNITO") throw new InvalidParameterException("ProviderName COGNITO is reserved.");
  if (name.startsWith("_") || name.endsWith("_") || /\s/.test(name))
    throw new InvalidParameterException("ProviderName must not start or end with _ or contain spaces.");
}

function normalizeDetails(type: OidcLike, input: Record<string, string>): Record<string, string> {
  for (const k of Object.keys(input))
    if (!ALLOWED_KEYS[type].has(k))
      throw new InvalidParameterException(`ProviderDetails key ${k} is not valid for ${type}.`);
  const details: Record<string, string> = type === "Google" ? { ...GOOGLE_DEFAULTS, ...input } : { ...input };
  for (const k of REQUIRED[type])
    if (!details[k]) throw new InvalidParameterException(`ProviderDetails.${k} is required for ${type} providers.`);
  if (details.attributes_request_method && !["GET", "POST"].includes(details.attributes_request_method))
    throw new InvalidParameterException("attributes_request_method must be GET or POST.");
  const scopes = details.authorize_scopes!.split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid"))
    throw new InvalidParameterException(
      "authorize_scopes must include openid (this server federates over OpenID Connect).",
    );
  requireHttpsUrls(details, ["oidc_issuer", "authorize_url", "token_url", "attributes_url", "jwks_uri"]);
  return details;
}

function normalizeMapping(pool: Pool, type: ProviderType, mapping: Record<string, string>): Record<string, string> {
  const custom = customAttributeNames(pool.settings);
  for (const [attr, claim] of Object.entries(mapping)) {
    if (
      attr !== "username" &&
      (!STANDARD_ATTRIBUTES.has(attr) || attr === "sub" || attr === "identities") &&
      !custom.has(attr)
    ) {
      throw new InvalidParameterException(`AttributeMapping: ${attr} is not an attribute of this user pool.`);
    }
    if (!claim || claim.length > 131072)
      throw new InvalidParameterException(`AttributeMapping: the provider attribute for ${attr} is empty.`);
  }
  // Cognito maps username to the provider's user ID unless told otherwise: sub, or Facebook's id and
  // Amazon's user_id (developer guide, "Mapping IdP attributes to profiles and tokens").
  return { username: isSocialType(type) ? DEFAULT_USERNAME_CLAIM[type] : "sub", ...mapping };
}
