/** Shown instead of the app when the VITE_* configuration is incomplete: every problem, with its fix. */
export function ConfigErrorPage({ problems }: { problems: string[] }) {
  return (
    <main className="page">
      <section className="card" aria-labelledby="config-error">
        <h1 id="config-error">The app is not configured</h1>
        <div role="alert">
          <p>Fix these settings, then restart the dev server or rebuild:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
        <p className="hint">
          Development defaults live in apps/web/.env.development; for real Cognito copy apps/web/.env.production.example
          to .env.production.
        </p>
      </section>
    </main>
  );
}
