/**
 * The Node/V8 flags of every production start of the userpool: `npm run start:prod` (package.json) and the
 * `authhub-userpool` command (src/cli.ts's `#!` line) pass them, and cluster workers inherit them from the primary.
 * test/build.test.ts checks the three places agree.
 *
 * --max-semi-space-size=4 (MiB): V8 grows the young generation under allocation pressure up to a size picked from
 * the machine's memory (64 MiB semi-spaces here, so 128 MiB of new space); a server that allocates a little for
 * every request reaches it within minutes, and that growth was all of the soak's RSS growth (ADR 0049). Capped at
 * 4 MiB, the young generation stays at 8 MiB; a minor GC then runs more often but each is as cheap, since what
 * survives a request is small (the soak measured the same CPU per operation).
 */
export const PRODUCTION_NODE_FLAGS = ["--max-semi-space-size=4"] as const;
