/**
 * A WHATWG `fetch` over node:https that also trusts extra CA certificates. The userpool is the
 * relying party of the development Google provider, which it serves itself with the development
 * CA; Node's global fetch cannot be given a CA per call without the undici package, so this small
 * adapter does it (system roots stay trusted too).
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";

export type Fetch = (
  url: string | URL,
  init?: {
    method?: string;
    headers?: Record<string, string> | Headers | [string, string][];
    body?: string | URLSearchParams | Uint8Array | null;
    redirect?: string;
    signal?: AbortSignal | null;
  },
) => Promise<Response>;

export function fetchTrusting(extraCaPems: string[]): Fetch {
  const ca = [...rootCertificates, ...extraCaPems];
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
      const body =
        init.body === undefined || init.body === null
          ? undefined
          : typeof init.body === "string"
            ? init.body
            : init.body instanceof URLSearchParams
              ? init.body.toString()
              : Buffer.from(init.body);
      if (body !== undefined && !headers.has("content-length"))
        headers.set("content-length", String(Buffer.byteLength(body)));
      if (init.body instanceof URLSearchParams && !headers.has("content-type"))
        headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
      const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
        url,
        {
          method: init.method ?? "GET",
          headers: Object.fromEntries(headers),
          ...(url.protocol === "https:" ? { ca } : {}),
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) h.append(k, x);
            const status = res.statusCode ?? 500;
            const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: h }));
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}
