/**
 * The other hosted pages: /signup, /confirm, /forgotPassword, /confirmForgotPassword. Each runs the
 * JSON API's own operation (SignUp, ConfirmSignUp, ForgotPassword, ConfirmForgotPassword) so quotas,
 * user-existence protection and triggers behave exactly as through the API, then moves on with a
 * 303 (never re-POSTable) to the next page of the same authorization request.
 */
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { type Html, html, joinHtml } from "../html.js";
import type { AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams, queryParams } from "../oauth/params.js";
import { linkFor, type SignUpTerms } from "../services/terms.js";
import { csrfOk } from "./csrf.js";
import { HostedFormError, passwordRules } from "./errorText.js";
import {
  callOperation,
  csrfField,
  formValue,
  handleAuthorizeError,
  page,
  pageUrl,
  redirect,
  requestForPage,
  shownError,
  type HostedDeps,
} from "./flow.js";

interface Field {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autocomplete: string;
  hint?: string;
}

interface PageSpec {
  path: string;
  title: string;
  intro(r: AuthorizationRequest, q: Record<string, string>): Html;
  fields(r: AuthorizationRequest): Field[];
  submit: string;
  /** Runs the operation; returns where to go next. Throws CognitoError for the page to show. */
  act(
    deps: HostedDeps,
    r: AuthorizationRequest,
    form: Record<string, string>,
    requestId: string,
    terms: SignUpTerms | undefined,
  ): Promise<string>;
}

const usernameField = (r: AuthorizationRequest): Field =>
  (r.pool.settings.UsernameAttributes ?? []).includes("email")
    ? { name: "username", label: "Email address", type: "email", autocomplete: "email" }
    : { name: "username", label: "Username", type: "text", autocomplete: "username" };

function policyHint(r: AuthorizationRequest): string {
  return `Use ${passwordRules(r.pool.settings.Policies.PasswordPolicy)}.`;
}

const usernameNoun = (r: AuthorizationRequest) =>
  (r.pool.settings.UsernameAttributes ?? []).includes("email") ? "email address" : "username";

const deliveryText = (d: CodeDeliveryDetailsType | undefined, what: string) =>
  d?.Destination ? `We sent ${what} to ${d.Destination}.` : `We sent ${what} if the account exists.`;

const PAGES: PageSpec[] = [
  {
    path: "/signup",
    title: "Sign up",
    intro: () => html``,
    fields: (r) => [
      usernameField(r),
      ...((r.pool.settings.UsernameAttributes ?? []).includes("email")
        ? []
        : [{ name: "email", label: "Email address", type: "email" as const, autocomplete: "email" }]),
      { name: "password", label: "Password", type: "password", autocomplete: "new-password", hint: policyHint(r) },
    ],
    submit: "Sign up",
    async act(deps, r, form, requestId, terms) {
      // The client's terms are shown with a box to tick; without it nothing is created (ADR 0030).
      if (terms && form.accept_terms !== "on")
        throw new HostedFormError("Accept the terms of use and the privacy policy to sign up.");
      const username = formValue(form, "username", 128).trim();
      const email = (r.pool.settings.UsernameAttributes ?? []).includes("email")
        ? undefined
        : formValue(form, "email", 320).trim();
      // Managed login always requires a password (developer guide, "Signing up and confirming user
      // accounts"): an empty field is not a passwordless sign-up here, as it would be through the API.
      const password = formValue(form, "password", 256);
      if (password === "")
        throw new CognitoError(
          "InvalidPasswordException",
          "Password did not conform with policy: Password not long enough",
        );
      const out = (await callOperation(
        deps,
        "SignUp",
        r,
        {
          Username: username,
          Password: password,
          ...(email ? { UserAttributes: [{ Name: "email", Value: email }] } : {}),
        },
        requestId,
        username,
      )) as { UserConfirmed?: boolean; UserSub?: string };
      if (terms && out.UserSub) await deps.terms.recordAcceptance(out.UserSub, terms);
      return out.UserConfirmed
        ? pageUrl(deps, "/login", r, { username, info: "confirmed" })
        : pageUrl(deps, "/confirm", r, { username, info: "sent" });
    },
  },
  {
    path: "/confirm",
    title: "Verify your account",
    intro: (r, q) =>
      r.pool.settings.VerificationMessageTemplate.DefaultEmailOption === "CONFIRM_WITH_LINK"
        ? html`<p>${
            "We sent you an email with a verification link. Open it, then sign in. " +
            "If your email also holds a code, you can enter it here."
          }</p>`
        : q.info === "sent"
          ? html`<p>We sent a verification code to your email address. Enter it below.</p>`
          : html`<p>Enter the verification code we sent you.</p>`,
    fields: (r) => [
      usernameField(r),
      { name: "code", label: "Verification code", type: "text", autocomplete: "one-time-code" },
    ],
    submit: "Verify account",
    async act(deps, r, form, requestId) {
      const username = formValue(form, "username", 128).trim();
      await callOperation(
        deps,
        "ConfirmSignUp",
        r,
        { Username: username, ConfirmationCode: formValue(form, "code", 64).trim() },
        requestId,
        username,
      );
      return pageUrl(deps, "/login", r, { username, info: "confirmed" });
    },
  },
  {
    path: "/forgotPassword",
    title: "Forgot your password?",
    intro: (r) => html`<p>Enter your ${usernameNoun(r)} and we will send you a code to reset your password.</p>`,
    fields: (r) => [usernameField(r)],
    submit: "Send reset code",
    async act(deps, r, form, requestId) {
      const username = formValue(form, "username", 128).trim();
      const out = (await callOperation(deps, "ForgotPassword", r, { Username: username }, requestId, username)) as {
        CodeDeliveryDetails?: CodeDeliveryDetailsType;
      };
      return pageUrl(deps, "/confirmForgotPassword", r, {
        username,
        info: deliveryText(out.CodeDeliveryDetails, "a code"),
      });
    },
  },
  {
    path: "/confirmForgotPassword",
    title: "Reset your password",
    intro: (_r, q) => (q.info ? html`<p class="info" role="status">${q.info.slice(0, 200)}</p>` : html``),
    fields: (r) => [
      usernameField(r),
      { name: "code", label: "Verification code", type: "text", autocomplete: "one-time-code" },
      { name: "password", label: "New password", type: "password", autocomplete: "new-password", hint: policyHint(r) },
    ],
    submit: "Reset password",
    async act(deps, r, form, requestId) {
      const username = formValue(form, "username", 128).trim();
      await callOperation(
        deps,
        "ConfirmForgotPassword",
        r,
        {
          Username: username,
          ConfirmationCode: formValue(form, "code", 64).trim(),
          Password: formValue(form, "password", 256),
        },
        requestId,
        username,
      );
      return pageUrl(deps, "/login", r, { username, info: "reset" });
    },
  },
];

