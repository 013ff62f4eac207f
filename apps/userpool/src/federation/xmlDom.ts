/**
 * @xmldom/xmldom (the DOM parser node-saml and xml-crypto use) behind a narrow local type. Its own type file
 * pulls `lib: dom` into the whole program, which would give the server the browser's globals (Headers,
 * CryptoKey…) and break type checks elsewhere; loading it through require keeps those types out.
 */
import { createRequire } from "node:module";

export interface XmlNode {
  nodeType: number;
  firstChild: XmlNode | null;
  nextSibling: XmlNode | null;
  textContent: string | null;
}
export interface XmlElement extends XmlNode {
  namespaceURI: string | null;
  localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

/** An attribute's value, undefined when absent (xmldom's getAttribute answers "" for a missing one). */
export function attr(e: XmlElement, name: string): string | undefined {
  return e.hasAttribute(name) ? (e.getAttribute(name) ?? "") : undefined;
}

interface XmlDom {
  DOMParser: new (o: {
    errorHandler: { warning(m: string): void; error(m: string): void; fatalError(m: string): void };
  }) => { parseFromString(xml: string, type: string): { documentElement: XmlElement | null } };
}

let xmldom: XmlDom | undefined;
/** Loaded on first use: a server without SAML providers never needs it. */
const loadXmldom = (): XmlDom => (xmldom ??= createRequire(import.meta.url)("@xmldom/xmldom") as XmlDom);

/** The document element of `xml`, or undefined when it is not well-formed. Warnings are ignored. */
export function parseXml(xml: string): XmlElement | undefined {
  const errors: string[] = [];
  try {
    const doc = new (loadXmldom().DOMParser)({
      errorHandler: { warning: () => {}, error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
    }).parseFromString(xml, "text/xml");
    return errors.length ? undefined : (doc.documentElement ?? undefined);
  } catch {
    return undefined;
  }
}

/** Child elements of `parent` with namespace `ns` and local name `local`. */
export function childElements(parent: XmlNode, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    const e = n as XmlElement;
    if (n.nodeType === 1 && e.namespaceURI === ns && e.localName === local) out.push(e);
  }
  return out;
}
