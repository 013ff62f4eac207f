// A trigger for tests, loaded in-process by the userpool under test. It records every event it gets
// and answers as the test says: globalThis.__authhubTriggers.behaviour[triggerSource] (or ["*"]) is
// called with the event and may return an event, throw, or never settle. Default: the event as is.
export async function handler(event) {
  globalThis.__authhubTriggers ??= { events: [], behaviour: {} };
  const t = globalThis.__authhubTriggers;
  t.events.push(structuredClone(event));
  const behave = t.behaviour[event.triggerSource] ?? t.behaviour["*"];
  return behave ? behave(event) : event;
}
