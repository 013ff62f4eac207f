/**
 * Optional OpenTelemetry traces: one server span per request (the operation's name, its request ID,
 * status and error name), exported over OTLP/HTTP. Off by default; when off, no OpenTelemetry module
 * is ever imported (they weigh several MB of heap, against an idle budget of 120 MB RSS).
 */
import type { Logger } from "../log.js";
import type { Listener } from "./metrics.js";

export interface RequestSpan {
  /** The X-Amz-Target operation or the route template, as the metrics name it. */
  name: string;
  listener: Listener;
  requestId: string;
  /** Wall-clock start (epoch ms) and duration. */
  startMs: number;
  durationMs: number;
  status: number;
  errorType?: string | undefined;
}

export interface Tracing {
  record(span: RequestSpan): void;
  /** Sends what is still buffered, then stops. */
  close(): Promise<void>;
}

export const noTracing: Tracing = {
  record() {},
  async close() {},
};

let loaded = false;

/** Whether this process ever loaded the OpenTelemetry modules (tests: tracing off loads nothing). */
export function tracingLoaded(): boolean {
  return loaded;
}

/** Loads OpenTelemetry and exports spans to `url` (the OTLP/HTTP traces endpoint, JSON encoding). */
export async function startTracing(url: string, log: Logger): Promise<Tracing> {
  loaded = true;
  const [api, sdk, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
  ]);
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ "service.name": "authhub-userpool" }),
    spanProcessors: [
      new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }), scheduledDelayMillis: 1000 }),
    ],
  });
  const tracer = provider.getTracer("@authhub/userpool");
  log.info({ url }, "tracing: spans go to this OTLP/HTTP endpoint");
  return {
    record(s) {
      const span = tracer.startSpan(s.name, {
        kind: api.SpanKind.SERVER,
        startTime: new Date(s.startMs),
        attributes: {
          "authhub.request_id": s.requestId,
          "authhub.listener": s.listener,
          "http.response.status_code": s.status,
          ...(s.errorType ? { "error.type": s.errorType } : {}),
        },
      });
      if (s.status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end(new Date(s.startMs + s.durationMs));
    },
    async close() {
      await provider.shutdown();
    },
  };
}
