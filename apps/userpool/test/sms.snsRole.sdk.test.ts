/**
 * The SNS sender end to end, through the AWS SDK v3 and a local fake STS + SNS (no AWS access): a
 * pool's SignUp text is published with the credentials of the pool's SnsCallerArn role, assumed with
 * its ExternalId; a role whose trust policy refuses the server answers
 * InvalidSmsRoleTrustRelationshipException, as Cognito does (API reference, SignUp: "Errors"); the
 * server's own key, the role's temporary secret and session token appear in no log line.
 */
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { type FakeAws, form, signingKey, startFakeAws } from "./support/fakeSns.js";
import { type EngineUserpool, rejection, startOn } from "./support/lifecycle.js";
import { CLIENT_SECRET, GOOD_PASSWORD, uniqueEmail } from "./support/userpool.js";

const SERVER = { accessKeyId: "AKIDSMSSERVER", secretAccessKey: "sms-server-secret-0123456789abcdef" };
const ROLE = "arn:aws:iam::123456789012:role/authhub-sms";
const EXTERNAL_ID = "authhub-sms-external-id";

describe.each(testEngines())("SMS through SNS as the pool's role on $name", (engine) => {
  let aws: FakeAws;
  let up: EngineUserpool;
  const logs: string[] = [];

  beforeAll(async () => {
    // The role's trust policy: only this ExternalId.
    aws = await startFakeAws({
      server: SERVER,
      clock: systemClock,
      trust: (f) => (f.get("ExternalId") === EXTERNAL_ID ? undefined : "not authorized to perform: sts:AssumeRole"),
    });
    up = await startOn(engine, {
      sms: { sender: "sns", snsEndpoint: aws.snsUrl, stsEndpoint: aws.stsUrl },
      env: {
        TEST_CLIENT_SECRET: CLIENT_SECRET,
        AWS_ACCESS_KEY_ID: SERVER.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SERVER.secretAccessKey,
      },
      logLevel: "info",
      logDestination: { write: (s: string) => void logs.push(s) },
    });
  });
  afterAll(async () => {
    await up?.stop();
    await aws?.close();
  });

  async function phonePool(externalId: string): Promise<{ poolId: string; clientId: string }> {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "sns-role",
        AutoVerifiedAttributes: ["phone_number"],
        SmsConfiguration: { SnsCallerArn: ROLE, ExternalId: externalId, SnsRegion: "eu-west-1" },
      }),
    );
    const { UserPoolClient } = await up.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "sns-role" }),
    );
    return { poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
  }

  const signUp = (clientId: string, phone: string) =>
    up.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: uniqueEmail("sns-role"),
        Password: GOOD_PASSWORD,
        UserAttributes: [{ Name: "phone_number", Value: phone }],
      }),
    );

  it("texts the sign-up code as the pool's role, assumed with its ExternalId", async () => {
    const pool = await phonePool(EXTERNAL_ID);
    const before = { assumes: aws.assumeRoles.length, publishes: aws.publishes.length };
    const out = await signUp(pool.clientId, "+15555550142");
    expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "SMS", AttributeName: "phone_number" });

    const assume = aws.assumeRoles.slice(before.assumes);
    expect(assume).toHaveLength(1);
    expect(form(assume[0]!).get("RoleArn")).toBe(ROLE);
    expect(form(assume[0]!).get("ExternalId")).toBe(EXTERNAL_ID);
    expect(form(assume[0]!).get("RoleSessionName")).toBe(`authhub-${pool.poolId}`);
    expect(signingKey(assume[0]!)).toBe(SERVER.accessKeyId);

    const publish = aws.publishes.slice(before.publishes);
    expect(publish).toHaveLength(1);
    const issued = aws.issued.at(-1)!;
    expect(signingKey(publish[0]!)).toBe(issued.accessKeyId);
    expect(publish[0]!.headers.authorization).toContain("/eu-west-1/sns/aws4_request");
    expect(form(publish[0]!).get("PhoneNumber")).toBe("+15555550142");
    expect(form(publish[0]!).get("Message")).toMatch(/\b\d{6}\b/);

    const logged = logs.join("\n");
    for (const secret of [SERVER.secretAccessKey, issued.secretAccessKey, issued.sessionToken])
      expect(logged).not.toContain(secret);
  });

  it("answers InvalidSmsRoleTrustRelationshipException when the trust policy refuses that ExternalId", async () => {
    const pool = await phonePool("another-external-id");
    const before = aws.publishes.length;
    const err = await rejection(signUp(pool.clientId, "+15555550143"));
    expect(err.name).toBe("InvalidSmsRoleTrustRelationshipException");
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(aws.publishes.length).toBe(before);
    const logged = logs.join("\n");
    expect(logged).toContain("text message delivery failed");
    expect(logged).not.toContain(SERVER.secretAccessKey);
    expect(logged).not.toContain("another-external-id");
  });
});
