import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { setLogDeliveryConfiguration } from "./setLogDeliveryConfiguration.js";

const p = pool();

// API reference, SetLogDeliveryConfiguration; LogConfigurationType.
describe("SetLogDeliveryConfiguration", () => {
  it("hands the configurations to the log delivery service and answers what it stored", async () => {
    const LogConfigurations = [
      {
        LogLevel: "ERROR" as const,
        EventSource: "userNotification" as const,
        CloudWatchLogsConfiguration: { LogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:pool" },
      },
    ];
    const setConfiguration = vi.fn(async () => LogConfigurations);
    const deps = fakeDeps(setLogDeliveryConfiguration, {
      pools: { getPool: vi.fn(async () => p) },
      logDelivery: { setConfiguration },
    });
    expect(await setLogDeliveryConfiguration.handle(deps, { UserPoolId: p.id, LogConfigurations }, ctx)).toEqual({
      LogDeliveryConfiguration: { UserPoolId: p.id, LogConfigurations },
    });
    expect(setConfiguration).toHaveBeenCalledWith(p, LogConfigurations);
  });

  it("validates the configurations' shape: levels, sources, at most two", () => {
    const parse = (LogConfigurations: unknown[]) =>
      setLogDeliveryConfiguration.input.safeParse({ UserPoolId: p.id, LogConfigurations }).success;
    const ok = { LogLevel: "INFO", EventSource: "userAuthEvents" };
    expect(parse([ok])).toBe(true);
    expect(parse([{ ...ok, LogLevel: "DEBUG" }])).toBe(false);
    expect(parse([{ ...ok, EventSource: "everything" }])).toBe(false);
    expect(parse([ok, ok, ok])).toBe(false);
  });
});
