/** Session-wide messages: signed out, session ended elsewhere, Google sign-in failed. */
import { useSession } from "../session/SessionProvider";

export function SessionNotice() {
  const { notice, dismissNotice } = useSession();
  if (!notice) return null;
  return (
    <div
      className={`message ${notice.tone === "error" ? "error" : "success"} notice`}
      role={notice.tone === "error" ? "alert" : "status"}
    >
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={dismissNotice} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
