import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createConsoleApi } from "./api/consoleApi";
import { App } from "./App";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// A lost session (expired, signed out elsewhere) reloads: the session read then shows the sign-in page.
const api = createConsoleApi({ onSessionLost: () => window.location.reload() });
createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
