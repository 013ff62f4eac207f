/**
 * Fires `count` requests with at most `concurrency` in flight and tallies the statuses.
 * `make(i)` gives the i-th request's path and headers.
 */
export async function hammer(
  baseUrl: string,
  count: number,
  concurrency: number,
  make: (i: number) => { path: string; headers?: Record<string, string> } | Promise<{ path: string; headers?: Record<string, string> }>,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      const { path, headers } = await make(i);
      const res = await fetch(baseUrl + path, headers ? { headers } : {});
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return statuses;
}
