/**
 * A SAML 2.0 Response as an IdP writes it (SAML core §2.3.3, §3.3.3; the Web Browser SSO profile's bearer
 * confirmation), signed with xml-crypto (RSA-SHA256, exclusive C14N). The development SAML IdP answers with it,
 * and the tests start from it before they spoil one thing.
 */
import { createRequire } from "node:module";

export const SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

export interface ResponseInput {
  issuer: string;
  /** The SP's ACS URL: the Response's Destination and the confirmation's Recipient. */
  destination: string;
  recipient?: string;
  audience: string;
  inResponseTo?: string;
  nameId: string;
  nameIdFormat?: string;
  attributes: Record<string, string | string[]>;
  now: Date;
  /** How long the assertion is valid from `now` (ms). */
  lifetimeMs: number;
  responseId: string;
  assertionId: string;
  sessionIndex?: string;
}

export interface SigningKey {
  privateKeyPem: string;
  /** Base64 DER certificate, sent in KeyInfo (the SP trusts only its metadata's certificates). */
  certificate: string;
}

/** Escapes text and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const iso = (d: Date) => d.toISOString();

/** The unsigned assertion element. `nameIdXml`, when given, is inserted as the NameID's content verbatim. */
export function assertionXml(i: ResponseInput, nameIdXml?: string): string {
  const until = new Date(i.now.getTime() + i.lifetimeMs);
  const irt = i.inResponseTo ? ` InResponseTo="${xmlEscape(i.inResponseTo)}"` : "";
  const attributes = Object.entries(i.attributes)
    .map(
      ([name, v]) =>
        `<saml:Attribute Name="${xmlEscape(name)}">` +
        (Array.isArray(v) ? v : [v]).map((x) => `<saml:AttributeValue>${xmlEscape(x)}</saml:AttributeValue>`).join("") +
        "</saml:Attribute>",
    )
    .join("");
  return (
    `<saml:Assertion xmlns:saml="${SAML_NS}" ID="${xmlEscape(i.assertionId)}" Version="2.0" ` +
    `IssueInstant="${iso(i.now)}">` +
    `<saml:Issuer>${xmlEscape(i.issuer)}</saml:Issuer>` +
    "<saml:Subject>" +
    `<saml:NameID Format="${xmlEscape(i.nameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")}">` +
    `${nameIdXml ?? xmlEscape(i.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${iso(until)}" ` +
    `Recipient="${xmlEscape(i.recipient ?? i.destination)}"${irt}/>` +
    "</saml:SubjectConfirmation></saml:Subject>" +
    `<saml:Conditions NotBefore="${iso(i.now)}" NotOnOrAfter="${iso(until)}">` +
    `<saml:AudienceRestriction><saml:Audience>${xmlEscape(i.audience)}</saml:Audience></saml:AudienceRestriction>` +
    "</saml:Conditions>" +
    `<saml:AuthnStatement AuthnInstant="${iso(i.now)}" SessionIndex="${xmlEscape(i.sessionIndex ?? i.assertionId)}">` +
    "<saml:AuthnContext><saml:AuthnContextClassRef>" +
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport" +
    "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>" +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : "") +
    "</saml:Assertion>"
  );
}

/** The Response around `assertion` (an Assertion or EncryptedAssertion element). */
export function responseXml(i: ResponseInput, assertion: string): string {
  const irt = i.inResponseTo ? ` InResponseTo="${xmlEscape(i.inResponseTo)}"` : "";
  return (
    `<samlp:Response xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="${xmlEscape(i.responseId)}" Version="2.0" ` +
    `IssueInstant="${iso(i.now)}" Destination="${xmlEscape(i.destination)}"${irt}>` +
    `<saml:Issuer>${xmlEscape(i.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `${assertion}</samlp:Response>`
  );
}

interface SignedXmlLike {
  addReference(o: { xpath: string; transforms: string[]; digestAlgorithm: string }): void;
  computeSignature(xml: string, o: { location: { reference: string; action: "after" } }): void;
  getSignedXml(): string;
}
// Loaded through require: xml-crypto's type file pulls in the DOM library (see federation/xmlDom.ts).
interface XmlCrypto {
  SignedXml: new (o: {
    privateKey: string;
    publicCert: string;
    signatureAlgorithm: string;
    canonicalizationAlgorithm: string;
  }) => SignedXmlLike;
}
let xmlCrypto: XmlCrypto | undefined;
const loadXmlCrypto = (): XmlCrypto => (xmlCrypto ??= createRequire(import.meta.url)("xml-crypto") as XmlCrypto);

/** Signs the element with `ID="id"` in `xml`; the Signature goes right after that element's Issuer (schema order). */
export function signElement(xml: string, id: string, key: SigningKey): string {
  const sig = new (loadXmlCrypto().SignedXml)({
    privateKey: key.privateKeyPem,
    publicCert: `-----BEGIN CERTIFICATE-----\n${key.certificate}\n-----END CERTIFICATE-----`,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: `//*[@ID='${id}']`,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  sig.computeSignature(xml, { location: { reference: `//*[@ID='${id}']/*[local-name()='Issuer']`, action: "after" } });
  return sig.getSignedXml();
}

/** A Response with its assertion signed, and the Response too when `signResponse`. */
export function signedResponse(i: ResponseInput, key: SigningKey, signResponse = true): string {
  const assertion = signElement(assertionXml(i), i.assertionId, key);
  const response = responseXml(i, assertion);
  return signResponse ? signElement(response, i.responseId, key) : response;
}

/** A LogoutResponse as an IdP answers an SP's LogoutRequest (SAML core §3.7.2), unsigned. */
export function logoutResponseXml(i: {
  id: string;
  issuer: string;
  destination: string;
  inResponseTo?: string;
  now: Date;
  status?: string;
}): string {
  const irt = i.inResponseTo !== undefined ? ` InResponseTo="${xmlEscape(i.inResponseTo)}"` : "";
  return (
    `<samlp:LogoutResponse xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="${xmlEscape(i.id)}" Version="2.0" ` +
    `IssueInstant="${iso(i.now)}" Destination="${xmlEscape(i.destination)}"${irt}>` +
    `<saml:Issuer>${xmlEscape(i.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${xmlEscape(i.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success")}"/>` +
    "</samlp:Status></samlp:LogoutResponse>"
  );
}

/** A LogoutRequest as an IdP sends it to an SP (SAML core §3.7.1), unsigned; `spNameQualifier` names the SP. */
export function logoutRequestXml(i: {
  id: string;
  issuer: string;
  destination: string;
  nameId: string;
  spNameQualifier?: string;
  /** SessionIndex elements, after the NameID as the schema orders them (core §3.7.1). */
  sessionIndexes?: string[];
  now: Date;
}): string {
  const q = i.spNameQualifier !== undefined ? ` SPNameQualifier="${xmlEscape(i.spNameQualifier)}"` : "";
  const indexes = (i.sessionIndexes ?? []).map((s) => `<samlp:SessionIndex>${xmlEscape(s)}</samlp:SessionIndex>`);
  return (
    `<samlp:LogoutRequest xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="${xmlEscape(i.id)}" Version="2.0" ` +
    `IssueInstant="${iso(i.now)}" Destination="${xmlEscape(i.destination)}">` +
    `<saml:Issuer>${xmlEscape(i.issuer)}</saml:Issuer>` +
    `<saml:NameID${q}>${xmlEscape(i.nameId)}</saml:NameID>${indexes.join("")}</samlp:LogoutRequest>`
  );
}
