import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { migrateToLatest, type AppDb } from "@authhub/appdb";
import { bearerAuth, createApp } from "../../src/app.js";
import { CognitoTokenVerifier, type CognitoVerifierOptions } from "../../src/auth/verifier.js";
import { createLogger } from "../../src/logger.js";
import type { TestIssuer } from "./issuer.js";

export interface TestApi {
  url: string;
  verifier: CognitoTokenVerifier;
  /** Every log line the app wrote, raw. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real app (createApp + requireAuth + verifier) on port 0, trusting `issuer`, with logs
 * captured for inspection. `hydrate` mirrors what main does at start.
 */
export async function startTestApi(
  db: AppDb,
  issuer: Pick<TestIssuer, "issuer" | "clientId">,
  options: Partial<CognitoVerifierOptions> & { hydrate?: boolean; migrate?: boolean; corsOrigins?: string[] } = {},
): Promise<TestApi> {
  const { hydrate = true, migrate = true, corsOrigins = ["http://localhost:3000"], ...verifierOptions } = options;
  if (migrate) await migrateToLatest(db);
  const verifier = new CognitoTokenVerifier({
    issuer: issuer.issuer,
    clientIds: [issuer.clientId],
    tokenUse: "id",
    ...verifierOptions,
  });
  if (hydrate) await verifier.hydrate().catch(() => undefined);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "info", destination });
  const app = createApp({ db, authenticate: bearerAuth(verifier), logger, corsOrigins });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    verifier,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
