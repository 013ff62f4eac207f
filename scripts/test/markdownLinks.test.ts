/** Every relative link and anchor in the repository's Markdown resolves, so moving a page or heading cannot rot it. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { anchorsIn, brokenLinks, linksIn, slug } from "../lib/markdownLinks.js";

const ROOT = join(import.meta.dirname, "../..");

describe("Markdown links", () => {
  it("every relative link in a .md file of the repository names an existing file and heading", () => {
    // Tracked files, and new ones not yet added (but not ignored ones), so a page is checked before its commit.
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.md"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => brokenLinks(ROOT, file))).toEqual([]);
  });

  it("makes GitHub's anchors", () => {
    expect(slug("Embedding: `startUserpool`")).toBe("embedding-startuserpool");
    expect(slug("Security choices (RFC 9700 / ASVS over Cognito's defaults)")).toBe(
      "security-choices-rfc-9700--asvs-over-cognitos-defaults",
    );
    expect(slug("`USERPOOL_MODE` and `__Host-x`")).toBe("userpool_mode-and-__host-x");
    expect(slug("The _lean_ path, [see](x.md) **now**")).toBe("the-lean-path-see-now");
    expect([...anchorsIn('# A\n## A\n```\n# B\n```\n<a id="c"></a>\n### A\n## Option: `Code`')]).toEqual([
      "a",
      "a-1",
      "c",
      "a-2",
      "option-code",
    ]);
  });

  it("reads links outside code only", () => {
    const md = "[a](x.md#y) `[b](no.md)` ![i](img.png)\n```\n[c](no.md)\n```\n[d]: ref.md\n[`e[0]`](z.md)";
    expect(linksIn(md).map((l) => l.target)).toEqual(["x.md#y", "img.png", "ref.md", "z.md"]);
  });

  describe("finds what is broken", () => {
    const root = mkdtempSync(join(tmpdir(), "md-links-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs/page.md"), "# Page\n## Some section\n");
    writeFileSync(
      join(root, "README.md"),
      [
        "[ok](docs/page.md#some-section) [dir](docs) [web](https://example.com/x.md) [self](#top)",
        "# Top",
        "[missing file](docs/nope.md)",
        "[missing anchor](docs/page.md#other)",
        "[outside](../x.md)",
        "[absolute](/docs/page.md)",
        "[anchor in a folder](docs#x)",
      ].join("\n"),
    );

    it("reports each broken link with its line and reason", () => {
      expect(brokenLinks(root, "README.md")).toEqual([
        "README.md:3: docs/nope.md: no such file",
        "README.md:4: docs/page.md#other: no heading with that anchor",
        "README.md:5: ../x.md: points outside the repository",
        "README.md:6: /docs/page.md: absolute path (GitHub resolves it against the site, not the repository)",
        "README.md:7: docs#x: an anchor into something that is not a Markdown file",
      ]);
    });
  });
});
