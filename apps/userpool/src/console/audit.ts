/**
 * The console's audit log (ADR 0052): one entry per mutating operation, sign-in and sign-out, with who,
 * what, which pool and which object, and the outcome. The caller passes only names and ids: no password,
 * secret, code or token ever reaches this module.
 */
import type { Request } from "express";
import { ConsoleError, type ConsoleContext, limitParam, route, sendJson } from "./context.js";

const MAX_TEXT = 256;
/**
 * Entries hold caller text (a refused Username, a sign-in name) as typed, clipped, with U+0000 and lone surrogates
 * (also a pair the clip cut in half) as U+FFFD: PostgreSQL's text cannot hold U+0000, so such an entry failed the
 * request with a 500 there, and both engines must keep the same text.
 */
const clip = (s: string) =>
  (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s).replaceAll("\u0000", "\uFFFD").replace(/\p{Cs}/gu, "\uFFFD");

export async function recordAudit(
  ctx: ConsoleContext,
  e: { who: string; operation: string; userPoolId?: string | undefined; target?: string | undefined; outcome: string },
): Promise<void> {
  await ctx.store.consoleAudit.append({
    at: ctx.services.clock.now().getTime(),
    who: clip(e.who),
    operation: clip(e.operation),
    userPoolId: e.userPoolId ? clip(e.userPoolId) : null,
    target: e.target ? clip(e.target) : null,
    outcome: clip(e.outcome),
  });
}

function beforeParam(req: Request): number | undefined {
  const raw = req.query.before;
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d{1,15}$/.test(raw))
    throw new ConsoleError(400, "invalid_request", "before must be an entry id.");
  return Number(raw);
}

/**
 * An exact-match filter: one value, 1..max characters (the column's width). U+0000 is refused: PostgreSQL cannot
 * hold it, so it could never match, and the query would fail rather than answer an empty page.
 */
function filterParam(req: Request, name: "who" | "operation", max: number): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || raw.length < 1 || raw.length > max || raw.includes("\u0000"))
    throw new ConsoleError(400, "invalid_request", `${name} must be one value of 1..${max} characters.`);
  return raw;
}

/**
 * `GET /_console/api/audit?limit=50&before=<id>&who=<actor>&operation=<name>`: newest first, keyset-paged by id
 * (a page is stable while entries are added or pruned); `next` pages on and is sent back with the same filters.
 */
export function listAudit(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const limit = limitParam(req, 50, 200);
    const before = beforeParam(req);
    const who = filterParam(req, "who", 512);
    const operation = filterParam(req, "operation", 128);
    // One more than asked tells whether a next page exists.
    const rows = await ctx.store.consoleAudit.list({
      limit: limit + 1,
      ...(before !== undefined ? { before } : {}),
      ...(who !== undefined ? { who } : {}),
      ...(operation !== undefined ? { operation } : {}),
    });
    const page = rows.slice(0, limit);
    sendJson(res, 200, {
      entries: page.map((e) => ({
        id: String(e.id),
        at: new Date(e.at).toISOString(),
        who: e.who,
        operation: e.operation,
        ...(e.userPoolId ? { userPoolId: e.userPoolId } : {}),
        ...(e.target ? { target: e.target } : {}),
        outcome: e.outcome,
      })),
      ...(rows.length > limit ? { next: String(page.at(-1)!.id) } : {}),
    });
  });
}
