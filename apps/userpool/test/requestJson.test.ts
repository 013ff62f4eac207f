/**
 * Request bodies that attack the JSON handling itself, on the wire: nesting deep enough to overflow a
 * recursive walk (a 20 KB body 10,000 levels deep used to answer 500), and prototype keys
 * (`__proto__`, `constructor`, `prototype`) that must never be assigned into request objects. Runs on
 * SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

/** `n` nested arrays: 2n bytes. */
const arrays = (n: number) => "[".repeat(n) + "]".repeat(n);
/** `n` nested objects. */
const objects = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
const signUpBody = (email: string, extra: string) =>
  `{"ClientId":"${CLIENT_ID}","Username":"${email}","Password":"${GOOD_PASSWORD}"${extra}}`;

describe.each(testEngines())("request JSON on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
  });
  afterAll(() => up?.stop());

  const signUp = (email: string, extra = "") => callRaw(up.url, "SignUp", signUpBody(email, extra));
  const attributesOf = async (email: string) =>
    (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserAttributes ?? [];

  describe("nesting", () => {
    it.each([
      ["a 20 KB body nested 10,000 deep (arrays)", `,"X":${arrays(10_000)}`],
      ["a 200 KB body nested 100,000 deep (arrays)", `,"X":${arrays(100_000)}`],
      ["a body nested 10,000 deep (objects)", `,"X":${objects(10_000)}`],
      ["deep nesting inside a known member", `,"ClientMetadata":{"k":${arrays(10_000)}}`],
    ])("%s is refused with 400 SerializationException; the server answers afterwards", async (_what, extra) => {
      const res = await signUp(uniqueEmail("deep"), extra);
      expect([res.status, res.errorType, res.body]).toEqual([
        400,
        "SerializationException",
        { __type: "SerializationException", message: "The request body is nested more than 32 levels deep." },
      ]);
      const after = await signUp(uniqueEmail("after"));
      expect(after.status).toBe(200);
    });

    it("exactly 32 levels (the body is level 1) is accepted where the schema allows; 33 is refused", async () => {
      // An unknown member is ignored, as every unknown member is; its depth still counts.
      expect((await signUp(uniqueEmail("d32"), `,"Unknown":${arrays(31)}`)).status).toBe(200);
      expect((await signUp(uniqueEmail("d32o"), `,"Unknown":${objects(31)}`)).status).toBe(200);
      expect((await signUp(uniqueEmail("d33"), `,"Unknown":${arrays(32)}`)).errorType).toBe("SerializationException");
    });
  });

  describe("prototype keys", () => {
    it("members inside a top-level __proto__ are not seen: the request lacks them", async () => {
      const email = uniqueEmail("proto");
      const res = await callRaw(
        up.url,
        "SignUp",
        `{"ClientId":"${CLIENT_ID}","__proto__":{"Username":"${email}","Password":"${GOOD_PASSWORD}"}}`,
      );
      expect([res.status, res.errorType]).toEqual([400, "InvalidParameterException"]);
      // Password is optional since passwordless sign-up (SignUpRequest), so only the username is missing.
      expect(res.body.message).toBe(
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must not be null",
      );
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
    });

    it("a nested __proto__ does not supply a member either (UserAttributes item)", async () => {
      const email = uniqueEmail("nested");
      const res = await signUp(email, `,"UserAttributes":[{"Name":"custom:tenant","__proto__":{"Value":"smuggled"}}]`);
      expect(res.status).toBe(200);
      // The item has no Value of its own, which SignUp stores as an empty value.
      expect((await attributesOf(email)).find((a) => a.Name === "custom:tenant")?.Value).toBe("");
    });

    it(
      "__proto__, constructor and prototype keys at any level " +
        "pollute no prototype and are ignored as unknown members",
      async () => {
        const email = uniqueEmail("pollute");
        const keys = `"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}`;
        const res = await signUp(
          email,
          `,${keys},"ClientMetadata":{${keys},"k":"v"},` +
            `"UserAttributes":[{"Name":"custom:tenant","Value":"t1",${keys}}]`,
        );
        expect(res.status).toBe(200);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty("polluted");
        expect((await attributesOf(email)).find((a) => a.Name === "custom:tenant")?.Value).toBe("t1");
      },
    );
  });
});
