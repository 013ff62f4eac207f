/**
 * The web app in the stack: a production build (`vite build`, configured through VITE_* for this
 * stack's ports) served by a small static server. A build, not the Vite dev server, because that
 * is what users get, it loads at once, and the dev server may reload the page mid-test when it
 * discovers a dependency. `npm run dev -w apps/web` remains the way to work on the app.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { repoPath } from "./repo.js";
import { runCommand } from "./run.js";

export interface WebEnv {
  poolId: string;
  clientId: string;
  /** The userpool's JSON API, e.g. http://localhost:9229. */
  userpoolEndpoint: string;
  /** Hosted UI host without scheme (Amplify prepends https://), e.g. localhost:9443. */
  oauthDomain: string;
  /** Where the app is served, e.g. http://localhost:3000/ (the client's callback and sign-out URL). */
  appUrl: string;
  apiUrl: string;
  /** The first factors the app offers (VITE_SIGN_IN_FACTORS): the pool's sign-in policy. */
  signInFactors: string[];
  /** VITE_EMAIL_VERIFICATION: "link" or "code", the pool's VerificationMessageTemplate.DefaultEmailOption. */
  emailVerification: "link" | "code";
  /** VITE_PASSWORD_POLICY: the pool's Policies.PasswordPolicy, e.g. "length=8,lowercase,uppercase,numbers,symbols". */
  passwordPolicy: string;
  /** VITE_IDENTITY_PROVIDERS: the client's SupportedIdentityProviders less COGNITO, one button each. */
  identityProviders: string[];
}

/** Every VITE_* variable apps/web reads (apps/web/README.md), for this stack. */
export function viteEnv(w: WebEnv): Record<string, string> {
  return {
    VITE_USER_POOL_ID: w.poolId,
    VITE_USER_POOL_CLIENT_ID: w.clientId,
    VITE_USER_POOL_ENDPOINT: w.userpoolEndpoint,
    VITE_OAUTH_DOMAIN: w.oauthDomain,
    VITE_OAUTH_SCOPES: "openid email profile aws.cognito.signin.user.admin",
    VITE_OAUTH_REDIRECT_SIGN_IN: w.appUrl,
    VITE_OAUTH_REDIRECT_SIGN_OUT: w.appUrl,
    VITE_API_URL: w.apiUrl,
    VITE_API_TOKEN: "id",
    VITE_TOKEN_STORAGE: "localStorage",
    VITE_SIGN_IN_FACTORS: w.signInFactors.join(","),
    VITE_EMAIL_VERIFICATION: w.emailVerification,
    VITE_PASSWORD_POLICY: w.passwordPolicy,
    VITE_IDENTITY_PROVIDERS: w.identityProviders.join(","),
  };
}

/** Builds apps/web into `outDir` for this stack. Returns Vite's summary line ("building for …"). */
export async function buildWeb(outDir: string, w: WebEnv): Promise<string> {
  // Only our VITE_* values: a stray one in the caller's environment must not redirect the app.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITE_")));
  const out = await runCommand(
    repoPath("node_modules/.bin/vite"),
    ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: repoPath("apps/web"),
      // NODE_ENV=production: a test runner's NODE_ENV=test would otherwise give React's development build.
      env: { ...env, NODE_ENV: "production", ...viteEnv(w) },
    },
  );
  if (!existsSync(join(outDir, "index.html"))) throw new Error(`vite build wrote no index.html to ${outDir}:\n${out}`);
  return (
    out
      .split("\n")
      .find((l) => l.includes("building for"))
      ?.trim() ?? ""
  );
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface RunningWeb {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `root` on `port`. Client-side routes (/login, /register…) get index.html, as the app's
 * router expects; a missing file with an extension is a 404, so a broken asset link shows as one.
 */
export function serveWeb(root: string, port: number, host = "127.0.0.1"): Promise<RunningWeb> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("Method not allowed\n");
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end("Bad request\n");
      return;
    }
    // normalize + prefix check: `..` and encoded variants cannot leave the build directory.
    const file = resolve(base, `.${sep}${normalize(pathname)}`);
    const inside = file === base || file.startsWith(base + sep);
    let target = inside && existsSync(file) && statSync(file).isFile() ? file : undefined;
    if (!target && inside && !extname(pathname)) target = join(base, "index.html");
    if (!target) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
      return;
    }
    const type = TYPES[extname(target)] ?? "application/octet-stream";
    // Hashed assets never change; index.html must be re-read so a rebuild takes effect on reload.
    const cache = target.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    res.writeHead(200, {
      "Content-Type": type,
      "Cache-Control": cache,
      "X-Content-Type-Options": "nosniff",
      "Content-Length": statSync(target).size,
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(target).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actual = (server.address() as AddressInfo).port;
      resolvePromise({
        url: `http://localhost:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
