/** The hosted-UI listener: HTTPS with the configured or development certificate, or plain HTTP behind a TLS proxy. */
import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ConfigError } from "../config/errors.js";
import type { Logger } from "../log.js";
import type { HostedConfig } from "./config.js";
import { loadOrCreateDevTls, TRUST_DOCS, type DevTls } from "./devCa.js";

export interface HostedListener {
  server: Server;
  port: number;
  /** PEM of the development CA, when this listener uses it (tests and the RP side trust it). */
  devCaPem: string | undefined;
  devCaPath: string | undefined;
}

export async function startHostedListener(
  cfg: HostedConfig,
  app: RequestListener,
  host: string,
  log: Logger,
  preloaded?: DevTls,
): Promise<HostedListener> {
  let server: Server;
  let devCaPem: string | undefined;
  let devCaPath: string | undefined;
  const t = cfg.transport;
  if (t.kind === "off") throw new Error("startHostedListener: the hosted listener is off");
  if (t.kind === "proxy") {
    server = createHttpServer(app);
  } else {
    let key: string;
    let cert: string;
    if (t.kind === "dev-ca") {
      const dev = preloaded ?? loadOrCreateDevTls(t.dir);
      ({ keyPem: key, certPem: cert } = dev);
      devCaPem = dev.caPem;
      devCaPath = dev.caPath;
      log.info({ ca: dev.caPath }, `development CA (trust it once; see ${TRUST_DOCS})`);
    } else {
      ({ keyPem: key, certPem: cert } = t);
    }
    try {
      server = createHttpsServer({ key, cert, minVersion: "TLSv1.2" }, app);
    } catch (e) {
      throw new ConfigError(
        `TLS certificate or key is unusable (${t.kind === "files" ? t.certFile : "development CA"}): ` +
          `${(e as Error).message}`,
      );
    }
  }
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new ConfigError(`port ${cfg.port} on ${host} is already in use (set USERPOOL_HTTPS_PORT)`)
          : e,
      );
    server.once("error", onError);
    server.listen(cfg.port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return { server, port, devCaPem, devCaPath };
}
