/** The grant types the token endpoint knows. Adding one is a file in this folder and a line here. */
import type { Services } from "../../services/index.js";
import * as authorizationCode from "./authorizationCode.js";
import * as clientCredentials from "./clientCredentials.js";
import * as refreshToken from "./refreshToken.js";
import type { Grant } from "./types.js";

const all: Grant[] = [authorizationCode, refreshToken, clientCredentials].map((g) => ({
  grantType: g.grantType,
  parameters: g.parameters,
  handler: (deps: Services, ctx) => g.handler(deps, ctx),
}));

export const grants: ReadonlyMap<string, Grant> = new Map(all.map((g) => [g.grantType, g]));
