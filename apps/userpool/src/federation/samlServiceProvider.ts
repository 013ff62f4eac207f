/**
 * The userpool as a SAML 2.0 service provider (entity ID `urn:amazon:cognito:sp:<pool id>`, as Cognito's).
 * @node-saml/node-saml builds the HTTP-Redirect AuthnRequest (signed with the pool's key when
 * RequestSigningAlgorithm is set), checks XML signatures against the metadata's certificates (xml-crypto; only
 * the signed bytes are read afterwards, which defeats signature wrapping, and exclusive C14N drops comments, which
 * defeats comment injection), refuses a Response with more than one assertion, decrypts EncryptedAssertion and
 * checks the Audience. The checks it cannot make with our injected clock or does not make at all are ours:
 * NotBefore/NotOnOrAfter, Recipient, Destination, Issuer, InResponseTo and replay (ADR 0041).
 */
import type { SAML as NodeSaml, SamlConfig, ValidateInResponseTo } from "@node-saml/node-saml";
import { attr, childElements, parseXml, type XmlElement, type XmlNode } from "./xmlDom.js";
import type { Clock } from "../clock.js";
import type { IdpMetadata } from "./samlMetadata.js";

/** Allowed clock difference with the IdP (Cognito does not publish its own; SAML profiles suggest minutes). */
export const CLOCK_SKEW_MS = 60_000;
/** Cognito: "The saml2/idpresponse endpoint can accept SAML assertions of up to 100,000 characters in length." */
export const MAX_RESPONSE_CHARS = 100_000;
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/**
 * Encryption algorithms accepted in an EncryptedAssertion: AES-GCM and AES-CBC content, RSA-OAEP key transport.
 * RSA PKCS#1 v1.5 (a decryption oracle: Bleichenbacher) and 3DES are refused before anything is decrypted.
 */
const ENCRYPTION_ALGORITHMS = new Set([
  "http://www.w3.org/2009/xmlenc11#aes128-gcm",
  "http://www.w3.org/2009/xmlenc11#aes256-gcm",
  "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
  "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
  "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
  "http://www.w3.org/2009/xmlenc11#rsa-oaep",
]);

function encryptionAlgorithms(n: XmlNode): string[] {
  const out: string[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as XmlElement;
    if (e.localName === "EncryptionMethod") out.push(attr(e, "Algorithm") ?? "");
    out.push(...encryptionAlgorithms(e));
  }
  return out;
}

export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

/** What a verified assertion says. */
export interface VerifiedAssertion {
  id: string;
  nameId: string;
  /** The request this answers (SP-initiated); undefined for IdP-initiated sign-in. */
  inResponseTo?: string;
  /** When the assertion stops being acceptable (ms): how long its ID is remembered against replay. */
  expiresAt: number;
  sessionIndex?: string;
  attributes: Record<string, string | string[]>;
}

/** A response refused; the message is for the log only. */
export class SamlValidationError extends Error {
  override name = "SamlValidationError";
}

const nodeSaml = async (): Promise<typeof NodeSaml> => (await import("@node-saml/node-saml")).SAML;

function pem(b64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
}

function time(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) || Number.isNaN(t))
    throw new SamlValidationError(`${what} is not a UTC xs:dateTime`);
  return t;
}

export class SamlServiceProvider {
  constructor(private readonly deps: { clock: Clock; acsUrl: () => string }) {}

  private async saml(poolId: string, metadata: IdpMetadata, extra: Partial<SamlConfig> = {}): Promise<NodeSaml> {
    const SAMLClass = await nodeSaml();
    return new SAMLClass({
      idpCert: metadata.signingCertificates.map(pem),
      issuer: spEntityId(poolId),
      callbackUrl: this.deps.acsUrl(),
      entryPoint: metadata.ssoRedirect,
      audience: spEntityId(poolId),
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      // Either the Response or the Assertion must carry a valid signature (node-saml insists on one of them).
      wantAssertionsSigned: false,
      wantAuthnResponseSigned: false,
      // Times are checked below against the injected clock; InResponseTo against the store.
      acceptedClockSkewMs: -1,
      validateInResponseTo: "never" as ValidateInResponseTo,
      ...extra,
    });
  }

  /** The IdP's HTTP-Redirect URL carrying an AuthnRequest with `id`, signed (rsa-sha256) when `signingKeyPem`. */
  async authnRequestUrl(
    poolId: string,
    metadata: IdpMetadata,
    id: string,
    signingKeyPem?: string,
    relayState?: string,
  ): Promise<string> {
    const saml = await this.saml(poolId, metadata, {
      generateUniqueId: () => id,
      ...(signingKeyPem ? { privateKey: signingKeyPem, signatureAlgorithm: "sha256" as const } : {}),
    });
    return saml.getAuthorizeUrlAsync(relayState ?? "", undefined, {});
  }

