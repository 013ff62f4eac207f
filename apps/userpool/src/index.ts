/**
 * Public API of @authhub/userpool for other workspaces (the API's tests, e2e, the stack launcher).
 */
export { startUserpool, type RunningUserpool, type StartUserpoolOptions } from "./main.js";
export type { UserpoolFileConfig } from "./config/fileSchema.js";
export { ConfigError } from "./config/errors.js";
export { ManualClock, systemClock, type Clock } from "./clock.js";
export { DEFAULT_CONFIG_PATH } from "./config/runtime.js";
export { computeSecretHash } from "./services/secretHash.js";
