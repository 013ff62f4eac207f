/**
 * A SAML IdP for the tests: its own RSA key pair and self-signed certificate, its metadata, and Responses built
 * with the same writer as the development IdP (src/dev/saml/response.ts) so each test can spoil one thing.
 */
import { createVerify, generateKeyPairSync, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { inflateRawSync } from "node:zlib";
import { encrypt } from "xml-encryption";
import {
  assertionXml,
  responseXml,
  SAML_NS,
  signElement,
  signedResponse,
  type ResponseInput,
  type SigningKey,
} from "../../src/dev/saml/response.js";
import { cryptoRandom } from "../../src/random.js";
import { selfSignedCertificate, toPem } from "../../src/services/samlCertificates.js";

export const IDP_ENTITY = "https://idp.test.example/saml";
export const IDP_SSO = "https://idp.test.example/saml/sso";
export const IDP_SLO = "https://idp.test.example/saml/slo";

/** A key pair and certificate valid from `now` for a year. */
export function idpKey(now = new Date()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    certificate: selfSignedCertificate({ privateKey, publicKey }, "test IdP", now, 1, cryptoRandom),
  };
}

/** Metadata of the test IdP trusting `certificates` (base64 DER); with `slo`, a SingleLogoutService too. */
export function idpMetadata(certificates: string[], entityId = IDP_ENTITY, sso = IDP_SSO, slo?: string): string {
  const keys = certificates
    .map(
      (c) =>
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
        `<ds:X509Certificate>${c}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join("");
  return (
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">` +
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    keys +
    (slo
      ? `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${slo}"/>`
      : "") +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>` +
    "</md:IDPSSODescriptor></md:EntityDescriptor>"
  );
}

/** The AuthnRequest carried by an HTTP-Redirect URL. */
export function readAuthnRequest(url: string): { id: string; xml: string; params: URLSearchParams } {
  const params = new URL(url).searchParams;
  const xml = inflateRawSync(Buffer.from(params.get("SAMLRequest")!, "base64")).toString("utf8");
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no ID in the AuthnRequest: ${xml}`);
  return { id, xml, params };
}

/** Input for a good response to `inResponseTo` for pool `poolId` at ACS `acs`. */
export function goodInput(
  poolId: string,
  acs: string,
  nameId: string,
  inResponseTo: string | undefined,
  now: Date,
): ResponseInput {
  return {
    issuer: IDP_ENTITY,
    destination: acs,
    audience: `urn:amazon:cognito:sp:${poolId}`,
    ...(inResponseTo ? { inResponseTo } : {}),
    nameId,
    attributes: { "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": nameId, givenName: "Ada" },
    now,
    lifetimeMs: 5 * 60_000,
    responseId: `_r${randomUUID()}`,
    assertionId: `_a${randomUUID()}`,
  };
}

export const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

/** The assertion signed and then encrypted to `certificateB64` (AES-256-GCM, RSA-OAEP), in a Response. */
export async function encryptedResponse(
  i: ResponseInput,
  key: SigningKey,
  certificateB64: string,
  algorithm:
    | "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    | "http://www.w3.org/2001/04/xmlenc#aes128-cbc" = "http://www.w3.org/2009/xmlenc11#aes256-gcm",
  keyAlgorithm:
    | "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    | "http://www.w3.org/2001/04/xmlenc#rsa-1_5" = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
): Promise<string> {
  const signed = signElement(assertionXml(i), i.assertionId, key);
  const pem = toPem(certificateB64);
  const data = await promisify(encrypt)(signed, {
    rsa_pub: pem,
    pem,
    encryptionAlgorithm: algorithm,
    keyEncryptionAlgorithm: keyAlgorithm,
    disallowEncryptionWithInsecureAlgorithm: false,
    warnInsecureAlgorithm: false,
  });
  return signElement(
    responseXml(i, `<saml:EncryptedAssertion xmlns:saml="${SAML_NS}">${data}</saml:EncryptedAssertion>`),
    i.responseId,
    key,
  );
}

/** The message carried by a signed HTTP-Redirect URL, and whether `certificateB64` signed it (bindings §3.4.4.1). */
export function readRedirectMessage(url: string, certificateB64: string): { xml: string; signatureValid: boolean } {
  const raw = new URL(url).search.slice(1).split("&");
  const get = (k: string) => raw.find((p) => p.startsWith(`${k}=`));
  const message = get("SAMLRequest") ?? get("SAMLResponse");
  if (!message) throw new Error(`no SAML message in ${url}`);
  const signed = [message, get("RelayState"), get("SigAlg")].filter((p) => p !== undefined).join("&");
  const params = new URL(url).searchParams;
  if (params.get("SigAlg") !== "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") throw new Error("not RSA-SHA256");
  const pem = `-----BEGIN CERTIFICATE-----\n${certificateB64}\n-----END CERTIFICATE-----`;
  const signatureValid = createVerify("RSA-SHA256")
    .update(signed)
    .verify(pem, params.get("Signature") ?? "", "base64");
  const xml = inflateRawSync(Buffer.from(decodeURIComponent(message.slice(message.indexOf("=") + 1)), "base64"));
  return { xml: xml.toString("utf8"), signatureValid };
}

export { assertionXml, responseXml, signElement, signedResponse };
