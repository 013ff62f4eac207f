/**
 * Log delivery (Get/SetLogDeliveryConfiguration). Cognito exports a pool's `userNotification` logs (message delivery
 * errors) and `userAuthEvents` logs (threat-protection user activity) to CloudWatch Logs, S3 or Firehose. This
 * server keeps the configuration exactly as given and writes the records to one local sink per pool instead: a
 * JSON-lines file, `<data directory>/log-delivery/<pool ID>.jsonl` (ADR 0032, differences.md).
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { LogConfigurationType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { LOG_DELIVERY_DIR } from "../config/dataDir.js";
import { FeatureUnavailableInTierException, InvalidParameterException } from "../errors/cognitoErrors.js";
import type { Logger } from "../log.js";
import { createPrivateFile, ensurePrivateDir } from "../privateFiles.js";
import type { Store } from "../store/index.js";
import type { Pool } from "./pools.js";

export type EventSource = "userNotification" | "userAuthEvents";
export type LogLevel = "ERROR" | "INFO";

export interface LogConfiguration {
  EventSource: EventSource;
  LogLevel: LogLevel;
  CloudWatchLogsConfiguration?: { LogGroupArn?: string | undefined } | undefined;
  S3Configuration?: { BucketArn?: string | undefined } | undefined;
  FirehoseConfiguration?: { StreamArn?: string | undefined } | undefined;
}

const DOCUMENT = "logDelivery";
/** How long a pool's configuration is reused before it is read again (another instance may have changed it). */
const CACHE_MS = 5_000;
const DESTINATIONS = ["CloudWatchLogsConfiguration", "S3Configuration", "FirehoseConfiguration"] as const;

export class LogDeliveryService {
  private readonly cache = new Map<string, { at: number; configs: LogConfiguration[] }>();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      log: Logger;
      /** The data directory; no directory, no sink (then every configuration is refused by name). */
      dataDir: string | undefined;
    },
  ) {}

  /** The pool's file, for operators and tests. */
  sinkPath(poolId: string): string | undefined {
    return this.deps.dataDir && join(this.deps.dataDir, LOG_DELIVERY_DIR, `${poolId}.jsonl`);
  }

  async configuration(pool: Pool): Promise<LogConfigurationType[]> {
    return this.configs(pool.id, true);
  }

  /**
   * LogConfigurationType: "To send userNotification activity ... choose ERROR with CloudWatchLogsConfiguration. To
   * send userAuthEvents activity with user logs from threat protection with the Plus feature plan, choose INFO with
   * one of CloudWatchLogsConfiguration, FirehoseConfiguration, or S3Configuration."
   */
  async setConfiguration(pool: Pool, configs: readonly LogConfiguration[]): Promise<LogConfigurationType[]> {
    const seen = new Set<string>();
    for (const c of configs) {
      if (seen.has(c.EventSource))
        throw new InvalidParameterException(`LogConfigurations names EventSource ${c.EventSource} twice.`);
      seen.add(c.EventSource);
      const given = DESTINATIONS.filter((d) => c[d] !== undefined);
      if (given.length !== 1)
        throw new InvalidParameterException(
          `The ${c.EventSource} log configuration needs exactly one destination ` +
            `(${DESTINATIONS.join(", ")}); got ${given.length}.`,
        );
      const arn = { ...c.CloudWatchLogsConfiguration, ...c.S3Configuration, ...c.FirehoseConfiguration };
      if (Object.values(arn)[0] === undefined)
        throw new InvalidParameterException(`The ${c.EventSource} log configuration's ${given[0]} needs its ARN.`);
      if (
        c.EventSource === "userNotification" &&
        (c.LogLevel !== "ERROR" || given[0] !== "CloudWatchLogsConfiguration")
      )
        throw new InvalidParameterException(
          "userNotification logs are sent at LogLevel ERROR with CloudWatchLogsConfiguration only.",
        );
      if (c.EventSource === "userAuthEvents") {
        if (c.LogLevel !== "INFO")
          throw new InvalidParameterException("userAuthEvents logs are sent at LogLevel INFO only.");
        if (pool.settings.UserPoolTier !== "PLUS")
          throw new FeatureUnavailableInTierException("userAuthEvents logs require the Plus feature plan.");
      }
    }
    if (configs.length && !this.deps.dataDir)
      throw new InvalidParameterException(
        "LogConfigurations can't be delivered: this server has no data directory for its local log files.",
      );
    const stored = configs.map((c) => ({ ...c }));
    await this.deps.store.administration.putPoolDocument(
      pool.id,
      DOCUMENT,
      { LogConfigurations: stored },
      this.deps.clock.now().getTime(),
    );
    this.cache.set(pool.id, { at: this.deps.clock.now().getTime(), configs: stored });
    return stored;
  }

  /**
   * Appends one record to the pool's file when a configuration asks for its source. Delivery never fails the
   * request that produced the event: a write error is logged and the record dropped, as a log pipeline would.
   */
  async record(pool: Pool, source: EventSource, level: LogLevel, message: Record<string, unknown>): Promise<void> {
    const path = this.sinkPath(pool.id);
    if (!path) return;
    const config = (await this.configs(pool.id, false)).find((c) => c.EventSource === source);
    if (!config || (config.LogLevel === "ERROR" && level !== "ERROR")) return;
    const line = {
      eventTimestamp: this.deps.clock.now().getTime(),
      eventSource: source,
      logLevel: level,
      logSourceId: { userPoolId: pool.id },
      destination: config,
      message,
    };
    try {
      ensurePrivateDir(join(this.deps.dataDir!, LOG_DELIVERY_DIR));
      createPrivateFile(path);
      await appendFile(path, `${JSON.stringify(line)}\n`);
    } catch (err) {
      this.deps.log.error({ err, poolId: pool.id, eventSource: source }, "log delivery to the local file failed");
    }
  }

  private async configs(poolId: string, fresh: boolean): Promise<LogConfiguration[]> {
    const now = this.deps.clock.now().getTime();
    const hit = this.cache.get(poolId);
    if (!fresh && hit && now - hit.at >= 0 && now - hit.at < CACHE_MS) return hit.configs;
    const doc = await this.deps.store.administration.getPoolDocument(poolId, DOCUMENT);
    const configs = (doc?.LogConfigurations as LogConfiguration[] | undefined) ?? [];
    this.cache.set(poolId, { at: now, configs });
    return configs;
  }
}
