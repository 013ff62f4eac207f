/**
 * aws-amplify v6, unmodified, with phone numbers: signUp with a phone number as username (the code
 * arrives by text), confirmSignUp, signIn, sendUserAttributeVerificationCode for phone_number and
 * confirmUserAttribute, codes read from the development SMS outbox. Amplify keeps global state, so
 * it has this file to itself; it is reconfigured per engine.
 */
import { AdminGetUserCommand, AdminUpdateUserAttributesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import {
  confirmSignUp,
  confirmUserAttribute,
  fetchUserAttributes,
  sendUserAttributeVerificationCode,
  signIn,
  signOut,
  signUp,
} from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserpoolFileConfig } from "../src/config/fileSchema.js";
import { testEngines } from "./support/engines.js";
import { codeIn, GOOD_PASSWORD, latestText, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

const POOL = "us-east-1_PhonePoo2";
const CLIENT = "testphoneamplifyclient0001";

const config = (): UserpoolFileConfig =>
  ({
    UserPools: [
      {
        Id: POOL,
        PoolName: "phone-amplify",
        UsernameAttributes: ["phone_number"],
        AutoVerifiedAttributes: ["phone_number"],
        Clients: [
          {
            ClientId: CLIENT,
            ClientName: "web",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          },
        ],
      },
    ],
  }) as UserpoolFileConfig;

describe.each(testEngines())("aws-amplify v6 with phone numbers on $name", (engine) => {
  let up: EngineUserpool;
  const phone = `+1555${String(Date.now() % 1_000_000).padStart(6, "0")}${engine.name === "sqlite" ? 1 : 2}`;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { config: config() });
    Amplify.configure({ Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: up.url } } });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });
  const latestCode = async () => codeIn(await latestText(up.url, phone));

  it("signUp texts the code; confirmSignUp and signIn follow", async () => {
    const r = await signUp({ username: phone, password: GOOD_PASSWORD });
    expect(r.nextStep).toMatchObject({
      signUpStep: "CONFIRM_SIGN_UP",
      codeDeliveryDetails: {
        deliveryMedium: "SMS",
        attributeName: "phone_number",
        destination: `+*******${phone.slice(-4)}`,
      },
    });
    expect((await confirmSignUp({ username: phone, confirmationCode: await latestCode() })).isSignUpComplete).toBe(
      true,
    );
    expect((await signIn({ username: phone, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
  });

  it("sendUserAttributeVerificationCode texts a phone_number code; confirmUserAttribute verifies it", async () => {
    // An administrator marks the number unverified, as a number changed elsewhere would be.
    await up.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: phone,
        UserAttributes: [{ Name: "phone_number_verified", Value: "false" }],
      }),
    );
    const sent = await sendUserAttributeVerificationCode({ userAttributeKey: "phone_number" });
    expect(sent).toMatchObject({
      deliveryMedium: "SMS",
      attributeName: "phone_number",
      destination: `+*******${phone.slice(-4)}`,
    });
    await confirmUserAttribute({ userAttributeKey: "phone_number", confirmationCode: await latestCode() });
    expect(await fetchUserAttributes()).toMatchObject({ phone_number: phone, phone_number_verified: "true" });
    const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: phone }));
    expect(u.UserAttributes?.find((a) => a.Name === "phone_number_verified")?.Value).toBe("true");
  });
});
