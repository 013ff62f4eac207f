/**
 * The console's routes below its base (/_console/): which page a path shows. The router itself is the shared one
 * of @authhub/ui (docs/adr/0057); paths inside the app are written without the base ("/pools/…").
 */
export type Route =
  | { page: "pools" }
  | { page: "pool-new" }
  | { page: "pool"; poolId: string }
  | { page: "clients"; poolId: string }
  | { page: "client-new"; poolId: string }
  | { page: "client"; poolId: string; clientId: string }
  | { page: "users"; poolId: string }
  | { page: "user-new"; poolId: string }
  | { page: "user"; poolId: string; username: string }
  | { page: "groups"; poolId: string }
  | { page: "idps"; poolId: string }
  | { page: "resource-servers"; poolId: string }
  | { page: "mailbox" }
  | { page: "sms" }
  | { page: "requests" }
  | { page: "tokens" }
  | { page: "audit" }
  | { page: "sign-in" }
  | { page: "not-found" };

/** The route of a path below the base. Segments are URI-decoded (usernames may hold any character). */
export function matchRoute(path: string): Route {
  let parts: string[];
  try {
    parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return { page: "not-found" };
  }
  const [a, b, c, d, ...rest] = parts;
  if (rest.length > 0) return { page: "not-found" };
  if (a === undefined) return { page: "pools" };
  if (a === "sign-in" && b === undefined) return { page: "sign-in" };
  if (a === "tokens" && b === undefined) return { page: "tokens" };
  if (a === "audit" && b === undefined) return { page: "audit" };
  if (a === "dev" && c === undefined) {
    if (b === "mailbox") return { page: "mailbox" };
    if (b === "sms") return { page: "sms" };
    if (b === "requests") return { page: "requests" };
  }
  if (a !== "pools") return { page: "not-found" };
  if (b === undefined) return { page: "pools" };
  if (b === "new" && c === undefined) return { page: "pool-new" };
  const poolId = b;
  if (c === undefined) return { page: "pool", poolId };
  // Create pages are siblings (`new-user`), not children: "new" is a valid username and client path segment.
  if (c === "clients") return d === undefined ? { page: "clients", poolId } : { page: "client", poolId, clientId: d };
  if (c === "users") return d === undefined ? { page: "users", poolId } : { page: "user", poolId, username: d };
  if (d !== undefined) return { page: "not-found" };
  if (c === "new-client") return { page: "client-new", poolId };
  if (c === "new-user") return { page: "user-new", poolId };
  if (c === "groups") return { page: "groups", poolId };
  if (c === "identity-providers") return { page: "idps", poolId };
  if (c === "resource-servers") return { page: "resource-servers", poolId };
  return { page: "not-found" };
}

/** Builds a path with each dynamic segment URI-encoded. */
export function pathOf(...segments: string[]): string {
  return `/${segments.map(encodeURIComponent).join("/")}`;
}
