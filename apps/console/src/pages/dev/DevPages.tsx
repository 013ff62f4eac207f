/** Development views: the dev mailbox, the SMS outbox and the last requests (the server answers 404 in production). */
import { DataTable } from "../../components/lists";
import { Loaded, PageTitle, Time, useLoad } from "../../components/ui";
import { useApi } from "../../session/ConsoleContext";

function Refresh({ onClick }: { onClick: () => void }) {
  return (
    <p>
      <button type="button" className="secondary" onClick={onClick}>
        Refresh
      </button>
    </p>
  );
}

export function MailboxPage() {
  const api = useApi();
  const { state, reload } = useLoad(() => api.mailbox(50), [api]);
  return (
    <>
      <PageTitle lead="The last 50 messages the server would have e-mailed (development mailbox).">Mailbox</PageTitle>
      <Refresh onClick={reload} />
      <Loaded load={state}>
        {({ messages }) =>
          messages.length === 0 ? (
            <p>No messages yet.</p>
          ) : (
            <ol className="plain messages">
              {messages.map((m) => (
                <li key={m.id} className="card">
                  <h2>{m.subject}</h2>
                  <p className="aside">
                    To <span className="mono">{m.to}</span>, <Time value={m.at} />
                  </p>
                  {m.codes.length > 0 ? (
                    <p>
                      Codes and links:{" "}
                      {m.codes.map((c) => (
                        <code key={c} className="code-chip">
                          {c}
                        </code>
                      ))}
                    </p>
                  ) : null}
                  <details>
                    <summary>Message text</summary>
                    <pre className="message-text">{m.text}</pre>
                  </details>
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
    </>
  );
}

export function SmsPage() {
  const api = useApi();
  const { state, reload } = useLoad(() => api.sms(50), [api]);
  return (
    <>
      <PageTitle lead="The last 50 text messages the server would have sent.">SMS outbox</PageTitle>
      <Refresh onClick={reload} />
      <Loaded load={state}>
        {({ messages }) =>
          messages.length === 0 ? (
            <p>No text messages yet.</p>
          ) : (
            <DataTable
              label="Text messages"
              caption="Text messages, newest first"
              rows={messages}
              rowKey={(m) => m.id}
              columns={[
                { header: "When", cell: (m) => <Time value={m.at} /> },
                { header: "To", className: "mono", cell: (m) => m.to },
                { header: "Text", className: "wrap", cell: (m) => m.text },
              ]}
            />
          )
        }
      </Loaded>
    </>
  );
}

export function RequestsPage() {
  const api = useApi();
  const { state, reload } = useLoad(() => api.requests(100), [api]);
  return (
    <>
      <PageTitle lead="The last 100 requests to this server: no bodies, tokens or secrets are kept.">
        Request log
      </PageTitle>
      <Refresh onClick={reload} />
      <Loaded load={state}>
        {({ requests }) => (
          <DataTable
            label="Requests"
            caption="Requests, newest first"
            rows={requests}
            // Entries have no id; the list is replaced whole.
            rowKey={(r, i) => `${r.at}-${i}`}
            columns={[
              { header: "When", cell: (r) => <Time value={r.at} /> },
              {
                header: "Request",
                // Full paths (/_console/api/op/…) wrap, so Status and Time stay on screen.
                className: "mono wrap",
                cell: (r) => (
                  <>
                    {r.method} {r.path}
                  </>
                ),
              },
              { header: "Operation", cell: (r) => r.operation ?? "—" },
              {
                header: "Status",
                className: (r) => (r.status >= 400 ? "status-bad" : undefined),
                cell: (r) => r.status,
              },
              { header: "Time", cell: (r) => `${r.ms} ms` },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
