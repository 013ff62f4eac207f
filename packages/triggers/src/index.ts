/**
 * The Lambda entry point: `index.handler` in the bundle (build.ts), which the infra deploys and the
 * local stack's userpool imports in-process. Tests build their own handlers with `createHandler`.
 */
import { createHandler } from "./handler.js";

export const handler = createHandler();

// The database opens during the module's init, not in the first event's time: top-level await keeps it
// inside Lambda's Init phase (which provisioned concurrency runs ahead of requests, and which Cognito's 5 s
// do not cover), and the userpool's in-process import likewise. init() never rejects; a failed open is
// reported by the first event (AWS Compute Blog, "Using Node.js ES modules and top-level await in AWS Lambda").
await handler.init();
