/** Serves a fixed JWKS (from the JWKS env var) in its own process, standing in for Cognito's endpoint. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = process.env.JWKS ?? "";
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end(body);
});
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
