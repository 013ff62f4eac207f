/**
 * The preview of the hosted sign-in page, built in the browser from the CSS and logo being edited (ADR 0053):
 * the real page cannot be framed (its `frame-ancestors 'none'` stops clickjacking, and it lives on the HTTPS
 * origin), and a preview must show what is not saved yet. The markup carries Cognito's own `-customizable`
 * classes on the elements they name on the hosted pages (apps/userpool/src/services/uiCss.ts), so a sheet
 * written for Cognito applies here as it does there. Shown in a sandboxed iframe: no script, an opaque origin,
 * and a CSP that lets the sheet load nothing but the logo.
 */

// The hosted pages' look (apps/userpool/src/hosted/layout.ts) inside :where(), so any class rule of the pool wins.
const BASE_CSS = [
  ":root{color-scheme:light}*{box-sizing:border-box}",
  ":where(body){margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;",
  "color:#1d2330;background:#f5f6f8}",
  ":where(main){max-width:26rem;margin:1.5rem auto;background:#fff;border:1px solid #d8dce3;border-radius:8px;",
  "padding:1.5rem 2rem}",
  ":where(.banner){text-align:center;margin-bottom:.5rem}:where(.banner img){max-width:100%;max-height:4rem}",
  ":where(h1){font-size:1.4rem;margin:.25rem 0 1rem}:where(a){color:#2f5bd3}",
  ":where(label){display:block;font-weight:600;margin:.9rem 0 .3rem}",
  ":where(input){width:100%;padding:.6rem;font:inherit;border:1px solid #767d8c;border-radius:4px}",
  ":where(button,.button){display:block;width:100%;margin-top:1.2rem;padding:.7rem;border:0;border-radius:4px;",
  "font:inherit;background:#2f5bd3;color:#fff;font-weight:600;text-align:center;text-decoration:none}",
  ":where(.button.idp){background:#fff;color:#1d2330;border:1px solid #767d8c;margin-top:.6rem}",
  ":where(.error){color:#8a1f17;background:#fdecea;border:1px solid #f2b8be;border-radius:4px;padding:.6rem}",
  ":where(.divider){text-align:center;color:#5b6475;margin:1.2rem 0 .2rem}:where(.links){margin-top:1.2rem}",
].join("");

const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:";

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The preview document. `css` is the pool's sheet as typed; `logo` a data: or https: URL. */
export function brandingPreview({ css, logo }: { css: string; logo?: string | undefined }): string {
  // The sheet cannot close its element (the hosted page guards the same way).
  const sheet = css.replace(/</g, "\\3C ");
  const img =
    logo && /^(data:image\/|https:)/.test(logo) ? `<img class="logo-customizable" src="${attr(logo)}" alt="logo">` : "";
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">`,
    `<style>${BASE_CSS}</style><style>${sheet}</style></head>`,
    '<body class="background-customizable"><main>',
    img ? `<div class="banner banner-customizable">${img}</div>` : "",
    "<h1>Sign in</h1>",
    '<p class="error errorMessage-customizable">Incorrect username or password.</p>',
    '<label class="label-customizable">Username</label><input class="inputField-customizable" value="alice">',
    '<label class="label-customizable">Password</label>',
    '<input class="inputField-customizable" type="password" value="password">',
    '<button class="submitButton-customizable">Sign in</button>',
    '<p class="divider idpDescription-customizable">or</p>',
    '<span class="button idp idpButton-customizable socialButton-customizable">Continue with Google</span>',
    '<p class="links redirect-customizable"><a>Forgot your password?</a></p>',
    '<p class="textDescription-customizable legalText-customizable">Need an account? <a>Sign up</a></p>',
    "</main></body></html>",
  ].join("");
}
