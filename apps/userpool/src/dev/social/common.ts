/**
 * What the development social providers share: the account chooser (CSRF-protected, as the development
 * Google's), codes and access tokens sealed under the data key, and single-use codes (a redeemed code's hash is
 * remembered in federation_states until it expires, so a replay fails on every instance).
 */
import type { Request, Response } from "express";
import { epochSeconds, type Clock } from "../../clock.js";
import { sha256, type DataCrypto } from "../../crypto/envelope.js";
import { csrfOk, csrfToken } from "../../hosted/csrf.js";
import { sendHostedPage } from "../../hosted/layout.js";
import { html, joinHtml } from "../../html.js";
import type { Random } from "../../random.js";
import type { PublicUrls } from "../../services/urls.js";
import type { Store } from "../../store/index.js";
import type { DevSocialAccount } from "./config.js";

export const CODE_TTL_S = 300;
export const TOKEN_TTL_S = 3600;

export type DevSocialDeps = { store: Store; crypto: DataCrypto; clock: Clock; random: Random; urls: PublicUrls };

export interface DevCode {
  k: "code";
  clientId: string;
  redirectUri: string;
  id: string;
  scope: string;
  nonce?: string;
  exp: number;
}

export function devSocial(deps: DevSocialDeps, name: string) {
  const aad = (purpose: string) => `dev-${name}|${purpose}`;
  const now = () => epochSeconds(deps.clock.now());
  const callback = () => `${deps.urls.hosted()}/oauth2/idpresponse`;
  const seal = (v: object, purpose: string) => deps.crypto.encrypt(JSON.stringify(v), aad(purpose));
  return {
    now,
    /** The only redirect URI registered at the development providers: this server's. */
    callback,
    seal,
    /** A sealed authorization code for the chosen account, valid CODE_TTL_S, redeemable once. */
    code(clientId: string, id: string, scope: string, nonce?: string): string {
      const code: DevCode = { k: "code", clientId, redirectUri: callback(), id, scope, exp: now() + CODE_TTL_S };
      return seal(nonce ? { ...code, nonce } : code, "code");
    },
    /** The provider's answer by redirect: 303 to the pool's idpresponse with these parameters. */
    redirectBack(res: Response, params: Record<string, string | undefined>): void {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
      res
        .status(303)
        .set({ Location: `${callback()}?${p}`, "Cache-Control": "no-store" })
        .end();
    },
    unseal<T>(s: unknown, purpose: string): T | undefined {
      if (typeof s !== "string" || s.length > 4096) return undefined;
      try {
        return JSON.parse(deps.crypto.decrypt(s, aad(purpose)).toString("utf8")) as T;
      } catch {
        return undefined;
      }
    },
    /** True the first time a code is redeemed; false for a replay. */
    async redeemOnce(code: string, exp: number): Promise<boolean> {
      const t = deps.clock.now().getTime();
      return deps.store.federationStates.rememberOnce({
        stateHash: sha256(`dev-${name}-code|${code}`),
        poolId: "_dev",
        providerName: name,
        dataEnc: "",
        createdAt: t,
        expiresAt: exp * 1000,
        usedAt: t,
      });
    },
    /** The chooser: one button per test account, posting back to the same URL (query included). */
    chooser(req: Request, res: Response, o: { title: string; info: string; accounts: DevSocialAccount[] }): void {
      const token = csrfToken(deps, req, res);
      const action = `${req.baseUrl}${req.path}${req.originalUrl.slice(req.originalUrl.indexOf("?"))}`;
      const buttons = o.accounts.map((acc) =>
        joinHtml([
          html`<button type="submit" name="account" value="${acc.id}" class="button idp">`,
          html`${acc.firstName} ${acc.lastName} <span class="hint">${acc.email}</span></button>`,
        ]),
      );
      sendHostedPage(res, {
        status: 200,
        title: o.title,
        info: o.info,
        body: joinHtml([
          html`<p>to continue to the Authhub user pool</p><form method="post" action="${action}">`,
          html`<input type="hidden" name="_csrf" value="${token}">${buttons}</form>`,
        ]),
        // The redirect chain after the POST ends at the relying party's client callback (see the dev Google).
        formTargets: [new URL(deps.urls.hosted()).origin, "https:", "http:"],
      });
    },
    /** The chosen account of a chooser POST, or undefined after answering the error page. */
    chosen(req: Request, res: Response, accounts: DevSocialAccount[]): DevSocialAccount | undefined {
      const form = (req.body ?? {}) as Record<string, string>;
      if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin)) {
        errorPage(res, 403, "Session expired", "Go back and choose the account again.");
        return undefined;
      }
      const acc = accounts.find((a) => a.id === form.account);
      if (!acc) errorPage(res, 400, "Unknown account", "Choose one of the listed accounts.");
      return acc;
    },
  };
}

export function errorPage(res: Response, status: number, title: string, message: string): void {
  sendHostedPage(res, { status, title, body: html`<p>${message}</p>` });
}

/** A string query or form parameter. */
export function param(source: unknown, key: string): string | undefined {
  const v = (source as Record<string, unknown> | undefined)?.[key];
  return typeof v === "string" ? v : undefined;
}

export function bearer(req: Request): string | undefined {
  return /^Bearer (.+)$/i.exec(req.get("authorization") ?? "")?.[1];
}
