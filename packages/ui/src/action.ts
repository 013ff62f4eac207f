import { useCallback, useEffect, useRef, useState } from "react";

export type ActionState<R> =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "success"; result: R }
  | { status: "error"; error: unknown };

/**
 * Runs an async action (a form's submit) and tracks idle → pending → success | error for the UI.
 * Results arriving after unmount are dropped (React would warn, and nobody could see them).
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [state, setState] = useState<ActionState<R>>({ status: "idle" });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (...args: A): Promise<{ ok: true; result: R } | { ok: false }> => {
      setState({ status: "pending" });
      try {
        const result = await action(...args);
        if (mounted.current) setState({ status: "success", result });
        return { ok: true, result };
      } catch (error) {
        if (mounted.current) setState({ status: "error", error });
        return { ok: false };
      }
    },
    [action],
  );
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, run, reset, pending: state.status === "pending" };
}
