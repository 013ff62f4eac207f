/**
 * The last requests the JSON API listener answered, for the console's development request log:
 * method, path (never the query string, which can hold codes), operation, status and duration.
 * Never bodies, headers, tokens or secrets. A fixed-size ring: memory does not grow with traffic.
 */
export interface RequestRecord {
  at: string;
  method: string;
  path: string;
  operation?: string;
  status: number;
  ms: number;
}

export class RequestRing {
  private readonly items: RequestRecord[] = [];
  private next = 0;

  constructor(readonly size = 200) {}

  record(r: RequestRecord): void {
    if (this.items.length < this.size) this.items.push(r);
    else this.items[this.next] = r;
    this.next = (this.next + 1) % this.size;
  }

  /** Newest first, at most `limit`. */
  latest(limit: number): RequestRecord[] {
    const ordered =
      this.items.length < this.size ? this.items : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return ordered.slice(-limit).reverse();
  }
}
