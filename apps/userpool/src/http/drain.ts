/**
 * Graceful close of one listener (ADR 0036, 0044): stops accepting connections at once, lets requests in
 * flight finish for up to `graceMs`, then cuts whatever is left. Idle keep-alive connections are closed as
 * soon as they are idle: Node closes them once at close() and leaves open a connection whose request
 * finishes later. The JSON API and the hosted UI listener both stop this way, side by side.
 */
import type { Server } from "node:http";

export function drainServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
