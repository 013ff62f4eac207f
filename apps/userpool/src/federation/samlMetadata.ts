/**
 * A SAML IdP's metadata document (SAML 2.0 Metadata §2.4.3 IDPSSODescriptor): its entityID, signing
 * certificates and the HTTP-Redirect endpoints for single sign-on and logout. Cognito's rules
 * ("Things to know about SAML IdPs in Amazon Cognito user pools"): every signing certificate in the
 * metadata is trusted, and none may be expired when the provider is configured.
 */
import { X509Certificate } from "node:crypto";
import { attr, childElements, parseXml } from "./xmlDom.js";

export const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
export const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const MAX_METADATA_CHARS = 131072;
const MAX_CERTIFICATE_CHARS = 4096;

export interface IdpMetadata {
  entityId: string;
  /** Base64 DER of each signing certificate. */
  signingCertificates: string[];
  ssoRedirect: string;
  sloRedirect?: string;
}

/** Thrown with a message naming what is wrong with the document (shown as InvalidParameterException). */
export class MetadataError extends Error {
  override name = "MetadataError";
}

/** Parses and validates `xml`; `now` decides whether a certificate has expired. */
export function parseIdpMetadata(xml: string, now: Date): IdpMetadata {
  if (xml.length > MAX_METADATA_CHARS) throw new MetadataError("the metadata document is too large");
  // A DOCTYPE is never needed in metadata and is how entity-expansion attacks start.
  if (/<!DOCTYPE/i.test(xml)) throw new MetadataError("the metadata document must not contain a DOCTYPE");
  const root = parseXml(xml);
  if (!root) throw new MetadataError("the metadata document is not well-formed XML");
  if (root.namespaceURI !== MD || root.localName !== "EntityDescriptor")
    throw new MetadataError("the metadata document's root must be an md:EntityDescriptor");
  const entityId = attr(root, "entityID");
  if (!entityId) throw new MetadataError("the EntityDescriptor has no entityID");
  const idp = childElements(root, MD, "IDPSSODescriptor");
  if (idp.length !== 1) throw new MetadataError("the metadata must hold exactly one IDPSSODescriptor");
  const d = idp[0]!;
  if (!(attr(d, "protocolSupportEnumeration") ?? "").includes("urn:oasis:names:tc:SAML:2.0:protocol"))
    throw new MetadataError("the IDPSSODescriptor does not support the SAML 2.0 protocol");
  const signingCertificates: string[] = [];
  for (const kd of childElements(d, MD, "KeyDescriptor")) {
    const use = attr(kd, "use");
    if (use && use !== "signing") continue;
    for (const ki of childElements(kd, DS, "KeyInfo"))
      for (const data of childElements(ki, DS, "X509Data"))
        for (const c of childElements(data, DS, "X509Certificate")) {
          const b64 = (c.textContent ?? "").replace(/\s+/g, "");
          if (b64.length > MAX_CERTIFICATE_CHARS)
            throw new MetadataError("a signing certificate is longer than 4096 characters");
          let cert: X509Certificate;
          try {
            cert = new X509Certificate(Buffer.from(b64, "base64"));
          } catch {
            throw new MetadataError("a signing certificate is not a valid X.509 certificate");
          }
          if (new Date(cert.validTo) <= now) throw new MetadataError("a signing certificate has expired");
          signingCertificates.push(b64);
        }
  }
  if (!signingCertificates.length) throw new MetadataError("the metadata has no signing certificate");
  const endpoint = (local: string) =>
    childElements(d, MD, local)
      .map((e) => (attr(e, "Binding") === REDIRECT_BINDING ? attr(e, "Location") : undefined))
      .find((l) => l !== undefined);
  const ssoRedirect = endpoint("SingleSignOnService");
  if (!ssoRedirect) throw new MetadataError("the metadata has no SingleSignOnService with the HTTP-Redirect binding");
  const sloRedirect = endpoint("SingleLogoutService");
  for (const u of [ssoRedirect, sloRedirect]) {
    if (!u) continue;
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new MetadataError(`${u} is not an absolute URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new MetadataError(`${u} is not an http(s) URL`);
  }
  return { entityId, signingCertificates, ssoRedirect, ...(sloRedirect ? { sloRedirect } : {}) };
}
