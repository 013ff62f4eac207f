/**
 * One page's layout and accessibility figures: horizontal overflow and axe-core's violations, with a screenshot.
 * Injected through CDP (page.evaluate), which no page's Content-Security-Policy governs.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: number;
  /** The first offending elements' selectors, to find them without rerunning. */
  targets: string[];
}

export interface PageCheck {
  page: string;
  width: number;
  /** document scrollWidth minus the viewport width: > 0 is horizontal overflow. */
  overflowPx: number;
  h1: number;
  /** Rules axe-core found satisfied: 0 would mean it checked nothing (not injected, or an empty page). */
  axePasses: number;
  axe: AxeViolation[];
}

/** Runs axe-core in the loaded page and measures overflow; `shot` (a path) also saves a full-page screenshot. */
export async function checkPage(page: Page, name: string, width: number, shot?: string): Promise<PageCheck> {
  await page.evaluate(AXE_SOURCE);
  const measured = await page.evaluate(async () => {
    const w = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<unknown> };
      innerWidth: number;
      axe: {
        run(o: unknown): Promise<{
          violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[];
          passes: unknown[];
        }>;
      };
    };
    const result = await w.axe.run({ resultTypes: ["violations"] });
    return {
      overflowPx: w.document.documentElement.scrollWidth - w.innerWidth,
      h1: w.document.querySelectorAll("h1").length,
      axePasses: result.passes.length,
      axe: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 3).map((n) => String(n.target.join(" "))),
      })),
    };
  });
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  return { page: name, width, ...measured };
}

/** The serious or critical violations and any overflow, one line each (empty: the page passes). */
export function problemsOf(checks: readonly PageCheck[]): string[] {
  return checks.flatMap((c) => [
    ...(c.overflowPx > 0 ? [`${c.page} @${c.width}: ${c.overflowPx} px horizontal overflow`] : []),
    ...(c.h1 !== 1 ? [`${c.page} @${c.width}: ${c.h1} h1 elements`] : []),
    ...(c.axePasses === 0 ? [`${c.page} @${c.width}: axe-core checked nothing`] : []),
    ...c.axe
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${c.page} @${c.width}: axe ${v.impact} ${v.id} (${v.nodes}: ${v.targets.join(", ")})`),
  ]);
}
