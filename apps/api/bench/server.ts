/**
 * One benchmark target in its own process: the real app (createApp) with the auth step chosen by
 * BENCH_VARIANT. Only the guard of protected routes differs between variants.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "express";
import { pino } from "pino";
import { createAppDb } from "@authhub/appdb";
import { bearerAuth, createApp, type AppDeps } from "../src/app.js";
import { CognitoTokenVerifier } from "../src/auth/verifier.js";
import { createLogger } from "../src/logger.js";
import { tutorialAuth } from "./tutorialAuth.js";

const { BENCH_VARIANT: variant = "on", ISSUER = "", JWKS_URI = "", CLIENT_ID = "", DB_FILE = "" } = process.env;

const db = await createAppDb({ engine: "sqlite", file: DB_FILE });
// Request logging stays on (as in production) but goes to /dev/null, so every variant pays the same.
const logger = createLogger({ level: "info", destination: pino.destination({ dest: "/dev/null", sync: false }) });

let authenticate: AppDeps["authenticate"];
if (variant === "off") {
  const pass: RequestHandler = (_req, _res, next) => next();
  authenticate = () => pass;
} else if (variant === "tutorial") {
  authenticate = () => tutorialAuth(JWKS_URI, ISSUER);
} else {
  const verifier = new CognitoTokenVerifier({
    issuer: ISSUER,
    jwksUri: JWKS_URI,
    clientIds: [CLIENT_ID],
    tokenUse: "id",
    ...(variant === "on-nocache" ? { cacheMaxEntries: 0 } : {}),
  });
  await verifier.hydrate();
  authenticate = bearerAuth(verifier);
}

const server = createServer(createApp({ db, authenticate, logger, corsOrigins: ["http://localhost:3000"] }));
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on("SIGTERM", () => server.close(() => void db.destroy().then(() => process.exit(0))));
