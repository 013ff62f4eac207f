import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CognitoError } from "../errors/cognitoErrors.js";
import { CUSTOMIZABLE, sanitizeUiCss } from "./uiCss.js";

// Developer Guide, "Customizing hosted UI (classic) branding": Cognito's classes and their properties only.
describe("the classic hosted UI CSS", () => {
  it("re-writes each Cognito class onto the element it names on our pages, behind html body", () => {
    expect(
      sanitizeUiCss(
        "/* brand */ .submitButton-customizable , .submitButton-customizable:hover { background-color : #c0ffee ; }\n" +
          ".inputField-customizable:focus{border-color:rgb(1,2,3);outline:2px}.background-customizable{}",
      ),
    ).toBe(
      "html body button[type=submit],html body button[type=submit]:hover{background-color:#c0ffee}" +
        "html body input[type=text]:focus,html body input[type=email]:focus,html body input[type=password]:focus" +
        "{border-color:rgb(1,2,3);outline:2px}",
    );
    expect(sanitizeUiCss(".background-customizable{background-color:#fff;background-color:red}")).toBe(
      "html body{background-color:#fff}",
    );
    expect(sanitizeUiCss("  ")).toBe("");
  });

  it("takes every property Cognito lists for every class", () => {
    for (const [cls, props] of Object.entries(CUSTOMIZABLE))
      for (const p of props) expect(() => sanitizeUiCss(`.${cls}{${p}:10px}`), `${cls} ${p}`).not.toThrow();
  });

  it("refuses everything else, by name", () => {
    const refused = (css: string) => {
      try {
        sanitizeUiCss(css);
      } catch (e) {
        expect(e).toBeInstanceOf(CognitoError);
        return (e as CognitoError).message;
      }
      throw new Error(`accepted: ${css}`);
    };
    expect(refused(".label-customizable{color:red}")).toBe(
      'CSS is not valid: the property "color" of .label-customizable.',
    );
    expect(refused("div.label-customizable{font-weight:700}")).toMatch(/selector "div.label-customizable"/u);
    expect(refused(".label-customizable:hover{font-weight:700}")).toMatch(/selector/u);
    expect(refused(".background-customizable{background-color:url(x)}")).toMatch(/value of background-color/u);
    expect(refused(".background-customizable{background-color:expression(alert(1))}")).toMatch(/value/u);
    expect(refused("@font-face{src:x}")).toMatch(/at-rules/u);
    expect(refused(".label-customizable{font-weight:7\\30 0}")).toMatch(/backslashes/u);
    expect(refused(".label-customizable{font-weight:700} stray")).toMatch(/outside a rule/u);
    expect(refused(".label-customizable{font-weight:700}}")).toMatch(/unbalanced brace/u);
    expect(refused("/* open .label-customizable{font-weight:700}")).toMatch(/unterminated comment/u);
    expect(refused(".label-customizable{font-weight}")).toMatch(/value of font-weight/u);
  });

  it("never lets anything that fetches or escapes through (fuzzed)", () => {
    const pieces = fc.constantFrom(
      ".submitButton-customizable",
      ".label-customizable",
      ".background-customizable",
      "{",
      "}",
      ";",
      ":",
      ",",
      " ",
      "background-color",
      "font-weight",
      "url(",
      ")",
      "#fff",
      "red",
      "@import",
      "<",
      "/*",
      "*/",
      "\\",
      '"',
      "!important",
      "image-set(",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        let out: string;
        try {
          out = sanitizeUiCss(parts.join(""));
        } catch (e) {
          expect(e).toBeInstanceOf(CognitoError);
          return;
        }
        expect(out).not.toMatch(/url\(|image-set|@|<|\\|"|'|\/\*|!important/iu);
        // What comes out is only rules: selectors behind html body, then one declaration block each.
        expect(out).toMatch(/^(?:html body[^{}]*\{[^{}]+\})*$/u);
      }),
      { numRuns: 2000 },
    );
  });
});
