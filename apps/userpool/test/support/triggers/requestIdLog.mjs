// A trigger that logs as a Lambda function would (one JSON line per invocation), kept in memory for the
// test: the caller's request ID arrives as context.clientContext.custom.requestId.
export async function handler(event, context) {
  globalThis.__authhubTriggerLog ??= [];
  globalThis.__authhubTriggerLog.push(
    JSON.stringify({
      msg: "trigger ran",
      triggerSource: event.triggerSource,
      reqId: context?.clientContext?.custom?.requestId,
      awsRequestId: context?.awsRequestId,
    }),
  );
  return event;
}
