import type { ReactNode } from "react";

/** A success message: a polite status, read when it appears without moving focus. */
export function Success({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="message success">
      {children}
    </div>
  );
}

/**
 * An error message: an alert, since it answers what the user just did. Each app words the error its own way and
 * passes the stable name or code it rides on as a data attribute (`data-error-name`, `data-error-code`).
 */
export function ErrorAlert({
  children,
  ...data
}: { children: ReactNode } & { [key: `data-${string}`]: string | undefined }) {
  return (
    <p role="alert" className="message error" {...data}>
      {children}
    </p>
  );
}
