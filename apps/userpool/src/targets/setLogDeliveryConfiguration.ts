import type {
  SetLogDeliveryConfigurationRequest,
  SetLogDeliveryConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { ArnLike, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

/** LogConfigurationType, so a malformed configuration gets the validation error before the refusal. */
const LogConfiguration = z.object({
  LogLevel: z.enum(["ERROR", "INFO"]),
  EventSource: z.enum(["userNotification", "userAuthEvents"]),
  CloudWatchLogsConfiguration: z.object({ LogGroupArn: ArnLike.optional() }).optional(),
  S3Configuration: z.object({ BucketArn: ArnLike.optional() }).optional(),
  FirehoseConfiguration: z.object({ StreamArn: ArnLike.optional() }).optional(),
});

/**
 * API reference, SetLogDeliveryConfiguration. This server delivers no user pool logs (to CloudWatch Logs, S3,
 * Firehose or a local stand-in), so it refuses every log configuration by name rather than store one it would
 * ignore; an empty list, logging off, is honoured (ADR 0024).
 */
export const setLogDeliveryConfiguration = defineTarget<SetLogDeliveryConfigurationRequest>()({
  name: "SetLogDeliveryConfiguration",
  access: "admin",
  input: z.object({ UserPoolId, LogConfigurations: z.array(LogConfiguration).max(2) }),
  async handle(deps: Deps, req): Promise<SetLogDeliveryConfigurationResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const first = req.LogConfigurations[0];
    if (first)
      throw new InvalidParameterException(
        `LogConfigurations (${first.EventSource} ${first.LogLevel} log delivery) is not supported by this server: ` +
          "it delivers no user pool logs. Use an empty list.",
      );
    return { LogDeliveryConfiguration: { UserPoolId: req.UserPoolId, LogConfigurations: [] } };
  },
});