function render(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  spec: PageSpec,
  o: { status?: number; error?: string; values: Record<string, string>; terms?: SignUpTerms | undefined },
): void {
  const q = queryParams(req);
  const inputs = spec.fields(r).map((f) => {
    const value = f.type === "password" ? "" : (o.values[f.name] ?? "");
    const hintId = f.hint ? html` aria-describedby="${f.name}-hint"` : "";
    return joinHtml([
      html`<label for="${f.name}">${f.label}</label><input id="${f.name}" name="${f.name}" type="${f.type}" `,
      html`autocomplete="${f.autocomplete}" required${hintId} value="${value}">`,
      f.hint ? html`<p class="hint" id="${f.name}-hint">${f.hint}</p>` : "",
    ]);
  });
  const body = joinHtml([
    spec.intro(r, q),
    html`<form method="post" action="${pageUrl(deps, spec.path, r)}" novalidate>${csrfField(deps, req, res)}`,
    html`${inputs}`,
    o.terms ? termsField(o.terms, o.values.accept_terms === "on") : "",
    html`<button type="submit">${spec.submit}</button></form>`,
    html`<p class="links"><a href="${pageUrl(deps, "/login", r)}">Back to sign in</a></p>`,
  ]);
  page(deps, req, res, r, { status: o.status ?? 200, title: spec.title, body, ...(o.error ? { error: o.error } : {}) });
}

/** The terms the sign-up page of this client shows (none on the other pages). */
function signUpTerms(deps: HostedDeps, r: AuthorizationRequest, spec: PageSpec): Promise<SignUpTerms | undefined> {
  return spec.path === "/signup" ? deps.terms.forSignUp(r.pool.id, r.client.id) : Promise.resolve(undefined);
}

/** The links to both documents and the box that accepts them (the pages are in English: `cognito:english`). */
function termsField(terms: SignUpTerms, checked: boolean): Html {
  const tou = linkFor(terms.termsOfUse) ?? "";
  const pp = linkFor(terms.privacyPolicy) ?? "";
  return joinHtml([
    html`<p class="terms" id="terms-hint">Read our `,
    html`<a href="${tou}" target="_blank" rel="noopener noreferrer">terms of use</a> and `,
    html`<a href="${pp}" target="_blank" rel="noopener noreferrer">privacy policy</a>.</p>`,
    html`<p class="check"><input id="accept_terms" name="accept_terms" type="checkbox" value="on" required `,
    html`aria-describedby="terms-hint"${checked ? html` checked` : ""}>`,
    html`<label for="accept_terms">I accept the terms of use and the privacy policy</label></p>`,
  ]);
}

/** Registers GET (form) and POST (action) for every account page. */
export function accountPages(deps: HostedDeps): {
  path: string;
  get: (req: Request, res: Response) => Promise<void>;
  post: (req: Request, res: Response) => Promise<void>;
}[] {
  return PAGES.map((spec) => ({
    path: spec.path,
    get: async (req, res) => {
      res.locals.operation = spec.path.slice(1);
      const r = await requestForPage(deps, req, res);
      if (!r) return;
      if (spec.path === "/signup" && r.pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly) {
        page(deps, req, res, r, {
          status: 403,
          title: "Sign up",
          body: html`<p>Accounts for this app are created by an administrator.</p>`,
        });
        return;
      }
      const q = queryParams(req);
      const terms = await signUpTerms(deps, r, spec);
      render(deps, req, res, r, spec, { values: q.username ? { username: q.username } : {}, terms });
    },
    post: async (req, res) => {
      res.locals.operation = spec.path.slice(1);
      const r = await requestForPage(deps, req, res);
      if (!r) return;
      try {
        const form = formParams(req);
        const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== "password" && k !== "_csrf"));
        const terms = await signUpTerms(deps, r, spec);
        if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin)) {
          render(deps, req, res, r, spec, {
            status: 403,
            error: "This page expired. Please try again.",
            values,
            terms,
          });
          return;
        }
        try {
          redirect(res, 303, await spec.act(deps, r, form, String(res.locals.requestId ?? ""), terms));
        } catch (e) {
          if (!(e instanceof CognitoError)) throw e;
          render(deps, req, res, r, spec, { ...shownError(deps, res, e, r), values, terms });
        }
      } catch (e) {
        handleAuthorizeError(deps, res, e);
      }
    },
  }));
}
