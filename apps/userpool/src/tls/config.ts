/**
 * The hosted-UI / OAuth listener's settings: USERPOOL_HTTPS_PORT, USERPOOL_HOSTED_BASE,
 * USERPOOL_TLS_CERT_FILE / USERPOOL_TLS_KEY_FILE and USERPOOL_TLS_PROXY (config/env.ts), or the
 * `hosted` option. Amplify builds `https://${domain}/oauth2/…` with https hard-coded, so this
 * listener speaks TLS: with the development CA under `<data dir>/tls` by default, a configured
 * certificate, or plain HTTP behind a TLS-terminating proxy.
 *
 * Production never uses the development CA: with a certificate or the proxy setting (and an https
 * USERPOOL_HOSTED_BASE) it serves the hosted UI, without them the hosted UI is off.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TLS_DIR } from "../config/dataDir.js";
import { readUserpoolEnv, readVariable } from "../config/env.js";
import { ConfigError } from "../config/errors.js";
import type { Mode } from "../config/runtime.js";

export const DEFAULT_HTTPS_PORT = 9443;

export type HostedTransport =
  | { kind: "off" }
  | { kind: "dev-ca"; dir: string }
  | { kind: "files"; certPem: string; keyPem: string; certFile: string }
  | { kind: "proxy" };

export interface HostedConfig {
  transport: HostedTransport;
  port: number;
  /** Configured public base (no trailing slash); undefined = https://localhost:<actual port>. */
  publicBase: string | undefined;
}

export interface HostedOverrides {
  httpsPort?: number;
  hostedBase?: string;
  tls?: { certPem: string; keyPem: string } | "proxy";
}

export function resolveHostedConfig(
  env: NodeJS.ProcessEnv,
  o: HostedOverrides,
  ctx: { mode: Mode; dataDir: string; embedded: boolean },
  warnings: string[],
): HostedConfig {
  const prod = ctx.mode === "production";
  const vars = readUserpoolEnv(env);
  const envPort = vars.USERPOOL_HTTPS_PORT;
  let port = o.httpsPort ?? (typeof envPort === "number" ? envPort : ctx.embedded ? 0 : DEFAULT_HTTPS_PORT);
  // The variable's text was checked when read; this catches the option.
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`USERPOOL_HTTPS_PORT must be an integer 0..65535; got "${port}"`);

  const publicBase =
    o.hostedBase !== undefined ? readVariable("USERPOOL_HOSTED_BASE", o.hostedBase) : vars.USERPOOL_HOSTED_BASE;

  let transport: HostedTransport;
  const certFile = vars.USERPOOL_TLS_CERT_FILE;
  const keyFile = vars.USERPOOL_TLS_KEY_FILE;
  if (o.tls === "proxy" || (o.tls === undefined && vars.USERPOOL_TLS_PROXY)) {
    transport = { kind: "proxy" };
    if (!publicBase)
      throw new ConfigError("USERPOOL_TLS_PROXY=true needs USERPOOL_HOSTED_BASE (the https:// URL the proxy serves)");
  } else if (o.tls) {
    transport = { kind: "files", certPem: o.tls.certPem, keyPem: o.tls.keyPem, certFile: "(tls option)" };
  } else if (certFile || keyFile) {
    if (!certFile || !keyFile)
      throw new ConfigError("USERPOOL_TLS_CERT_FILE and USERPOOL_TLS_KEY_FILE must be set together");
    transport = {
      kind: "files",
      certPem: readPem(certFile, "USERPOOL_TLS_CERT_FILE"),
      keyPem: readPem(keyFile, "USERPOOL_TLS_KEY_FILE"),
      certFile,
    };
  } else if (prod || envPort === "off") {
    // Production never uses the development CA: without a certificate or a proxy the hosted UI is off.
    if (publicBase)
      throw new ConfigError(
        "USERPOOL_HOSTED_BASE is set, so the hosted UI needs USERPOOL_TLS_CERT_FILE + USERPOOL_TLS_KEY_FILE, " +
          "or USERPOOL_TLS_PROXY=true behind a TLS-terminating proxy",
      );
    warnings.push(
      "the hosted UI and OAuth endpoints are off; set USERPOOL_TLS_CERT_FILE/USERPOOL_TLS_KEY_FILE " +
        "or USERPOOL_TLS_PROXY=true with USERPOOL_HOSTED_BASE to serve them",
    );
    return { transport: { kind: "off" }, port: 0, publicBase: undefined };
  } else {
    transport = { kind: "dev-ca", dir: join(ctx.dataDir, TLS_DIR) };
    warnings.push(
      `hosted UI / OAuth over HTTPS with the development CA in ${join(ctx.dataDir, TLS_DIR)}; ` +
        "production must set USERPOOL_TLS_CERT_FILE/USERPOOL_TLS_KEY_FILE or USERPOOL_TLS_PROXY",
    );
  }
  if (prod && !publicBase)
    throw new ConfigError(
      "USERPOOL_HOSTED_BASE is required in production (the public https:// URL of the hosted UI and OAuth endpoints)",
    );
  if (envPort === undefined && o.httpsPort === undefined && transport.kind === "proxy" && !ctx.embedded)
    port = DEFAULT_HTTPS_PORT;
  return { transport, port, publicBase };
}

function readPem(path: string, name: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${name}: cannot read ${path}: ${(e as Error).message}`);
  }
}
