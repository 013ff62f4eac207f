/**
 * `POST /_console/api/op/<Operation>`: a Cognito operation run in-process with admin rights, as a
 * SigV4-signed call to POST / would be, for the operations the console needs (the allowlist). The body is
 * validated by the operation's own input schema; the answer is the operation's JSON or its Cognito error.
 */
import { awsErrorResponse, toWireError } from "../errors/translate.js";
import { requestAddress } from "../http/addressLimit.js";
import type { RequestContext } from "../protocol/target.js";
import { parseInput } from "../protocol/validate.js";
import { encodeAwsJson } from "../protocol/wire.js";
import { recordAudit } from "./audit.js";
import { CONSOLE_READS, CONSOLE_TARGETS } from "./passkeys.js";
import { ConsoleError, type ConsoleContext, objectBody, route } from "./context.js";
import { sessionOf } from "./session.js";

/** The console contract's list; only those the registry has are served (consoleOperations). */
const WANTED = [
  "ListUserPools",
  "DescribeUserPool",
  "CreateUserPool",
  "UpdateUserPool",
  "DeleteUserPool",
  "AddCustomAttributes",
  "ListUserPoolClients",
  "DescribeUserPoolClient",
  "CreateUserPoolClient",
  "UpdateUserPoolClient",
  "DeleteUserPoolClient",
  "AddUserPoolClientSecret",
  "ListUserPoolClientSecrets",
  "DeleteUserPoolClientSecret",
  "ListUsers",
  "AdminGetUser",
  "AdminCreateUser",
  "AdminUpdateUserAttributes",
  "AdminDeleteUserAttributes",
  "AdminConfirmSignUp",
  "AdminEnableUser",
  "AdminDisableUser",
  "AdminResetUserPassword",
  "AdminSetUserPassword",
  "AdminUserGlobalSignOut",
  "AdminDeleteUser",
  "AdminListGroupsForUser",
  "AdminAddUserToGroup",
  "AdminRemoveUserFromGroup",
  "AdminSetUserMFAPreference",
  "AdminListDevices",
  "AdminForgetDevice",
  "AdminListUserAuthEvents",
  "AdminListUserSessions",
  "AdminGetUserAuthFactors",
  "ListGroups",
  "CreateGroup",
  "GetGroup",
  "UpdateGroup",
  "DeleteGroup",
  "ListUsersInGroup",
  "ListIdentityProviders",
  "CreateIdentityProvider",
  "DescribeIdentityProvider",
  "UpdateIdentityProvider",
  "DeleteIdentityProvider",
  "ListResourceServers",
  "CreateResourceServer",
  "DescribeResourceServer",
  "UpdateResourceServer",
  "DeleteResourceServer",
  "DescribeUserPoolDomain",
  "CreateUserPoolDomain",
  "UpdateUserPoolDomain",
  "DeleteUserPoolDomain",
  "GetUserPoolMfaConfig",
  "SetUserPoolMfaConfig",
  "GetSigningCertificate",
  "DescribeManagedLoginBranding",
  "DescribeManagedLoginBrandingByClient",
  "CreateManagedLoginBranding",
  "UpdateManagedLoginBranding",
  "DeleteManagedLoginBranding",
  "GetUICustomization",
  "SetUICustomization",
] as const;

/** The allowlist: the wanted operations the registry implements, all of them admin (IAM) operations. */
export function consoleOperations(ctx: Pick<ConsoleContext, "targets">): ReadonlySet<string> {
  return new Set(WANTED.filter((name) => ctx.targets.get(name)?.access === "admin"));
}

/** Reads change nothing and are not audited (contract: List*, Describe*, Get*, AdminGet*, AdminList*). */
export function isMutating(operation: string): boolean {
  return !CONSOLE_READS.has(operation) && !/^(List|Describe|Get|AdminGet|AdminList)/.test(operation);
}

/** The object an operation acts on, from request members that name things and never hold secrets. */
const TARGET_MEMBERS = ["Username", "ClientId", "GroupName", "ProviderName", "Identifier", "Domain", "DeviceKey"];
const NAME_MEMBERS = ["PoolName", "ClientName", "ManagedLoginBrandingId"];

function auditTarget(body: Record<string, unknown>): string | undefined {
  for (const m of [...TARGET_MEMBERS, ...NAME_MEMBERS]) {
    const v = body[m];
    if (typeof v === "string" && v) return v;
  }
  return undefined;
}

export function runOperation(ctx: ConsoleContext) {
  const allowed = consoleOperations(ctx);
  const { services } = ctx;
  return route(async (req, res) => {
    const name = String(req.params.operation);
    const target = allowed.has(name) ? ctx.targets.get(name) : CONSOLE_TARGETS.get(name);
    if (!target) throw new ConsoleError(404, "unknown_operation", "The console does not offer this operation.");
    res.locals.operation = target.name;
    const session = sessionOf(res);
    const body = objectBody(req);
    const requestId = String(res.locals.requestId ?? services.random.uuid());
    const rc: RequestContext = {
      requestId,
      sourceIp: requestAddress(services.requestRates, req),
      ...(req.get("user-agent") ? { userAgent: req.get("user-agent")! } : {}),
    };
    let status = 200;
    let payload: string;
    let outcome = "ok";
    try {
      const limits = services.requestRates;
      if (limits.active) await limits.admitOperationAddress(target.name, rc.sourceIp);
      const input = parseInput(target.input, body);
      if (limits.active) await limits.admitOperation(target.name, input as Record<string, unknown>);
      payload = encodeAwsJson((await target.handle(services, input, rc)) ?? {});
    } catch (err) {
      const wire = toWireError(err, services.log, { op: target.name, reqId: requestId });
      const r = awsErrorResponse(wire);
      status = r.status;
      payload = r.body;
      outcome = wire.type;
      res.locals.errorType = wire.type;
      res.set("x-amzn-ErrorType", wire.type);
    }
    if (isMutating(target.name)) {
      const userPoolId = typeof body.UserPoolId === "string" ? body.UserPoolId : undefined;
      await recordAudit(ctx, {
        who: session.who,
        operation: target.name,
        userPoolId,
        target: auditTarget(body),
        outcome,
      });
    }
    res.status(status).set({ "Content-Type": "application/json", "Cache-Control": "no-store" }).send(payload);
  });
}
