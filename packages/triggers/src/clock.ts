/** Injected time, so tests can move it and handlers never call Date.now() themselves. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
