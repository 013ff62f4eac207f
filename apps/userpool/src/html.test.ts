import { describe, expect, it } from "vitest";
import { Html, html, joinHtml, raw } from "./html.js";

describe("html", () => {
  it("escapes the five significant characters in every interpolated string", () => {
    expect(html`<p>${`<script>alert("x") & 'y'</script>`}</p>`.toString()).toBe(
      "<p>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>",
    );
  });

  it("leaves the literal parts alone and renders numbers as text", () => {
    expect(html`<td class="n">${42}</td><td>${-1.5}</td>`.toString()).toBe('<td class="n">42</td><td>-1.5</td>');
  });

  it("keeps a quoted attribute value inside its quotes", () => {
    const href = `https://x.example/?a=1&b="><img src=x onerror=alert(1)>`;
    expect(html`<a href="${href}" title='${"it's"}'>go</a>`.toString()).toBe(
      '<a href="https://x.example/?a=1&amp;b=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" ' +
        "title='it&#39;s'>go</a>",
    );
  });

  it("nests fragments without escaping them twice, and joins lists", () => {
    const item = (s: string) => html`<li>${s}</li>`;
    const list = html`<ul>${["a&b", "<c>"].map(item)}</ul>`;
    expect(list.toString()).toBe("<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>");
    expect(html`<div>${list}</div>`.toString()).toBe("<div><ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul></div>");
    expect(html`<p>${["x", html`<br>`, "<y>", [1, "&"]]}</p>`.toString()).toBe("<p>x<br>&lt;y&gt;1&amp;</p>");
    expect(html`<p>${[]}</p>`.toString()).toBe("<p></p>");
  });

  it("trusts only what raw marks, as it is", () => {
    expect(html`<style>${raw("a>b{color:red}")}</style>`.toString()).toBe("<style>a>b{color:red}</style>");
    expect(raw("<b>&amp;</b>").toString()).toBe("<b>&amp;</b>");
  });

  it("joins items with a markup separator, escaping text items", () => {
    expect(joinHtml(["a<b", html`<i>c</i>`, "d"], raw("<br>\n")).toString()).toBe("a&lt;b<br>\n<i>c</i><br>\nd");
    expect(joinHtml([], raw("<br>")).toString()).toBe("");
  });

  it("makes a type that a plain string is not", () => {
    // @ts-expect-error: a string must go through html`` or raw() first
    const plain: Html = "<p>x</p>";
    expect(plain).not.toBeInstanceOf(Html);
    expect(html`<p>x</p>`).toBeInstanceOf(Html);
  });
});
