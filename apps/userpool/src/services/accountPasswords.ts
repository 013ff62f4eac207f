import type { Clock } from "../clock.js";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { UserRow, UserStatus } from "../store/index.js";
import type { LockoutService } from "./lockout.js";
import type { PasswordService } from "./passwords.js";
import type { Pool } from "./pools.js";
import type { RevocationService } from "./revocation.js";
import type { UserService } from "./users.js";

/**
 * Replacing a password, the same way for every operation that does it (ChangePassword,
 * ConfirmForgotPassword, AdminSetUserPassword): new salt and verifier, the lockout counter starts
 * over, and — only when the pool sets RevokeSessionsOnPasswordChange — the user's other sessions
 * end. Cognito keeps them (its tokens stay valid until they expire), hence the default.
 */
export class AccountPasswordService {
  constructor(
    private readonly deps: {
      users: UserService;
      passwords: PasswordService;
      lockout: LockoutService;
      revocation: RevocationService;
      clock: Clock;
    },
  ) {}

  /**
   * Sets `password` (already checked against the policy). `status` moves the user along (e.g.
   * RESET_REQUIRED → CONFIRMED); `keepOrigin` is the caller's own session, spared when sessions end.
   */
  async replace(
    pool: Pool,
    user: UserRow,
    password: string,
    o: { status?: UserStatus; keepOrigin?: string } = {},
  ): Promise<UserRow> {
    const credentials = this.deps.passwords.createCredentials(pool.id, user.id, user.username, password);
    const updated = await this.deps.users.update(pool, user, {
      ...credentials,
      passwordSetAt: this.deps.clock.now().getTime(),
      ...(o.status ? { status: o.status } : {}),
    });
    if (!updated) throw new NotAuthorizedException("User does not exist.");
    await this.deps.lockout.clear(pool, this.deps.lockout.subjectOf(user.id));
    if (pool.settings.RevokeSessionsOnPasswordChange)
      await this.deps.revocation.endOtherSessions(pool, updated, o.keepOrigin);
    return updated;
  }
}
