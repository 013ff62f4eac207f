/** Paste a JWT: its header and claims, whether the issuing pool's keys verify its signature, and its expiry. */
import { useId, type FormEvent } from "react";
import type { TokenInspection } from "../api/consoleApi";
import { formText, useAction } from "@authhub/ui";
import { ErrorMessage, PageTitle, Section, Time } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

export function TokenInspectorPage() {
  const api = useApi();
  const id = useId();
  const inspect = useAction((token: string) => api.inspectToken(token));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = formText(event.currentTarget, "token");
    if (token) void inspect.run(token);
  };
  return (
    <>
      <PageTitle lead="The token is sent to this server only, to check its signature against the pool's keys.">
        Token inspector
      </PageTitle>
      <form onSubmit={submit} className="wide">
        <div className="field">
          <label htmlFor={`${id}-token`}>JWT (ID, access or refresh token)</label>
          <textarea id={`${id}-token`} name="token" rows={5} required spellCheck={false} className="mono" />
        </div>
        <button type="submit" disabled={inspect.pending}>
          {inspect.pending ? "Inspecting…" : "Inspect"}
        </button>
      </form>
      {inspect.state.status === "error" ? <ErrorMessage error={inspect.state.error} /> : null}
      {inspect.state.status === "success" ? <Inspection result={inspect.state.result} /> : null}
    </>
  );
}

function Inspection({ result }: { result: TokenInspection }) {
  const { signature } = result;
  return (
    <div aria-live="polite">
      <Section title="Verdict">
        <dl className="facts">
          <dt>Signature</dt>
          <dd>
            {signature.valid ? (
              <span className="badge ok">Valid</span>
            ) : (
              <span className="badge bad">Not valid{signature.reason ? `: ${signature.reason}` : ""}</span>
            )}
          </dd>
          {signature.userPoolId ? (
            <>
              <dt>Pool</dt>
              <dd className="mono">{signature.userPoolId}</dd>
            </>
          ) : null}
          {signature.kid ? (
            <>
              <dt>Key ID</dt>
              <dd className="mono">{signature.kid}</dd>
            </>
          ) : null}
          <dt>Expires</dt>
          <dd>
            <Time value={result.expiresAt} />{" "}
            {result.expired ? (
              <span className="badge bad">Expired</span>
            ) : (
              <span className="badge ok">Not expired</span>
            )}
          </dd>
        </dl>
      </Section>
      <Section title="Header">
        <pre className="json">{JSON.stringify(result.header, null, 2)}</pre>
      </Section>
      <Section title="Claims">
        <pre className="json">{JSON.stringify(result.claims, null, 2)}</pre>
      </Section>
    </div>
  );
}
