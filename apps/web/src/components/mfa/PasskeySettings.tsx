/**
 * Passkeys on the security settings page: add one (associateWebAuthnCredential: the pool's creation options,
 * the browser's authenticator, the pool verifies the attestation), list them and delete any.
 */
import { useCallback, useEffect, useState } from "react";
import type { Passkey } from "../../auth/authClient";
import { useServices } from "../../app/services";
import { Success, useAction } from "@authhub/ui";
import { ErrorMessage } from "../ui";

type Passkeys = { status: "loading" } | { status: "loaded"; passkeys: Passkey[] } | { status: "error"; error: unknown };

export function PasskeySettings() {
  const { auth } = useServices();
  const [list, setList] = useState<Passkeys>({ status: "loading" });
  const register = useAction(auth.registerPasskey);
  const remove = useAction(auth.deletePasskey);
  const [message, setMessage] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setList({ status: "loaded", passkeys: await auth.listPasskeys() });
    } catch (error) {
      setList({ status: "error", error });
    }
  }, [auth]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const onAdd = async () => {
    setMessage(null);
    const outcome = await register.run();
    if (!outcome.ok) return;
    setMessage("Passkey added. You can now sign in with it instead of your password.");
    await reload();
  };

  const onDelete = async (passkey: Passkey) => {
    setMessage(null);
    const outcome = await remove.run({ id: passkey.id });
    if (!outcome.ok) return;
    setMessage(`${passkeyLabel(passkey)} is deleted. It can no longer sign you in.`);
    await reload();
  };

  const busy = register.pending || remove.pending;
  return (
    <div>
      {list.status === "loading" ? <p aria-busy="true">Loading passkeys…</p> : null}
      {list.status === "error" ? <ErrorMessage error={list.error} /> : null}
      {list.status === "loaded" && list.passkeys.length === 0 ? <p>You have no passkeys yet.</p> : null}
      {list.status === "loaded" && list.passkeys.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard
        <section className="table-wrap" aria-label="Passkey table" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Your passkeys</caption>
            <thead>
              <tr>
                <th scope="col">Passkey</th>
                <th scope="col">For site</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.passkeys.map((passkey) => (
                <tr key={passkey.id}>
                  <td className="wrap">{passkeyLabel(passkey)}</td>
                  <td className="mono">{passkey.relyingPartyId ?? "—"}</td>
                  <td>{passkey.createdAt ? passkey.createdAt.toLocaleString() : "—"}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      aria-label={`Delete ${passkeyLabel(passkey)}`}
                      onClick={() => void onDelete(passkey)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <button type="button" disabled={busy} onClick={() => void onAdd()}>
        {register.pending ? "Waiting for your authenticator…" : "Add a passkey"}
      </button>
      {message ? <Success>{message}</Success> : null}
      {register.state.status === "error" ? <ErrorMessage error={register.state.error} /> : null}
      {remove.state.status === "error" ? <ErrorMessage error={remove.state.error} /> : null}
    </div>
  );
}

/** The authenticator's name when it gave one, else a short form of the credential ID. */
function passkeyLabel(passkey: Passkey): string {
  return passkey.name ? `passkey “${passkey.name}”` : `passkey ${passkey.id.slice(0, 8)}…`;
}
