/** Time source. Handlers never call `Date.now()` directly, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests control: starts at `start` and only moves when told. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | number = Date.now()) {
    this.#ms = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(to: Date | number): void {
    this.#ms = typeof to === "number" ? to : to.getTime();
  }
}

/** Whole seconds since the epoch, as JWT and AWS JSON timestamps want them. */
export function epochSeconds(d: Date | number): number {
  return Math.floor((typeof d === "number" ? d : d.getTime()) / 1000);
}
