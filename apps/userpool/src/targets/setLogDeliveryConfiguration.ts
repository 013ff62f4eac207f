import type {
  SetLogDeliveryConfigurationRequest,
  SetLogDeliveryConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ArnLike, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "logDelivery">;

/** LogConfigurationType; which source goes with which level and destination is checked by the service. */
const LogConfiguration = z.object({
  LogLevel: z.enum(["ERROR", "INFO"]),
  EventSource: z.enum(["userNotification", "userAuthEvents"]),
  CloudWatchLogsConfiguration: z.object({ LogGroupArn: ArnLike.optional() }).optional(),
  S3Configuration: z.object({ BucketArn: ArnLike.optional() }).optional(),
  FirehoseConfiguration: z.object({ StreamArn: ArnLike.optional() }).optional(),
});

/**
 * API reference, SetLogDeliveryConfiguration: replaces the pool's configurations (at most 2, one per event source).
 * They are stored and returned exactly, and the records go to the pool's local JSON-lines file rather than to the
 * named CloudWatch Logs group, S3 bucket or Firehose stream (ADR 0032, differences.md); an empty list turns
 * delivery off.
 */
export const setLogDeliveryConfiguration = defineTarget<SetLogDeliveryConfigurationRequest>()({
  name: "SetLogDeliveryConfiguration",
  access: "admin",
  input: z.object({ UserPoolId, LogConfigurations: z.array(LogConfiguration).max(2) }),
  async handle(deps: Deps, req): Promise<SetLogDeliveryConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return {
      LogDeliveryConfiguration: {
        UserPoolId: pool.id,
        LogConfigurations: await deps.logDelivery.setConfiguration(pool, req.LogConfigurations),
      },
    };
  },
});
