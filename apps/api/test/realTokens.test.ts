/**
 * Real tokens, end to end: the userpool runs in-process, a user signs in over SRP with the
 * unmodified amazon-cognito-identity-js, and the API accepts exactly those tokens. Twice: with the
 * userpool's own issuer (COGNITO_ISSUER), and with Cognito's issuer form (USERPOOL_ISSUER_FORM=cognito),
 * which the API trusts as real Cognito (COGNITO_USER_POOL_ID) with the keys from the userpool (COGNITO_JWKS_URI).
 */
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { startUserpool, type RunningUserpool } from "@authhub/userpool";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from "amazon-cognito-identity-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startApi, type RunningApi } from "../src/main.js";

const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";
const PASSWORD = "Correct-horse-9-battery";

class MemoryStorage implements ICognitoStorage {
  private m = new Map<string, string>();
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}

type IssuerForm = "local" | "cognito";

/**
 * The API's variables for a userpool of each issuer form. The local issuer is where the userpool serves
 * the pool's JWKS in either form, so an API set up the local way can fetch keys from a Cognito-form userpool.
 */
function apiIssuerEnv(up: RunningUserpool, form: IssuerForm): Record<string, string> {
  return form === "local"
    ? { COGNITO_ISSUER: `http://localhost:${up.port}/${POOL_ID}` }
    : { COGNITO_USER_POOL_ID: POOL_ID, COGNITO_JWKS_URI: `${up.url}/${POOL_ID}/.well-known/jwks.json` };
}

async function startApiFor(up: RunningUserpool, form: IssuerForm): Promise<RunningApi> {
  return startApi(
    await loadConfig({
      ...apiIssuerEnv(up, form),
      COGNITO_CLIENT_IDS: CLIENT_ID,
      COGNITO_TOKEN_USE: "any",
      DB_ENV: "testing",
      PORT: "0",
      LOG_LEVEL: "silent",
    }),
  );
}

describe.each(["local", "cognito"] as const)("API with tokens from the in-process userpool, %s issuer", (form) => {
  let up: RunningUserpool;
  let api: RunningApi;
  let session: CognitoUserSession;
  const email = `real-${form}-${Date.now()}@example.com`;

  beforeAll(async () => {
    up = await startUserpool({ logLevel: "silent", issuerForm: form });
    const pool = new CognitoUserPool({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      endpoint: up.url,
      Storage: new MemoryStorage(),
    });
    await new Promise((resolve, reject) =>
      pool.signUp(email, PASSWORD, [new CognitoUserAttribute({ Name: "email", Value: email })], [], (err, r) =>
        err ? reject(err) : resolve(r),
      ),
    );
    const admin = new CognitoIdentityProviderClient({
      endpoint: up.url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
    const user = new CognitoUser({ Username: email, Pool: pool, Storage: new MemoryStorage() });
    session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    api = await startApiFor(up, form);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await up?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${api.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("the tokens carry the issuer of the form", () => {
    expect(session.getIdToken().payload.iss).toBe(
      form === "local"
        ? `http://localhost:${up.port}/${POOL_ID}`
        : `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`,
    );
    expect(up.issuer(POOL_ID)).toBe(session.getIdToken().payload.iss);
  });

  it("serves /users to the SRP-signed-in user's ID token and access token", async () => {
    for (const token of [session.getIdToken().getJwtToken(), session.getAccessToken().getJwtToken()]) {
      const res = await get("/users", token);
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
    }
  });

  it("finds the caller's own row by sub at /me", async () => {
    const sub = session.getIdToken().payload.sub as string;
    expect(await get("/me", session.getIdToken().getJwtToken()).then((r) => r.status)).toBe(404);
    await api.db.insertInto("users").values({ sub, email }).execute();
    const res = await get("/me", session.getIdToken().getJwtToken());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub, email });
  });

  it("refuses a token whose signature was tampered with, and no token at all", async () => {
    const [h, p, s] = session.getIdToken().getJwtToken().split(".");
    // Replace the second-to-last character (the last carries padding bits) by a different one: the
    // choice looks at the character replaced, so the signature always changes (it did not when
    // that character already was the replacement, about 1 run in 64).
    const flipped = `${s!.slice(0, -2)}${s!.at(-2) === "A" ? "B" : "A"}${s!.slice(-1)}`;
    expect(flipped).not.toBe(s);
    expect((await get("/users", `${h}.${p}.${flipped}`)).status).toBe(401);
    expect((await get("/users")).status).toBe(401);
  });

  it("an API set up for the other issuer form refuses these tokens (iss is compared exactly)", async () => {
    const other = await startApiFor(up, form === "local" ? "cognito" : "local");
    try {
      const res = await fetch(`${other.url}/users`, {
        headers: { authorization: `Bearer ${session.getIdToken().getJwtToken()}` },
      });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
