/** Port checks for the stack: fail before anything starts, and pick free ports for tests. */
import { createServer, type AddressInfo, type Server } from "node:net";

export interface NamedPort {
  name: string;
  port: number;
  /** How to move it, named in the error. */
  hint?: string;
}

/** Resolves true when nothing is listening on `port` at `host` (we could bind it ourselves). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(false);
      else reject(err);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(readonly taken: NamedPort[]) {
    super(
      taken
        .map(
          (p) =>
            `port ${p.port} (${p.name}) is already in use — ` +
            `stop whatever holds it (\`ss -ltnp 'sport = :${p.port}'\` shows it)${p.hint ? ` or ${p.hint}` : ""}`,
        )
        .join("\n"),
    );
  }
}

/** Throws PortInUseError listing every taken port, so one run tells the whole story. Port 0 is skipped. */
export async function assertPortsFree(ports: NamedPort[]): Promise<void> {
  const taken: NamedPort[] = [];
  for (const p of ports) if (p.port !== 0 && !(await isPortFree(p.port))) taken.push(p);
  if (taken.length) throw new PortInUseError(taken);
}

/**
 * `count` distinct free ports, chosen by the OS. Used where a port must be known before its server
 * starts (the web build bakes URLs in). All probes stay open until every port is picked, so they differ.
 */
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
