/**
 * Log delivery through the AWS SDK v3 on every engine: Get/SetLogDeliveryConfiguration keep the configurations
 * exactly (Cognito's pairings of source, level, destination and feature plan checked), and the records go to the
 * pool's local JSON-lines file, `<data directory>/log-delivery/<pool ID>.jsonl`: userNotification for a message
 * that could not be delivered (here an SMTP server that refuses connections), userAuthEvents for sign-ins.
 * ADR 0032.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  type LogConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { GOOD_PASSWORD, startTestUserpoolOn, uniqueEmail, type EngineUserpool } from "./support/userpool.js";

const LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/cognito/userpool";
const BUCKET = "arn:aws:s3:::authhub-auth-events";
const notifications: LogConfigurationType = {
  EventSource: "userNotification",
  LogLevel: "ERROR",
  CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP },
};
const authEvents: LogConfigurationType = {
  EventSource: "userAuthEvents",
  LogLevel: "INFO",
  S3Configuration: { BucketArn: BUCKET },
};

describe.each(testEngines())("log delivery through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    // Mail goes to an SMTP port where nothing listens, so every e-mail fails to deliver.
    up = await startTestUserpoolOn(engine, { smtpUrl: "smtp://127.0.0.1:1", mailFrom: "no-reply@example.com" });
  });
  afterAll(() => up?.stop());

  async function newPool(name: string, tier: "ESSENTIALS" | "PLUS" = "ESSENTIALS") {
    const pool = (
      await up.admin.send(
        new CreateUserPoolCommand({ PoolName: name, UsernameAttributes: ["email"], UserPoolTier: tier }),
      )
    ).UserPool!;
    const client = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!;
    return { poolId: pool.Id!, clientId: client.ClientId! };
  }

  const set = (UserPoolId: string, LogConfigurations: LogConfigurationType[]) =>
    up.admin.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations }));
  const sink = (poolId: string) => join(up.config.dataDir, "log-delivery", `${poolId}.jsonl`);
  const records = (poolId: string): Record<string, unknown>[] =>
    existsSync(sink(poolId))
      ? readFileSync(sink(poolId), "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
  const invite = (UserPoolId: string, email: string) =>
    up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: email,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );

  it("stores the configurations exactly and answers them; an empty list turns delivery off", async () => {
    const { poolId } = await newPool("logs-config", "PLUS");
    expect(await up.admin.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).toMatchObject({
      LogDeliveryConfiguration: { UserPoolId: poolId, LogConfigurations: [] },
    });
    expect((await set(poolId, [notifications, authEvents])).LogDeliveryConfiguration).toEqual({
      UserPoolId: poolId,
      LogConfigurations: [notifications, authEvents],
    });
    expect(
      (await up.admin.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration,
    ).toEqual({ UserPoolId: poolId, LogConfigurations: [notifications, authEvents] });
    expect((await set(poolId, [])).LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations: [] });
    expect(
      (await up.admin.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration,
    ).toEqual({ UserPoolId: poolId, LogConfigurations: [] });
  });

  it("refuses what Cognito does not deliver, naming it, and keeps the previous configuration", async () => {
    const { poolId } = await newPool("logs-refusals");
    await set(poolId, [notifications]);
    const refused: [LogConfigurationType[], string, string][] = [
      [[{ ...notifications, LogLevel: "INFO" }], "InvalidParameterException", "LogLevel ERROR"],
      [
        [{ EventSource: "userNotification", LogLevel: "ERROR", S3Configuration: { BucketArn: BUCKET } }],
        "InvalidParameterException",
        "CloudWatchLogsConfiguration only",
      ],
      [[{ ...notifications, S3Configuration: { BucketArn: BUCKET } }], "InvalidParameterException", "exactly one"],
      [[{ EventSource: "userNotification", LogLevel: "ERROR" }], "InvalidParameterException", "exactly one"],
      [[{ ...notifications, CloudWatchLogsConfiguration: {} }], "InvalidParameterException", "needs its ARN"],
      [[notifications, notifications], "InvalidParameterException", "twice"],
      [[authEvents], "FeatureUnavailableInTierException", "Plus feature plan"],
      [[{ ...authEvents, LogLevel: "ERROR" }], "InvalidParameterException", "LogLevel INFO only"],
    ];
    for (const [configs, name, words] of refused)
      await expect(set(poolId, configs)).rejects.toMatchObject({ name, message: expect.stringContaining(words) });
    expect(
      (await up.admin.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration,
    ).toEqual({ UserPoolId: poolId, LogConfigurations: [notifications] });
    await expect(
      up.admin.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: "us-east-1_Nope00000" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("userNotification: an undeliverable message is a record in the pool's file, without its text", async () => {
    const { poolId } = await newPool("logs-notifications");
    const quiet = await newPool("logs-none");
    await set(poolId, [notifications]);
    const email = uniqueEmail("undeliverable");
    await expect(invite(poolId, email)).rejects.toMatchObject({ name: "CodeDeliveryFailureException" });
    const [record, ...more] = records(poolId);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      eventSource: "userNotification",
      logLevel: "ERROR",
      logSourceId: { userPoolId: poolId },
      destination: notifications,
      message: { deliveryChannel: "EMAIL", error: expect.any(String) },
    });
    expect(typeof record!.eventTimestamp).toBe("number");
    // The address is masked as Cognito masks CodeDeliveryDetails; the temporary password is never written.
    const line = readFileSync(sink(poolId), "utf8");
    expect(line).not.toContain(email);
    expect((record!.message as { destination: string }).destination).toMatch(/^\w\*\*\*@/);
    expect(statSync(sink(poolId)).mode & 0o777).toBe(0o600);
    expect(statSync(join(up.config.dataDir, "log-delivery")).mode & 0o777).toBe(0o700);

    // A pool without a configuration delivers nothing; turning delivery off stops the records.
    await expect(invite(quiet.poolId, uniqueEmail("quiet"))).rejects.toMatchObject({
      name: "CodeDeliveryFailureException",
    });
    expect(existsSync(sink(quiet.poolId))).toBe(false);
    await set(poolId, []);
    await expect(invite(poolId, uniqueEmail("off"))).rejects.toMatchObject({ name: "CodeDeliveryFailureException" });
    expect(records(poolId)).toHaveLength(1);
  });

  it("userAuthEvents: sign-ins that pass and fail are records in the pool's file", async () => {
    const { poolId, clientId } = await newPool("logs-auth-events", "PLUS");
    const email = uniqueEmail("signer");
    await up.admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, MessageAction: "SUPPRESS" }));
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    await set(poolId, [authEvents]);
    const signIn = (password: string) =>
      up.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
    await signIn(GOOD_PASSWORD);
    await expect(signIn("Wr0ng-Password!")).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const [pass, fail, ...more] = records(poolId);
    expect(more).toEqual([]);
    expect(pass).toMatchObject({
      eventSource: "userAuthEvents",
      logLevel: "INFO",
      destination: authEvents,
      message: { eventType: "SignIn", eventResponse: "Pass", clientId, userSub: expect.any(String) },
    });
    expect(fail).toMatchObject({
      eventSource: "userAuthEvents",
      message: {
        eventType: "SignIn",
        eventResponse: "Fail",
        reason: "Incorrect username or password.",
        userSub: (pass!.message as { userSub: string }).userSub,
      },
    });
    expect(readFileSync(sink(poolId), "utf8")).not.toContain("Wr0ng-Password!");
  });
});
