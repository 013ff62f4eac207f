import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminListUserAuthEvents } from "./adminListUserAuthEvents.js";
import { adminUpdateAuthEventFeedback } from "./adminUpdateAuthEventFeedback.js";
import { updateAuthEventFeedback } from "./updateAuthEventFeedback.js";

const p = pool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } });
const alice = user();
const EVENT = "0b6c2a4e-1f1d-4a8e-9d43-7f0e0b1a2c3d";

describe("AdminListUserAuthEvents", () => {
  it("lists the named user's events with the page asked for", async () => {
    const list = vi.fn(async () => ({ AuthEvents: [] }));
    const deps = fakeDeps(adminListUserAuthEvents, {
      pools: { getPool: async () => p },
      users: { get: async () => alice },
      threats: { list },
    });
    expect(
      await adminListUserAuthEvents.handle(
        deps,
        { UserPoolId: p.id, Username: "alice", MaxResults: 5, NextToken: "page.mac" },
        ctx,
      ),
    ).toEqual({ AuthEvents: [] });
    expect(list).toHaveBeenCalledWith(p, alice, 5, "page.mac");
  });

  it.each([
    ["MaxResults above 60", { MaxResults: 61 }],
    ["a negative MaxResults", { MaxResults: -1 }],
    ["a NextToken with a space", { NextToken: "a b" }],
  ])("refuses %s in the protocol's shape", (_, input) => {
    expect(adminListUserAuthEvents.input.safeParse({ UserPoolId: p.id, Username: "alice", ...input }).success).toBe(
      false,
    );
  });
});

describe("(Admin)UpdateAuthEventFeedback", () => {
  it("an administrator's feedback needs no token; a user's carries the mailed one", async () => {
    const feedback = vi.fn(async () => {});
    const members = { pools: { getPool: async () => p }, users: { get: async () => alice }, threats: { feedback } };
    const input = { UserPoolId: p.id, Username: "alice", EventId: EVENT, FeedbackValue: "Invalid" as const };
    expect(
      await adminUpdateAuthEventFeedback.handle(fakeDeps(adminUpdateAuthEventFeedback, members), input, ctx),
    ).toEqual({});
    expect(feedback).toHaveBeenLastCalledWith(p, alice, EVENT, "Invalid", { provider: "Admin" });
    expect(
      await updateAuthEventFeedback.handle(
        fakeDeps(updateAuthEventFeedback, members),
        { ...input, FeedbackValue: "Valid", FeedbackToken: "token" },
        ctx,
      ),
    ).toEqual({});
    expect(feedback).toHaveBeenLastCalledWith(p, alice, EVENT, "Valid", { provider: "User", token: "token" });
  });

  it.each([
    ["a lower-case feedback value", { FeedbackValue: "valid" }],
    ["no FeedbackToken", { FeedbackToken: undefined }],
    ["an event ID with a slash", { EventId: "a/b" }],
  ])("the public operation refuses %s", (_, over) => {
    const input = { UserPoolId: p.id, Username: "alice", EventId: EVENT, FeedbackValue: "Valid", FeedbackToken: "t" };
    expect(updateAuthEventFeedback.input.safeParse({ ...input, ...over }).success).toBe(false);
  });
});
