/**
 * Password sign-in on the hosted login page. Same rules as USER_PASSWORD_AUTH (verifier
 * recomputed from the salt, lockout, pre/post authentication triggers, Cognito's status rules, the MFA step) but
 * no tokens here: the hosted UI's tokens come later, from the token endpoint, with trigger source
 * TokenGeneration_HostedAuth.
 */
import { INCORRECT_CREDENTIALS, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Services } from "../services/index.js";
import type { Challenge } from "../services/mfa/mfaService.js";
import type { Client, Pool } from "../services/pools.js";
import { hidesUserExistence } from "../services/userExistence.js";
import { NO_SIGNALS, type RequestSignals } from "../services/risk/threatProtection.js";
import type { UserRow } from "../store/index.js";

export type HostedSignInResult =
  | { kind: "signed-in"; user: UserRow }
  /** A second factor is due: the MFA service's challenge (its Session goes into the MFA cookie). */
  | { kind: "mfa"; challenge: Challenge }
  | { kind: "unconfirmed"; user: UserRow }
  | { kind: "reset-required" }
  | { kind: "new-password-required" };

type Deps = Pick<Services, "users" | "passwords" | "triggers" | "lockout" | "existence" | "mfa" | "threats">;

export async function hostedPasswordSignIn(
  deps: Deps,
  pool: Pool,
  client: Client,
  typed: string,
  password: string,
  signals: RequestSignals = NO_SIGNALS,
): Promise<HostedSignInResult> {
  const user = await deps.users.resolve(pool, typed);
  // The login page never says a name is unknown, but PreAuthentication sees one only where the client has
  // PreventUserExistenceErrors ENABLED, with userNotFound (developer guide, "Pre authentication Lambda trigger").
  if (user) await deps.triggers.preAuthentication({ pool, client, user });
  else if (hidesUserExistence(client)) await deps.triggers.preAuthentication({ pool, client, username: typed });
  if (!user) {
    // Same cost, the same message and the same lockout as a real check (counted under the name's
    // MAC, as the JSON API counts it): the login page never tells who exists, not even after five tries.
    deps.passwords.simulateUnknownUser(pool.id, deps.users.usernameKey(pool, typed), password);
    throw await deps.lockout.failure(pool, deps.existence.unknownSubject(pool, typed));
  }
  const subject = deps.lockout.subjectOf(user.id);
  const ok = deps.passwords.verifyPassword(user, password);
  if (!ok) await deps.threats.signInFailed(pool, user.id, signals);
  await deps.lockout.settle(pool, subject, ok);
  if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
  switch (user.status) {
    case "CONFIRMED":
      break;
    case "UNCONFIRMED":
      return { kind: "unconfirmed", user };
    case "RESET_REQUIRED":
      return { kind: "reset-required" };
    case "FORCE_CHANGE_PASSWORD":
      return { kind: "new-password-required" };
    default:
      throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  // Threat protection, as for USER_PASSWORD_AUTH (the password came in the clear): a block throws.
  const verdict = await deps.threats.assessSignIn({ pool, client }, user, signals, password);
  if (verdict && verdict.mfa !== "none") {
    const risky = (await deps.mfa.mfaStep({ pool, client }, user)) ?? (await deps.mfa.riskStep({ pool, client }, user));
    if (risky) {
      await deps.threats.challenged(pool, user, signals, verdict);
      return { kind: "mfa", challenge: risky };
    }
    if (verdict.mfa === "required") throw await deps.threats.blockedWithoutMfa(pool, user, signals, verdict);
  } else {
    // The same decision as the JSON API's; PostAuthentication then runs after the second factor (hosted/mfa.ts).
    const challenge = await deps.mfa.mfaStep({ pool, client }, user);
    if (challenge) return { kind: "mfa", challenge };
  }
  await deps.threats.passed(pool, user, signals, verdict);
  await deps.triggers.postAuthentication({ pool, client, user, newDeviceUsed: false });
  return { kind: "signed-in", user };
}
