/**
 * Wiring of the hosted-UI listener for the composition root (main.ts): resolve its configuration
 * and TLS material before the services exist (the federation relying party must trust the
 * development CA), then listen once the services do.
 */
import type { ParsedFileConfig } from "../config/fileSchema.js";
import type { Mode } from "../config/runtime.js";
import { DEFAULT_DEV_GOOGLE, type DevGoogleConfig } from "../dev/google/config.js";
import type { Logger } from "../log.js";
import type { Services } from "../services/index.js";
import type { Store } from "../store/index.js";
import type { RsaKeyGenerator } from "../services/keys.js";
import { resolveHostedConfig, type HostedConfig, type HostedOverrides } from "../tls/config.js";
import { loadOrCreateDevTls, trustInstructions, type DevTls } from "../tls/devCa.js";
import { startHostedListener } from "../tls/listener.js";
import type { Metrics } from "../observability/metrics.js";
import type { Tracing } from "../observability/tracing.js";
import { drainServer } from "../http/drain.js";
import { createHostedApp } from "./app.js";
import { generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generateRsa2048: RsaKeyGenerator = () =>
  promisify(generateKeyPair)("rsa", { modulusLength: 2048 }) as Promise<{
    privateKey: KeyObject;
    publicKey: KeyObject;
  }>;

export type HostedOptions = HostedOverrides;

export interface PreparedHosted {
  config: HostedConfig;
  /** The public base of the hosted endpoints (known fully once the listener has its port). */
  base(): string;
  trustedCaPems: string[];
  devCaPem: string | undefined;
  devCaPath: string | undefined;
  devTls: DevTls | undefined;
  setPort(port: number): void;
}

export interface StartedHosted {
  port: number;
  /** Stops accepting at once and lets requests in flight finish for up to `graceMs` (default: cut them now). */
  close(graceMs?: number): Promise<void>;
}

export function prepareHosted(
  env: NodeJS.ProcessEnv,
  o: HostedOptions,
  ctx: { mode: Mode; dataDir: string; embedded: boolean },
  warnings: string[],
): PreparedHosted {
  const config = resolveHostedConfig(env, o, ctx, warnings);
  const devTls = config.transport.kind === "dev-ca" ? loadOrCreateDevTls(config.transport.dir) : undefined;
  let port = config.port;
  return {
    config,
    base: () => (config.transport.kind === "off" ? "" : (config.publicBase ?? `https://localhost:${port}`)),
    trustedCaPems: devTls ? [devTls.caPem] : [],
    devCaPem: devTls?.caPem,
    devCaPath: devTls?.caPath,
    devTls,
    setPort: (p) => {
      port = p;
    },
  };
}

export async function startHosted(
  p: PreparedHosted,
  services: Services,
  o: {
    host: string;
    mode: Mode;
    fileConfig: ParsedFileConfig;
    store: Store;
    devHostnames: readonly string[];
    generateRsaKeyPair?: RsaKeyGenerator;
    metrics?: Metrics;
    tracing?: Tracing;
  },
  log: Logger,
): Promise<StartedHosted | undefined> {
  if (p.config.transport.kind === "off") return undefined;
  const dev = o.mode === "development";
  const devGoogle: DevGoogleConfig | undefined = dev ? devGoogleFromFile(o.fileConfig) : undefined;
  const app = createHostedApp(services, {
    trustProxy: p.config.transport.kind === "proxy",
    health: o.store.health,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.tracing ? { tracing: o.tracing } : {}),
    ...(devGoogle
      ? {
          devGoogle: {
            config: devGoogle,
            store: o.store,
            generateRsaKeyPair: o.generateRsaKeyPair ?? generateRsa2048,
            hostnames: o.devHostnames,
          },
        }
      : {}),
    ...(dev ? { devSocial: { store: o.store, hostnames: o.devHostnames } } : {}),
    ...(dev
      ? {
          devSaml: {
            store: o.store,
            generateRsaKeyPair: o.generateRsaKeyPair ?? generateRsa2048,
            hostnames: o.devHostnames,
          },
        }
      : {}),
  });
  const listener = await startHostedListener(p.config, app, o.host, log, p.devTls);
  p.setPort(listener.port);
  if (p.devTls?.createdCa) log.warn(trustInstructions(p.devTls.caPath));
  log.info(
    { url: p.base(), transport: p.config.transport.kind, devGoogle: !!devGoogle, devSaml: dev, devSocial: dev },
    "hosted UI / OAuth listening",
  );
  return {
    port: listener.port,
    close: (graceMs = 0) => drainServer(listener.server, graceMs),
  };
}

function devGoogleFromFile(cfg: ParsedFileConfig): DevGoogleConfig {
  const d = cfg.DevGoogle;
  if (!d) return DEFAULT_DEV_GOOGLE;
  return {
    clients: d.Clients.map((c) => ({ clientId: c.ClientId, clientSecret: c.ClientSecret })),
    accounts: d.Accounts.length ? d.Accounts : DEFAULT_DEV_GOOGLE.accounts,
  };
}
