/**
 * SAML 2.0 single logout messages (SAML core §3.7, profiles §4.4), as Cognito exchanges them ("SAML sign-out
 * flow", cognito-user-pools-saml-idp-sign-out): our LogoutRequest, and our LogoutResponse to an IdP's request,
 * go out by HTTP-Redirect signed with the pool's key (bindings §3.4.4.1: RSA-SHA256 over the query string);
 * the IdP's LogoutResponse or LogoutRequest comes back by HTTP-POST ("Your IdP must send the LogoutResponse in
 * an HTTP POST request") with an enveloped XML signature.
 *
 * The posted message's signature is checked by node-saml's getVerifiedXml (xml-crypto): exactly one
 * enveloped reference to the root, and only the canonical bytes it verified are read afterwards, as for
 * assertions (ADR 0041). Its own redirect-binding logout validation is not used: it accepts an unsigned
 * message and checks times against the wall clock (ADR 0048).
 */
import { createSign, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { deflateRawSync } from "node:zlib";
import { attr, childElements, parseXml, type XmlElement } from "./xmlDom.js";
import type { IdpMetadata } from "./samlMetadata.js";
import { CLOCK_SKEW_MS, SamlValidationError, spEntityId } from "./samlServiceProvider.js";

export const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const MAX_MESSAGE_CHARS = 100_000;
/** How old a posted logout message may be (its IssueInstant); the request it answers lives as long. */
export const LOGOUT_MESSAGE_TTL_MS = 10 * 60_000;

interface NodeSamlXml {
  parseDomFromString(xml: string): Promise<{ documentElement: unknown }>;
  getVerifiedXml(xml: string, node: unknown, pems: string[]): string | null;
}
// node-saml's XML helpers, loaded through require for the same reason as xmlDom.ts (DOM types stay out).
let nodeSamlXml: NodeSamlXml | undefined;
const loadXml = (): NodeSamlXml =>
  (nodeSamlXml ??= createRequire(import.meta.url)("@node-saml/node-saml/lib/xml.js") as NodeSamlXml);

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const pem = (b64: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;

/** `location` with a signed HTTP-Redirect binding message (bindings §3.4.4.1). */
function redirectUrl(location: string, kind: "SAMLRequest" | "SAMLResponse", xml: string, keyPem: string): string {
  const enc = encodeURIComponent;
  const message = deflateRawSync(Buffer.from(xml, "utf8")).toString("base64");
  const signed = `${kind}=${enc(message)}&SigAlg=${enc(RSA_SHA256)}`;
  const signature = createSign("RSA-SHA256").update(signed).sign(keyPem, "base64");
  return `${location}${location.includes("?") ? "&" : "?"}${signed}&Signature=${enc(signature)}`;
}

/**
 * Our LogoutRequest for `nameId` to the IdP's SingleLogoutService, signed with the pool's key. With
 * `sessionIndex` (the AuthnStatement's of the assertion that started the session) it names that session
 * (core §3.7.1), so an IdP holding several sessions of the user ends the right one.
 */
export function logoutRequestUrl(o: {
  poolId: string;
  metadata: IdpMetadata;
  id: string;
  nameId: string;
  sessionIndex?: string;
  now: Date;
  keyPem: string;
}): string {
  const location = o.metadata.sloRedirect;
  if (!location) throw new SamlValidationError("the IdP's metadata has no SingleLogoutService");
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${xmlEscape(o.id)}" Version="2.0" ` +
    `IssueInstant="${o.now.toISOString()}" Destination="${xmlEscape(location)}">` +
    `<saml:Issuer>${xmlEscape(spEntityId(o.poolId))}</saml:Issuer>` +
    `<saml:NameID>${xmlEscape(o.nameId)}</saml:NameID>` +
    // Schema order: SessionIndex follows the NameID.
    (o.sessionIndex !== undefined ? `<samlp:SessionIndex>${xmlEscape(o.sessionIndex)}</samlp:SessionIndex>` : "") +
    "</samlp:LogoutRequest>";
  return redirectUrl(location, "SAMLRequest", xml, o.keyPem);
}

/** Our LogoutResponse to the IdP's LogoutRequest `inResponseTo`, signed with the pool's key. */
export function logoutResponseUrl(o: {
  poolId: string;
  metadata: IdpMetadata;
  inResponseTo: string;
  status: string;
  now: Date;
  keyPem: string;
}): string {
  const location = o.metadata.sloRedirect;
  if (!location) throw new SamlValidationError("the IdP's metadata has no SingleLogoutService");
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_${randomUUID()}" Version="2.0" ` +
    `IssueInstant="${o.now.toISOString()}" Destination="${xmlEscape(location)}" ` +
    `InResponseTo="${xmlEscape(o.inResponseTo)}">` +
    `<saml:Issuer>${xmlEscape(spEntityId(o.poolId))}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${xmlEscape(o.status)}"/></samlp:Status></samlp:LogoutResponse>`;
  return redirectUrl(location, "SAMLResponse", xml, o.keyPem);
}

export type PostedLogoutMessage =
  | { kind: "LogoutResponse"; id: string; inResponseTo: string; success: boolean }
  | {
      kind: "LogoutRequest";
      id: string;
      nameId: string;
      /** Its SessionIndex elements (core §3.7.1); none: every session of the principal with this IdP. */
      sessionIndexes: string[];
      expiresAt: number;
    };

/** More SessionIndex elements than any IdP sends for one principal: refused rather than looked up. */
const MAX_SESSION_INDEXES = 50;

/** The root's name and InResponseTo of a posted message, unverified: only to find what it claims to answer. */
export function peekLogoutMessage(b64: string): { kind: string; inResponseTo?: string; issuer?: string } {
  const root = parseXml(Buffer.from(b64.slice(0, MAX_MESSAGE_CHARS * 2), "base64").toString("utf8"));
  if (!root || root.namespaceURI !== SAMLP) return { kind: "" };
  const issuer = childElements(root, SAML, "Issuer")[0]?.textContent?.trim();
  const inResponseTo = attr(root, "InResponseTo");
  return {
    kind: root.localName,
    ...(inResponseTo !== undefined ? { inResponseTo } : {}),
    ...(issuer ? { issuer } : {}),
  };
}

function time(v: string | undefined, what: string): number {
  const t = v === undefined ? Number.NaN : Date.parse(v);
  if (!v || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) || Number.isNaN(t))
    throw new SamlValidationError(`${what} is not a UTC xs:dateTime`);
  return t;
}

/**
 * Verifies a base64 HTTP-POST LogoutResponse or LogoutRequest from the IdP of `metadata`: a valid enveloped
 * signature by one of its certificates, then on the signed bytes only: Issuer, Destination (required, our
 * /saml2/logout), IssueInstant within LOGOUT_MESSAGE_TTL_MS and the skew, and for a request its NameID,
 * NotOnOrAfter and SessionIndex elements. Throws SamlValidationError.
 */
export async function verifyLogoutMessage(
  metadata: IdpMetadata,
  b64: string,
  destination: string,
  now: number,
): Promise<PostedLogoutMessage> {
  if (b64.length > MAX_MESSAGE_CHARS * 2) throw new SamlValidationError("the logout message is too large");
  const xml = Buffer.from(b64, "base64").toString("utf8");
  if (/<!DOCTYPE/i.test(xml)) throw new SamlValidationError("a DOCTYPE in the logout message");
  const lib = loadXml();
  let verified: string | null;
  try {
    const doc = await lib.parseDomFromString(xml);
    verified = lib.getVerifiedXml(xml, doc.documentElement, metadata.signingCertificates.map(pem));
  } catch (e) {
    throw new SamlValidationError(`Invalid signature: ${(e as Error).message}`);
  }
  if (!verified) throw new SamlValidationError("Invalid signature: the logout message is unsigned or not ours");
  const m = parseXml(verified);
  if (!m || m.namespaceURI !== SAMLP || (m.localName !== "LogoutResponse" && m.localName !== "LogoutRequest"))
    throw new SamlValidationError("not a samlp:LogoutResponse or samlp:LogoutRequest");
  const id = attr(m, "ID");
  if (!id) throw new SamlValidationError("the logout message has no ID");
  const issuer = childElements(m, SAML, "Issuer")[0]?.textContent?.trim();
  if (issuer !== metadata.entityId) throw new SamlValidationError(`Issuer ${issuer} is not ${metadata.entityId}`);
  if (attr(m, "Destination") !== destination)
    throw new SamlValidationError(`Destination ${attr(m, "Destination")} is not this endpoint`);
  const issued = time(attr(m, "IssueInstant"), "IssueInstant");
  if (issued > now + CLOCK_SKEW_MS) throw new SamlValidationError("the logout message is issued in the future");
  if (issued < now - LOGOUT_MESSAGE_TTL_MS - CLOCK_SKEW_MS)
    throw new SamlValidationError("the logout message is stale");
  if (m.localName === "LogoutResponse") {
    const inResponseTo = attr(m, "InResponseTo");
    if (!inResponseTo) throw new SamlValidationError("the LogoutResponse has no InResponseTo");
    const status = childElements(m, SAMLP, "Status")[0];
    const code = status && childElements(status, SAMLP, "StatusCode")[0];
    return { kind: "LogoutResponse", id, inResponseTo, success: !!code && attr(code, "Value") === STATUS_SUCCESS };
  }
  const nameId = nameIdOf(m);
  const notOnOrAfter = attr(m, "NotOnOrAfter");
  const until = notOnOrAfter === undefined ? undefined : time(notOnOrAfter, "NotOnOrAfter");
  if (until !== undefined && now - CLOCK_SKEW_MS >= until) throw new SamlValidationError("the LogoutRequest expired");
  const sessionIndexes = childElements(m, SAMLP, "SessionIndex").map((e) => (e.textContent ?? "").trim());
  if (sessionIndexes.length > MAX_SESSION_INDEXES)
    throw new SamlValidationError(`the LogoutRequest has more than ${MAX_SESSION_INDEXES} SessionIndex elements`);
  return {
    kind: "LogoutRequest",
    id,
    nameId,
    sessionIndexes,
    expiresAt: issued + LOGOUT_MESSAGE_TTL_MS + CLOCK_SKEW_MS,
  };
}

function nameIdOf(m: XmlElement): string {
  if (childElements(m, SAML, "EncryptedID").length) throw new SamlValidationError("an encrypted NameID is refused");
  // textContent joins every text node, so a comment inside NameID cannot truncate the value.
  const nameId = childElements(m, SAML, "NameID")[0]?.textContent?.trim();
  if (!nameId) throw new SamlValidationError("the LogoutRequest has no NameID");
  return nameId;
}
