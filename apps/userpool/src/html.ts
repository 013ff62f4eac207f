/**
 * HTML built by construction: `html` escapes every interpolated value, so the short way to write a
 * page is also the safe one. Only `raw` (our own constant markup, or markup made safe another way)
 * skips escaping, and every use of it is a line a reviewer can find.
 */

let trust: (markup: string) => Html;

/** Markup safe to send. Only `html` and `raw` make one: a plain string is not an `Html`. */
export class Html {
  readonly #markup: string;
  private constructor(markup: string) {
    this.#markup = markup;
  }
  static {
    // The constructor stays private to this module, so `raw` is the one visible way to trust a string.
    trust = (markup) => new Html(markup);
  }
  toString(): string {
    return this.#markup;
  }
}

/** What may be interpolated: text (escaped), numbers, trusted fragments, and lists of them (joined). */
export type HtmlValue = string | number | Html | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes the five characters that matter in text and in quoted attribute values. */
function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(v: HtmlValue): string {
  if (v instanceof Html) return v.toString();
  if (typeof v === "string") return escapeText(v);
  if (typeof v === "number") return String(v);
  let out = "";
  for (const item of v) out += render(item);
  return out;
}

/**
 * Tagged template: the literal parts are markup, every `${value}` is escaped (fragments made by
 * `html` or `raw` are kept as they are). Attribute values must be quoted: `href="${url}"`.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return trust(out);
}

/** Trusts `markup` as it is. Only for our own constants or markup already made safe; say why at the call. */
export function raw(markup: string): Html {
  return trust(markup);
}

const NOTHING = trust("");

/** Joins fragments, with a separator that is itself markup (e.g. `raw("<br>\n")`); text items are escaped. */
export function joinHtml(items: readonly HtmlValue[], separator: Html = NOTHING): Html {
  let out = "";
  items.forEach((item, i) => {
    out += (i ? separator.toString() : "") + render(item);
  });
  return trust(out);
}
