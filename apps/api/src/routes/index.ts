import getHealth from "./getHealth.js";
import getLiveness from "./getLiveness.js";
import getMe from "./getMe.js";
import getOpenApi from "./getOpenApi.js";
import getReadiness from "./getReadiness.js";
import getRoot from "./getRoot.js";
import listUsers from "./listUsers.js";
import type { Route, Services } from "./types.js";

/** Every API operation. Adding one is a new file in this folder plus one line here. */
export const routes: ReadonlyArray<Route<keyof Services>> = [
  getRoot,
  listUsers,
  getMe,
  getHealth,
  getLiveness,
  getReadiness,
  getOpenApi,
] as ReadonlyArray<Route<keyof Services>>;
