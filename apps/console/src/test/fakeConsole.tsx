/**
 * A console server double at the fetch level: tests drive the real client (createConsoleApi) and see exactly the
 * requests it sent. Handlers answer by operation name; a thrown `Cognito(name)` becomes the Cognito error shape.
 */
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { createConsoleApi, type ConsoleApi, type SessionInfo } from "../api/consoleApi";
import { Router } from "@authhub/ui";
import { ConsoleProvider } from "../session/ConsoleContext";

export class Cognito extends Error {
  constructor(
    readonly type: string,
    message = type,
  ) {
    super(message);
  }
}

/** Any other answer: a console error (`{error}`) with its status. */
export class Reply extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`reply ${status}`);
  }
}

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (body: Record<string, unknown>) => unknown;

export function fakeConsole(ops: Record<string, Handler> = {}, routes: Record<string, Handler> = {}) {
  const sent: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    sent.push({ method: init?.method ?? "GET", path, headers, body });
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
    const op = /^\/_console\/api\/op\/(\w+)$/.exec(path)?.[1];
    const handler = op ? ops[op] : routes[path.replace(/\?.*$/, "")];
    if (!handler) return json(404, { error: op ? "unknown_operation" : "not_found", message: path });
    try {
      return json(200, (await handler(body ?? {})) ?? {});
    } catch (e) {
      if (e instanceof Cognito) return json(400, { __type: e.type, message: e.message });
      if (e instanceof Reply) return json(e.status, e.body);
      throw e;
    }
  };
  const api = createConsoleApi({ base: "/_console/api", fetch });
  const opCalls = (name: string) =>
    sent.filter((r) => r.path === `/_console/api/op/${name}`).map((r) => r.body as Record<string, unknown>);
  return { api, sent, opCalls };
}

export const DEV_SESSION: SessionInfo = {
  mode: "development",
  signedIn: true,
  who: "local developer",
  csrfToken: "t0k",
};

/** Renders `ui` with a console context and a router at `/_console{path}`. */
export function renderConsole(ui: ReactNode, api: ConsoleApi, { path = "/", session = DEV_SESSION } = {}) {
  window.history.replaceState(null, "", `/_console${path}`);
  return render(
    <Router base="/_console/">
      <ConsoleProvider value={{ api, session, refreshSession: () => {} }}>{ui}</ConsoleProvider>
    </Router>,
  );
}
