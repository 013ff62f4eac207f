/**
 * Client secret rotation on the OAuth side, on every engine: /oauth2/token authenticates a confidential client
 * with any of its live secrets (HTTP Basic or client_secret_post), a deleted secret stops working at once, and
 * the hosted UI keeps signing users in for a confidential client whose original secret was rotated away.
 */
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import {
  API,
  APP_CALLBACK,
  Browser,
  CONF,
  CONF_SECRET,
  createUser,
  M2M,
  M2M_SECRET,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  submitLogin,
  type OAuthUserpool,
} from "./support.js";

describe.each(testEngines())("client secret rotation on the OAuth endpoints on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
  });
  const machineToken = (secret: string) =>
    token({ grant_type: "client_credentials", scope: `${API}/read` }, basic(M2M, secret));

  /** Rotates `clientId` to a new generated secret and deletes the original one; answers the new secret. */
  async function rotate(clientId: string): Promise<string> {
    const ids = { UserPoolId: POOL, ClientId: clientId };
    const [original] = (await up.admin.send(new ListUserPoolClientSecretsCommand(ids))).ClientSecrets!;
    const added = (await up.admin.send(new AddUserPoolClientSecretCommand(ids))).ClientSecretDescriptor!;
    await up.admin.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: original!.ClientSecretId! }));
    return added.ClientSecretValue!;
  }

  it("client credentials: both live secrets authenticate during the rotation, the deleted one no longer", async () => {
    const ids = { UserPoolId: POOL, ClientId: M2M };
    const [original] = (await up.admin.send(new ListUserPoolClientSecretsCommand(ids))).ClientSecrets!;
    const second = (await up.admin.send(new AddUserPoolClientSecretCommand(ids))).ClientSecretDescriptor!
      .ClientSecretValue!;
    expect((await machineToken(M2M_SECRET)).status).toBe(200);
    expect((await machineToken(second)).status).toBe(200);
    const post = await token({
      grant_type: "client_credentials",
      scope: `${API}/read`,
      client_id: M2M,
      client_secret: second,
    });
    expect(post.status).toBe(200);

    await up.admin.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: original!.ClientSecretId! }));
    const old = await machineToken(M2M_SECRET);
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ error: "invalid_client" });
    expect((await machineToken(second)).status).toBe(200);
    expect((await machineToken("not-a-secret-of-this-client")).status).toBe(401);
  });

  it("hosted UI: a confidential client signs users in after its original secret is rotated away", async () => {
    const fresh = await rotate(CONF);
    const email = await createUser(up);
    const browser = new Browser(up.tlsFetch);
    const authorize = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: CONF,
      response_type: "code",
      redirect_uri: APP_CALLBACK,
      scope: "openid email",
      state: "rotated",
    })}`;
    const login = await browser.navigate(authorize, [up.hosted]);
    const done = await submitLogin(browser, login, email, PASSWORD);
    expect(done.status).toBe(303);
    const code = new URL(done.headers.get("location")!).searchParams.get("code")!;
    expect(code).toBeTruthy();
    const exchange = (secret: string) =>
      token({ grant_type: "authorization_code", code, redirect_uri: APP_CALLBACK }, basic(CONF, secret));
    // The retired secret is refused before the code is looked at; the live one redeems it.
    expect((await exchange(CONF_SECRET)).status).toBe(401);
    const res = await exchange(fresh);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id_token: expect.any(String), refresh_token: expect.any(String) });
  });
});
