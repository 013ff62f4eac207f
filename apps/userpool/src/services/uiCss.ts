/**
 * The classic hosted UI's CSS (SetUICustomization). Cognito accepts only its `-customizable` classes and, for
 * each, a short list of properties, and refuses `@import`, `@supports`, `@page`, `@media` and script (Developer
 * Guide, "Customizing hosted UI (classic) branding",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-ui-classic-branding.html). The sheet is
 * parsed, every selector and property checked against that list, and re-written from the parsed parts, so what
 * reaches a page is only `selector{property:value}` with values that cannot load anything (no `url(`, no
 * escapes, no quotes): the page's CSP (a hash of this text, img-src limited) has nothing more to allow.
 * Each class is re-written as the selector of the element it names on this server's pages (PAGE_SELECTORS).
 */
import { InvalidParameterException } from "../errors/cognitoErrors.js";

const COLOR = ["color", "background-color"];
/** Class (with its pseudo-class where Cognito lists one) → the properties Cognito lets it set. */
export const CUSTOMIZABLE: Readonly<Record<string, readonly string[]>> = {
  "background-customizable": ["background-color"],
  "banner-customizable": ["padding", "background-color"],
  "errorMessage-customizable": [
    "margin",
    "padding",
    "font-size",
    "width",
    "background",
    "border",
    "color",
    "box-sizing",
  ],
  "idpButton-customizable": ["height", "width", "text-align", "margin-bottom", "border-color", ...COLOR],
  "idpButton-customizable:hover": COLOR,
  "idpDescription-customizable": ["padding-top", "padding-bottom", "display", "font-size"],
  "inputField-customizable": ["width", "height", "border", ...COLOR],
  "inputField-customizable:focus": ["border-color", "outline"],
  "label-customizable": ["font-weight"],
  "legalText-customizable": ["color", "font-size"],
  "logo-customizable": ["max-width", "max-height"],
  "passwordCheck-notValid-customizable": ["color"],
  "passwordCheck-valid-customizable": ["color"],
  "redirect-customizable": ["text-align"],
  "socialButton-customizable": ["height", "text-align", "width", "margin-bottom"],
  "submitButton-customizable": ["font-size", "font-weight", "margin", "width", "height", ...COLOR],
  "submitButton-customizable:hover": COLOR,
  "textDescription-customizable": ["padding-top", "padding-bottom", "display", "font-size"],
};

/**
 * Where each Cognito class lands on this server's pages, prefixed with `html body` so the pool's rule outweighs
 * the pages' own element-and-attribute selectors. The password-check classes name Cognito's live password
 * checklist, which these script-free pages do not have: accepted, and they style nothing.
 */
const INPUTS = ["input[type=text]", "input[type=email]", "input[type=password]"];
const PAGE_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  "background-customizable": [""],
  "banner-customizable": [".banner"],
  "errorMessage-customizable": [".error"],
  "idpButton-customizable": [".button.idp"],
  "idpButton-customizable:hover": [".button.idp:hover"],
  "idpDescription-customizable": [".divider"],
  "inputField-customizable": INPUTS,
  "inputField-customizable:focus": INPUTS.map((i) => `${i}:focus`),
  "label-customizable": ["label"],
  "legalText-customizable": [".terms"],
  "logo-customizable": [".banner img"],
  "passwordCheck-notValid-customizable": [".password-check-not-valid"],
  "passwordCheck-valid-customizable": [".password-check-valid"],
  "redirect-customizable": [".links"],
  "socialButton-customizable": [".button.idp"],
  "submitButton-customizable": ["button[type=submit]"],
  "submitButton-customizable:hover": ["button[type=submit]:hover"],
  "textDescription-customizable": ["main>p:not(.error):not(.info):not(.links):not(.divider)", ".hint"],
};

/** Values: colours, lengths, keywords; nothing that can fetch (url, image-set), escape or break out. */
const VALUE = /^[#\w\s.,%()+-]{1,200}$/u;
const FETCHING = /\b(?:url|image-set|image|cross-fade|element|expression|src)\s*\(/iu;

/** Checks the sheet as Cognito does and returns it re-written from its parsed rules (empty: no rules). */
export function sanitizeUiCss(css: string): string {
  const text = css.replace(/\/\*[\s\S]*?\*\//gu, " ");
  if (text.includes("/*")) throw bad("an unterminated comment");
  if (text.includes("@")) throw bad("at-rules (@import, @media, @supports, @page, …) are not allowed");
  if (/[<>\\"'`]/u.test(text)) throw bad("quotes, backslashes and angle brackets are not allowed");
  const out: string[] = [];
  const rule = /([^{}]*)\{([^{}]*)\}/gu;
  let at = 0;
  for (let m = rule.exec(text); m; m = rule.exec(text)) {
    if (text.slice(at, m.index).trim() !== "") throw bad("text outside a rule");
    at = m.index + m[0].length;
    const selectors = m[1]!.split(",").map((s) => s.trim());
    const props = new Set<string>();
    const allowed = selectors.map((s) => {
      const name = /^\.([A-Za-z-]+(?::hover|:focus)?)$/u.exec(s)?.[1];
      const list = name === undefined ? undefined : CUSTOMIZABLE[name];
      if (!list)
        throw bad(`the selector ${JSON.stringify(s.slice(0, 80))} is not one of Cognito's customizable classes`);
      return { name: name!, list };
    });
    const decls: string[] = [];
    for (const d of m[2]!.split(";")) {
      if (d.trim() === "") continue;
      const colon = d.indexOf(":");
      const prop = (colon < 0 ? d : d.slice(0, colon)).trim().toLowerCase();
      const value = colon < 0 ? "" : d.slice(colon + 1).trim();
      for (const a of allowed)
        if (!a.list.includes(prop)) throw bad(`the property ${JSON.stringify(prop.slice(0, 40))} of .${a.name}`);
      if (!VALUE.test(value) || FETCHING.test(value) || /!\s*important/iu.test(value))
        throw bad(`the value of ${prop} in .${allowed[0]!.name}`);
      if (props.has(prop)) continue;
      props.add(prop);
      decls.push(`${prop}:${value.replace(/\s+/gu, " ")}`);
    }
    const onPage = allowed.flatMap((a) => PAGE_SELECTORS[a.name]!.map((p) => `html body${p ? ` ${p}` : ""}`));
    if (decls.length) out.push(`${[...new Set(onPage)].join(",")}{${decls.join(";")}}`);
  }
  if (text.slice(at).trim() !== "") throw bad("text outside a rule, or an unbalanced brace");
  return out.join("");
}

function bad(what: string): Error {
  return new InvalidParameterException(`CSS is not valid: ${what}.`);
}
