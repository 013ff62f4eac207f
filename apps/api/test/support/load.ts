import { Agent, request } from "node:http";

/**
 * Fires `count` GET requests with at most `concurrency` in flight over keep-alive connections and
 * tallies the statuses. `make(i)` gives the i-th request's path and headers.
 */
export async function hammer(
  baseUrl: string,
  count: number,
  concurrency: number,
  make: (i: number) => { path: string; headers?: Record<string, string> },
): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let next = 0;
  const one = (path: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(baseUrl + path, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  async function worker(): Promise<void> {
    while (next < count) {
      const { path, headers = {} } = make(next++);
      const status = await one(path, headers);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}
