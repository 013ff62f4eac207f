/** Composition root: config → Amplify → services → React. Nothing else wires dependencies. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApiClient } from "./api/apiClient";
import { amplifyAuthClient } from "./auth/amplifyAuthClient";
import { configureAmplify } from "./auth/configureAmplify";
import { App } from "./App";
import { ServicesProvider } from "./app/services";
import { ConfigErrorPage } from "./components/ConfigErrorPage";
import { parseConfig } from "./config/config";
import { Router } from "@authhub/ui";
import { SessionProvider } from "./session/SessionProvider";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
const parsed = parseConfig(import.meta.env);

function start(): void {
  if (!parsed.ok) {
    root.render(<ConfigErrorPage problems={parsed.problems} />);
    return;
  }
  const { config } = parsed;
  try {
    configureAmplify(config);
  } catch (error) {
    root.render(<ConfigErrorPage problems={[error instanceof Error ? error.message : String(error)]} />);
    return;
  }
  const auth = amplifyAuthClient;
  const api = createApiClient({
    baseUrl: config.apiUrl,
    getToken: ({ forceRefresh }) => auth.getToken(config.apiToken, { forceRefresh }),
  });
  root.render(
    <StrictMode>
      <ServicesProvider services={{ auth, api, config }}>
        <Router>
          <SessionProvider auth={auth}>
            <App />
          </SessionProvider>
        </Router>
      </ServicesProvider>
    </StrictMode>,
  );
}

start();
