/**
 * The development SAML IdP at /_dev/saml (development mode only, like the development Google), so SAML
 * federation runs offline: metadata (its own RSA key and self-signed certificate, kept sealed in
 * `userpool_meta`), an HTTP-Redirect SSO endpoint that reads the AuthnRequest and lists test accounts, a signed
 * Response posted back to this server's /saml2/idpresponse, and single logout (/slo). A test double: it answers
 * only this server's ACS URL, does not check request signatures, and keeps no sessions.
 */
import { createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import express, { type Request, type Response } from "express";
import type { Clock } from "../../clock.js";
import type { DataCrypto } from "../../crypto/envelope.js";
import { attr, childElements, parseXml } from "../../federation/xmlDom.js";
import { sendHostedPage } from "../../hosted/layout.js";
import { html, joinHtml } from "../../html.js";
import type { Random } from "../../random.js";
import type { RsaKeyGenerator } from "../../services/keys.js";
import { selfSignedCertificate } from "../../services/samlCertificates.js";
import type { PublicUrls } from "../../services/urls.js";
import type { Store } from "../../store/index.js";
import { devProviderHome } from "../home.js";
import {
  logoutResponseXml,
  SAML_NS,
  SAMLP_NS,
  signedResponse,
  signElement,
  xmlEscape,
  type SigningKey,
} from "./response.js";

const ASSERTION_LIFETIME_MS = 5 * 60_000;
const REQUEST_TTL_MS = 10 * 60_000;
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export interface DevSamlAccount {
  nameId: string;
  email: string;
  given_name: string;
  family_name: string;
}

/** The test accounts: NameID is the e-mail address, attributes named as a typical IdP sends them. */
export const DEV_SAML_ACCOUNTS: DevSamlAccount[] = [
  { nameId: "grace.hopper@example.com", email: "grace.hopper@example.com", given_name: "Grace", family_name: "Hopper" },
  {
    nameId: "edsger.dijkstra@example.com",
    email: "edsger.dijkstra@example.com",
    given_name: "Edsger",
    family_name: "Dijkstra",
  },
];

type Deps = {
  store: Store;
  crypto: DataCrypto;
  clock: Clock;
  random: Random;
  urls: PublicUrls;
  generateRsaKeyPair: RsaKeyGenerator;
};

interface PendingRequest {
  id: string;
  sp: string;
  relayState?: string;
  exp: number;
}

export function devSamlRouter(deps: Deps): express.Router {
  const r = express.Router();
  const entityId = () => `${deps.urls.hosted()}/_dev/saml`;
  const acsUrl = () => `${deps.urls.hosted()}/saml2/idpresponse`;
  const sloUrl = () => `${deps.urls.hosted()}/saml2/logout`;
  let key: Promise<SigningKey> | undefined;
  const signingKey = () => {
    key ??= loadKey(deps).catch((e: unknown) => {
      key = undefined;
      throw e;
    });
    return key;
  };
  const error = (res: Response, message: string) =>
    sendHostedPage(res, { status: 400, title: "SAML request refused", body: html`<p>${message}</p>` });

  r.get(
    "/",
    devProviderHome(deps.urls, "/_dev/saml", {
      title: "Development SAML IdP",
      info: "Development SAML IdP: test accounts only.",
      providerName: "DevSAML",
      button: "DevSAML",
      accounts: DEV_SAML_ACCOUNTS.map((a) => ({ name: `${a.given_name} ${a.family_name}`, email: a.email })),
      endpoints: [
        { label: "metadata", path: "/metadata", open: true },
        { label: "single sign-on (HTTP-Redirect)", path: "/sso" },
        { label: "single logout (HTTP-Redirect)", path: "/slo" },
      ],
    }),
  );

  r.get("/metadata", async (_req, res) => {
    const k = await signingKey();
    const base = entityId();
    res
      .type("application/samlmetadata+xml")
      .send(
        `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="${MD}" entityID="${xmlEscape(base)}">` +
          `<md:IDPSSODescriptor protocolSupportEnumeration="${SAMLP_NS}">` +
          `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
          `<ds:X509Certificate>${k.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
          `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
          `<md:SingleLogoutService Binding="${REDIRECT}" Location="${xmlEscape(base)}/slo"/>` +
          `<md:SingleSignOnService Binding="${REDIRECT}" Location="${xmlEscape(base)}/sso"/>` +
          `</md:IDPSSODescriptor></md:EntityDescriptor>`,
      );
  });

  /** The AuthnRequest of an HTTP-Redirect binding URL (SAML bindings §3.4.4.1: DEFLATE, base64). */
  const readRequest = (req: Request): { id: string; sp: string } | string => {
    const q = req.query as Record<string, unknown>;
    if (typeof q.SAMLRequest !== "string") return "SAMLRequest is missing.";
    let xml: string;
    try {
      xml = inflateRawSync(Buffer.from(q.SAMLRequest, "base64"), { maxOutputLength: 65536 }).toString("utf8");
    } catch {
      return "SAMLRequest is not DEFLATE-compressed base64.";
    }
    const root = parseXml(xml);
    if (!root || root.namespaceURI !== SAMLP_NS || root.localName !== "AuthnRequest") return "Not an AuthnRequest.";
    const id = attr(root, "ID");
    const sp = childElements(root, SAML_NS, "Issuer")[0]?.textContent?.trim();
    if (!id || !sp?.startsWith("urn:amazon:cognito:sp:")) return "The AuthnRequest needs an ID and a user pool Issuer.";
    const acs = attr(root, "AssertionConsumerServiceURL");
    if (acs !== null && acs !== acsUrl()) return "This IdP answers only this server's /saml2/idpresponse.";
    return { id, sp };
  };

  /**
   * Single logout (HTTP-Redirect in, HTTP-POST out, as Cognito expects): an SP's LogoutRequest gets a signed
   * LogoutResponse posted to /saml2/logout; an SP's LogoutResponse (to an IdP-initiated logout) ends here.
   * Keeping no sessions, it has nothing of its own to end, and, as at /sso, does not check the SP's signature.
   */
  r.get("/slo", async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const message = typeof q.SAMLRequest === "string" ? q.SAMLRequest : q.SAMLResponse;
    if (typeof message !== "string") return void error(res, "SAMLRequest or SAMLResponse is missing.");
    let root: ReturnType<typeof parseXml>;
    try {
      root = parseXml(inflateRawSync(Buffer.from(message, "base64"), { maxOutputLength: 65536 }).toString("utf8"));
    } catch {
      return void error(res, "The message is not DEFLATE-compressed base64.");
    }
    if (root?.namespaceURI === SAMLP_NS && root.localName === "LogoutResponse")
      return void sendHostedPage(res, {
        status: 200,
        title: "Signed out",
        info: "Development SAML IdP: test accounts only.",
        body: html`<p>You have been signed out of the user pool and of this IdP.</p>`,
      });
    if (root?.namespaceURI !== SAMLP_NS || root.localName !== "LogoutRequest")
      return void error(res, "Not a LogoutRequest or LogoutResponse.");
    const id = attr(root, "ID");
    const sp = childElements(root, SAML_NS, "Issuer")[0]?.textContent?.trim();
    if (!id || !sp?.startsWith("urn:amazon:cognito:sp:"))
      return void error(res, "The LogoutRequest needs an ID and a user pool Issuer.");
    const responseId = `_${randomUUID()}`;
    const xml = signElement(
      logoutResponseXml({
        id: responseId,
        issuer: entityId(),
        destination: sloUrl(),
        inResponseTo: id,
        now: deps.clock.now(),
      }),
      responseId,
      await signingKey(),
    );
    sendHostedPage(res, {
      status: 200,
      title: "Signed out",
      info: "Development SAML IdP: test accounts only.",
      body: joinHtml([
        html`<p>You have been signed out of the development SAML IdP.</p>`,
        html`<form method="post" action="${sloUrl()}">`,
        html`<input type="hidden" name="SAMLResponse" value="${Buffer.from(xml).toString("base64")}">`,
        html`<button type="submit" class="button">Continue</button></form>`,
      ]),
      formTargets: [new URL(deps.urls.hosted()).origin, "https:", "http:"],
    });
  });

  r.get("/sso", (req, res) => {
    const a = readRequest(req);
    if (typeof a === "string") return void error(res, a);
    const relay = typeof req.query.RelayState === "string" ? req.query.RelayState : undefined;
    const pending: PendingRequest = {
      ...a,
      ...(relay ? { relayState: relay } : {}),
      exp: deps.clock.now().getTime() + REQUEST_TTL_MS,
    };
    const sealed = deps.crypto.encrypt(JSON.stringify(pending), "dev-saml|request");
    const buttons = DEV_SAML_ACCOUNTS.map((acc) =>
      joinHtml([
        html`<button type="submit" name="account" value="${acc.nameId}" class="button idp">`,
        html`${acc.given_name} ${acc.family_name} <span class="hint">${acc.email}</span></button>`,
      ]),
    );
    sendHostedPage(res, {
      status: 200,
      title: "Choose an account",
      info: "Development SAML IdP: test accounts only.",
      body: joinHtml([
        html`<p>to continue to the Authhub user pool</p>`,
        html`<form method="post" action="${new URL(entityId()).pathname}/sso">`,
        html`<input type="hidden" name="request" value="${sealed}">${buttons}</form>`,
      ]),
    });
  });

  r.post("/sso", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    let pending: PendingRequest | undefined;
    try {
      pending = JSON.parse(
        deps.crypto.decrypt(String(form.request ?? ""), "dev-saml|request").toString("utf8"),
      ) as PendingRequest;
    } catch {
      pending = undefined;
    }
    if (!pending || pending.exp <= deps.clock.now().getTime()) return void error(res, "Start the sign-in again.");
    const acc = DEV_SAML_ACCOUNTS.find((x) => x.nameId === form.account);
    if (!acc) return void error(res, "Choose one of the listed accounts.");
    const xml = signedResponse(
      {
        issuer: entityId(),
        destination: acsUrl(),
        audience: pending.sp,
        inResponseTo: pending.id,
        nameId: acc.nameId,
        attributes: { email: acc.email, given_name: acc.given_name, family_name: acc.family_name },
        now: deps.clock.now(),
        lifetimeMs: ASSERTION_LIFETIME_MS,
        responseId: `_${randomUUID()}`,
        assertionId: `_${randomUUID()}`,
      },
      await signingKey(),
    );
    // The HTTP-POST binding (§3.5): a form the browser submits to the ACS URL. No script (the hosted CSP), so the
    // user presses Continue.
    sendHostedPage(res, {
      status: 200,
      title: "Continue to the user pool",
      info: "Development SAML IdP: test accounts only.",
      body: joinHtml([
        html`<form method="post" action="${acsUrl()}">`,
        html`<input type="hidden" name="SAMLResponse" value="${Buffer.from(xml).toString("base64")}">`,
        pending.relayState ? html`<input type="hidden" name="RelayState" value="${pending.relayState}">` : html``,
        html`<button type="submit" class="button">Continue</button></form>`,
      ]),
      // After the ACS come redirects to the client's callback, which form-action also governs in Chrome.
      formTargets: [new URL(deps.urls.hosted()).origin, "https:", "http:"],
    });
  });
  return r;
}

async function loadKey(deps: Deps): Promise<SigningKey> {
  let stored = await deps.store.meta.get("dev-saml-signing-key");
  if (!stored) {
    const { privateKey } = await deps.generateRsaKeyPair();
    const der = privateKey.export({ format: "der", type: "pkcs8" });
    stored = await deps.store.meta.setIfAbsent(
      "dev-saml-signing-key",
      deps.crypto.encrypt(der, "dev-saml-signing-key"),
    );
  }
  const privateKey = createPrivateKey({
    key: deps.crypto.decrypt(stored, "dev-saml-signing-key"),
    format: "der",
    type: "pkcs8",
  });
  // The certificate is kept too: providers store it from the metadata, so it must survive a restart.
  let certificate = await deps.store.meta.get("dev-saml-certificate");
  if (!certificate) {
    const cert = selfSignedCertificate(
      { privateKey, publicKey: createPublicKey(privateKey) },
      "Authhub development SAML IdP",
      deps.clock.now(),
      10,
      deps.random,
    );
    certificate = await deps.store.meta.setIfAbsent("dev-saml-certificate", cert);
  }
  return { privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(), certificate };
}
