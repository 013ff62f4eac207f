import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useAction } from "./action";

/** A promise the test resolves by hand, to look at the state while the action is in flight. */
function later<T>() {
  const hand: { resolve?: (value: T) => void } = {};
  const promise = new Promise<T>((resolve) => {
    hand.resolve = resolve;
  });
  return { promise, resolve: (value: T) => hand.resolve?.(value) };
}

describe("useAction", () => {
  it("goes idle → pending → success and hands the result to the caller", async () => {
    const d = later<string>();
    const { result } = renderHook(() => useAction((x: number) => d.promise.then((s) => `${s}${x}`)));
    expect(result.current.state).toEqual({ status: "idle" });
    let outcome: Promise<unknown> | undefined;
    act(() => {
      outcome = result.current.run(1);
    });
    expect(result.current.pending).toBe(true);
    await act(async () => {
      d.resolve("done");
      await outcome;
    });
    expect(await outcome).toEqual({ ok: true, result: "done1" });
    expect(result.current.state).toEqual({ status: "success", result: "done1" });
    act(() => result.current.reset());
    expect(result.current.state).toEqual({ status: "idle" });
  });

  it("keeps the error for the UI and tells the caller it failed", async () => {
    const error = new Error("nope");
    const { result } = renderHook(() => useAction(() => Promise.reject(error)));
    let outcome: unknown;
    await act(async () => {
      outcome = await result.current.run();
    });
    expect(outcome).toEqual({ ok: false });
    expect(result.current.state).toEqual({ status: "error", error });
    expect(result.current.pending).toBe(false);
  });

  it("drops a result that arrives after unmount", async () => {
    const d = later<string>();
    const { result, unmount } = renderHook(() => useAction(() => d.promise));
    let outcome: Promise<unknown> | undefined;
    act(() => {
      outcome = result.current.run();
    });
    const last = result.current;
    unmount();
    d.resolve("late");
    // The caller still hears of it; the unmounted state is left as it was.
    expect(await outcome).toEqual({ ok: true, result: "late" });
    expect(last.state).toEqual({ status: "pending" });
  });
});
