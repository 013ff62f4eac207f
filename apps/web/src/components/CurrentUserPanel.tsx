/** Current user: email, whether it is verified, and how the user signed in (user pool or a federated provider). */
import type { CurrentUser } from "../auth/authClient";
import { providerLabel } from "./IdentityProviderButtons";

export function CurrentUserPanel({ user }: { user: CurrentUser }) {
  const verified = user.emailVerified === undefined ? "Unknown" : user.emailVerified ? "Verified" : "Not verified";
  return (
    <dl className="facts">
      <dt>Email</dt>
      <dd>{user.email ?? "(no email)"}</dd>
      <dt>Email status</dt>
      <dd>
        <span className={`badge ${user.emailVerified ? "ok" : "warn"}`}>{verified}</span>
      </dd>
      <dt>Signed in with</dt>
      <dd>{user.provider ? providerLabel(user.provider) : "Email and password"}</dd>
      <dt>Username</dt>
      <dd className="mono">{user.username}</dd>
      <dt>App user ID</dt>
      <dd className="mono">{user.dbUserId ?? "(not in the ID token)"}</dd>
    </dl>
  );
}
