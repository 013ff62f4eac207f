/**
 * PreTokenGeneration on the client credentials grant: a V3_0 function gets Cognito's
 * TokenGeneration_ClientCredentials event and may add claims and add or suppress scopes of the
 * machine-to-machine access token, never change its protected claims; V1_0 / V2_0 functions are not
 * invoked for it (developer guide, "Pre token generation Lambda trigger"). Token requests through openid-client.
 */
import { UpdateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, loadFixture } from "@authhub/triggers/fixtures";
import { decodeJwt } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import { eventsOf, RECORDER, recorder, resetRecorder, TRIGGER_MODULES } from "../support/triggerPools.js";
import { API, M2M, M2M_SECRET, oauthConfig, POOL, startOAuthUserpool, type OAuthUserpool } from "./support.js";

const SOURCE = "TokenGeneration_ClientCredentials";

function v3Config() {
  const cfg = oauthConfig();
  const pool = cfg.UserPools.find((p) => p.Id === POOL)!;
  pool.LambdaConfig = { PreTokenGenerationConfig: { LambdaArn: RECORDER, LambdaVersion: "V3_0" } };
  return cfg;
}

describe.each(testEngines())("PreTokenGeneration on client credentials on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let m2m: oidc.Configuration;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { config: v3Config(), triggerModuleDirs: [TRIGGER_MODULES] });
    m2m = await oidc.discovery(
      new URL(up.issuer(POOL)),
      M2M,
      { client_secret: M2M_SECRET },
      oidc.ClientSecretBasic(M2M_SECRET),
      {
        execute: [oidc.allowInsecureRequests], // the development issuer is http://localhost (docs/conventions.md)
        [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
      },
    );
  });
  afterAll(async () => {
    await up?.cleanup();
  });
  beforeEach(() => resetRecorder());

  it("V3_0: Cognito's event; added claims and suppressed scopes reach the token, protected claims do not", async () => {
    recorder().behaviour[SOURCE] = (event) => {
      event.response.claimsAndScopeOverrideDetails = {
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant: "acme", sub: "someone-else", client_id: "other" },
          scopesToSuppress: [`${API}/write`],
        },
      };
      return event;
    };
    const t = await oidc.clientCredentialsGrant(m2m, { scope: `${API}/read ${API}/write` });
    const [event] = eventsOf(SOURCE);
    expect(eventsOf(SOURCE)).toHaveLength(1);
    expect(event).toMatchObject({
      version: "3",
      triggerSource: SOURCE,
      userPoolId: POOL,
      userName: M2M,
      callerContext: { clientId: M2M },
      request: {
        userAttributes: {},
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
        scopes: [`${API}/read`, `${API}/write`],
      },
      response: { claimsAndScopeOverrideDetails: null },
    });
    expect(compareEventShape(event, loadFixture("pre-token-generation-v3-client-credentials"))).toEqual([]);
    expect(decodeJwt(t.access_token)).toMatchObject({
      sub: M2M,
      client_id: M2M,
      token_use: "access",
      scope: `${API}/read`,
      tenant: "acme",
    });
  });

  it("a failing V3_0 function fails the grant; V2_0 is not invoked for machine tokens", async () => {
    recorder().behaviour[SOURCE] = () => {
      throw new Error("no tokens today");
    };
    await expect(oidc.clientCredentialsGrant(m2m, { scope: `${API}/read` })).rejects.toMatchObject({
      // The token endpoint's translation of a trigger failure (src/oauth/translate.ts), as for user grants.
      error: "access_denied",
      error_description: "PreTokenGeneration failed with error no tokens today.",
    });
    await up.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: POOL,
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: RECORDER, LambdaVersion: "V2_0" } },
      }),
    );
    resetRecorder();
    const t = await oidc.clientCredentialsGrant(m2m, { scope: `${API}/read` });
    expect(eventsOf(SOURCE)).toEqual([]);
    expect(decodeJwt(t.access_token)).toMatchObject({ sub: M2M, scope: `${API}/read` });
  });
});