  /**
   * Verifies a base64 SAMLResponse from the IdP of `metadata` to the pool `poolId`. `decryptionKeyPem` is given
   * when the provider has EncryptedResponses. Throws SamlValidationError on anything untrustworthy.
   */
  async verify(
    poolId: string,
    metadata: IdpMetadata,
    samlResponse: string,
    decryptionKeyPem?: string,
  ): Promise<VerifiedAssertion> {
    if (samlResponse.length > MAX_RESPONSE_CHARS * 2) throw new SamlValidationError("SAMLResponse too large");
    const xml = Buffer.from(samlResponse, "base64").toString("utf8");
    if (/<!DOCTYPE/i.test(xml)) throw new SamlValidationError("a DOCTYPE in the response");
    const response = parse(xml);
    if (response.namespaceURI !== "urn:oasis:names:tc:SAML:2.0:protocol" || response.localName !== "Response")
      throw new SamlValidationError("not a samlp:Response");
    // An unsigned answer must still name us: Destination is required when present and must be our ACS URL.
    const destination = attr(response, "Destination");
    if (destination !== undefined && destination !== this.deps.acsUrl())
      throw new SamlValidationError(`Destination ${destination} is not this endpoint`);
    if (decryptionKeyPem === undefined && childElements(response, SAML, "EncryptedAssertion").length)
      throw new SamlValidationError("an encrypted assertion, but the provider has no EncryptedResponses");
    if (decryptionKeyPem !== undefined && childElements(response, SAML, "Assertion").length)
      throw new SamlValidationError("EncryptedResponses is on, but the assertion came in the clear");
    for (const e of childElements(response, SAML, "EncryptedAssertion"))
      for (const alg of encryptionAlgorithms(e))
        if (!ENCRYPTION_ALGORITHMS.has(alg)) throw new SamlValidationError(`encryption algorithm ${alg} refused`);
    const saml = await this.saml(poolId, metadata, decryptionKeyPem ? { decryptionPvk: decryptionKeyPem } : {});
    let assertionXml: string;
    try {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
      if (!profile?.getAssertionXml) throw new SamlValidationError("no assertion");
      assertionXml = profile.getAssertionXml();
    } catch (e) {
      throw e instanceof SamlValidationError ? e : new SamlValidationError((e as Error).message);
    }
    // From here on only the signed (verified, canonical) assertion is read.
    const a = parse(assertionXml);
    const id = attr(a, "ID");
    if (!id) throw new SamlValidationError("the assertion has no ID");
    const issuer = childElements(a, SAML, "Issuer")[0]?.textContent?.trim();
    if (issuer !== metadata.entityId) throw new SamlValidationError(`Issuer ${issuer} is not ${metadata.entityId}`);
    const now = this.deps.clock.now().getTime();
    const conditions = childElements(a, SAML, "Conditions");
    if (conditions.length !== 1) throw new SamlValidationError("the assertion needs exactly one Conditions");
    const notBefore = time(attr(conditions[0]!, "NotBefore"), "NotBefore");
    const notOnOrAfter = time(attr(conditions[0]!, "NotOnOrAfter"), "NotOnOrAfter");
    if (notBefore !== undefined && now + CLOCK_SKEW_MS < notBefore)
      throw new SamlValidationError("the assertion is not yet valid");
    if (notOnOrAfter !== undefined && now - CLOCK_SKEW_MS >= notOnOrAfter)
      throw new SamlValidationError("the assertion has expired");
    const subject = childElements(a, SAML, "Subject")[0];
    const nameIdEl = subject && childElements(subject, SAML, "NameID")[0];
    // textContent joins every text node, so a comment inside NameID cannot truncate the value.
    const nameId = nameIdEl?.textContent?.trim();
    if (!subject || !nameId) throw new SamlValidationError("the assertion has no Subject NameID");
    // SAML profiles §4.1.4.2: a bearer SubjectConfirmation whose data names our ACS URL and is still valid.
    const confirmation = childElements(subject, SAML, "SubjectConfirmation")
      .filter((c) => attr(c, "Method") === BEARER)
      .map((c) => childElements(c, SAML, "SubjectConfirmationData")[0])
      .find((d): d is XmlElement => d !== undefined);
    if (!confirmation) throw new SamlValidationError("no bearer SubjectConfirmationData");
    if (attr(confirmation, "Recipient") !== this.deps.acsUrl())
      throw new SamlValidationError(`Recipient ${attr(confirmation, "Recipient")} is not this endpoint`);
    const confirmBy = time(attr(confirmation, "NotOnOrAfter"), "SubjectConfirmationData NotOnOrAfter");
    if (confirmBy === undefined) throw new SamlValidationError("SubjectConfirmationData has no NotOnOrAfter");
    if (now - CLOCK_SKEW_MS >= confirmBy) throw new SamlValidationError("the subject confirmation has expired");
    const confirmNotBefore = time(attr(confirmation, "NotBefore"), "SubjectConfirmationData NotBefore");
    if (confirmNotBefore !== undefined) throw new SamlValidationError("a bearer confirmation must not have NotBefore");
    // InResponseTo: the signed one (in the assertion) decides; the Response's, if any, must agree with it.
    const inResponseTo = attr(confirmation, "InResponseTo");
    const outer = attr(response, "InResponseTo");
    if (outer !== inResponseTo) throw new SamlValidationError("the Response and assertion InResponseTo differ");
    const attributes: Record<string, string | string[]> = {};
    for (const st of childElements(a, SAML, "AttributeStatement"))
      for (const at of childElements(st, SAML, "Attribute")) {
        const name = attr(at, "Name");
        if (!name || Object.hasOwn(attributes, name)) continue;
        const values = childElements(at, SAML, "AttributeValue").map((v) => v.textContent ?? "");
        if (values.length) attributes[name] = values.length === 1 ? values[0]! : values;
      }
    // Cognito, "SAML sign-out flow": only the first AuthnStatement's SessionIndex names the session; one that is in
    // another AuthnStatement is not recognised, so a LogoutRequest naming it signs nobody out (ADR 0055).
    const authn = childElements(a, SAML, "AuthnStatement")[0];
    const sessionIndex = authn && attr(authn, "SessionIndex");
    return {
      id,
      nameId,
      ...(inResponseTo !== undefined ? { inResponseTo } : {}),
      expiresAt: Math.max(confirmBy, notOnOrAfter ?? confirmBy) + CLOCK_SKEW_MS,
      ...(sessionIndex ? { sessionIndex } : {}),
      attributes,
    };
  }
}

function parse(xml: string): XmlElement {
  const root = parseXml(xml);
  if (!root) throw new SamlValidationError("not well-formed XML");
  return root;
}
