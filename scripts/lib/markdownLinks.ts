/**
 * Relative links in Markdown: every `[text](path#anchor)` must name a file or folder that exists and, for a
 * Markdown target, a heading (or `<a id>`) in it. Anchors are GitHub's: the heading's text lower-cased, stripped
 * of punctuation, spaces as hyphens, a repeated slug suffixed `-1`, `-2`. Links inside code are not links.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

export interface Link {
  line: number;
  target: string;
}

/** Drops fenced code blocks (keeping line numbers) and, unless told to keep them, inline code spans. */
function withoutCode(markdown: string, keepInlineCode = false): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      // A closing fence is the same character, at least as long, with nothing after it.
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener)
        fence = undefined;
      return "";
    }
    if (opener) {
      fence = opener;
      return "";
    }
    return keepInlineCode ? line : line.replace(/(`+)(?:(?!\1).)+?\1/g, "");
  });
}

/** The link targets of a Markdown text: inline links, images and reference definitions, outside code. */
export function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown).forEach((text, i) => {
    // `[text](target "title")`; the text may hold one level of brackets (`[`x[0]`](…)`).
    for (const m of text.matchAll(/\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: i + 1, target: m[1]! });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(text);
    if (definition) links.push({ line: i + 1, target: definition[1]! });
  });
  return links;
}

/** GitHub's anchor for a heading's text. */
export function slug(heading: string): string {
  // Code spans keep their text as written; elsewhere links keep their text and HTML and emphasis marks go.
  const text = heading
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2
        ? part.replace(/^`+|`+$/g, "")
        : part
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
            .replace(/<[^>]+>/g, "")
            .replace(/\*|(?<!\w)_+|_+(?!\w)/g, ""),
    )
    .join("");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a Markdown text offers: its headings' slugs (numbered when repeated) and `<a id|name>`. */
export function anchorsIn(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown, true)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** What is wrong with each relative link of `file` (a path under `root`), as `file:line: target: reason`. */
export function brokenLinks(root: string, file: string, read = (path: string) => readFileSync(path, "utf8")): string[] {
  const problems: string[] = [];
  const markdown = read(join(root, file));
  for (const { line, target } of linksIn(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // https:, mailto:, …
    const hash = target.indexOf("#");
    const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const where = `${file}:${line}: ${target}`;
    if (pathPart.startsWith("/")) {
      problems.push(`${where}: absolute path (GitHub resolves it against the site, not the repository)`);
      continue;
    }
    const resolved = pathPart === "" ? file : normalize(join(dirname(file), pathPart.split("?")[0]!));
    if (resolved.startsWith("..")) {
      problems.push(`${where}: points outside the repository`);
      continue;
    }
    const absolute = join(root, resolved);
    if (!existsSync(absolute)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === "") continue;
    if (statSync(absolute).isDirectory() || !resolved.endsWith(".md")) {
      problems.push(`${where}: an anchor into something that is not a Markdown file`);
      continue;
    }
    if (!anchorsIn(read(absolute)).has(anchor)) problems.push(`${where}: no heading with that anchor`);
  }
  return problems;
}
