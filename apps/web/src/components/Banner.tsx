/** Says which user pool service the app talks to, so nobody mistakes the local pool for AWS (or the reverse). */
import { describeBackend, type AppConfig } from "../config/config";

export function Banner({ config }: { config: AppConfig }) {
  const local = config.userPoolEndpoint !== undefined;
  return (
    <div className={`banner ${local ? "local" : "aws"}`} role="note" aria-label="Backend">
      <strong>{describeBackend(config)}</strong>
      <span>
        API {config.apiUrl} · sends the {config.apiToken === "id" ? "ID" : "access"} token · tokens in{" "}
        {config.tokenStorage}
      </span>
    </div>
  );
}
