import { describe, expect, it, vi } from "vitest";
import { client, pool, user } from "../../test/support/fakes.js";
import { ManualClock } from "../clock.js";
import type { RefreshFamily, Store } from "../store/index.js";
import { SessionService, sessionIdOf } from "./sessions.js";

const p = pool();
const alice = user();
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

function family(n: number, over: Partial<RefreshFamily> = {}): RefreshFamily {
  return {
    originJti: `origin-${n}`,
    clientId: "testclient0000000000000000",
    createdAt: NOW - n * 1000,
    lastIssuedAt: NOW - n * 1000 + 500,
    expiresAt: NOW + 30 * DAY,
    ...over,
  };
}

function service(families: RefreshFamily[], pageSize?: number) {
  const listFamilies = vi.fn(async () => families);
  const revokeOrigin = vi.fn(async () => {});
  const c = client({ RefreshTokenValidity: 30 });
  const svc = new SessionService({
    store: { refreshTokens: { listFamilies } } as unknown as Store,
    clock: new ManualClock(NOW),
    pools: { findClient: async (id: string) => (id === c.id ? c : undefined) },
    revocation: { revokeOrigin },
    ...(pageSize ? { sessionsPageSize: pageSize } : {}),
  } as unknown as ConstructorParameters<typeof SessionService>[0]);
  return { svc, listFamilies, revokeOrigin };
}

describe("sessionIdOf", () => {
  it("is tkn and 25 lowercase letters and digits, stable, and distinct per pool and origin", () => {
    const id = sessionIdOf(p.id, "origin-1");
    expect(id).toMatch(/^tkn[0-9a-z]{25}$/u);
    expect(sessionIdOf(p.id, "origin-1")).toBe(id);
    expect(sessionIdOf(p.id, "origin-2")).not.toBe(id);
    expect(sessionIdOf("us-east-1_Other", "origin-1")).not.toBe(id);
  });
});

describe("SessionService.list", () => {
  it("describes each family as a TOKEN session, newest sign-in first, marking the caller's", async () => {
    const { svc, listFamilies } = service([family(2), family(1)]);
    const r = await svc.list(p, alice, undefined, "origin-2");
    expect(listFamilies).toHaveBeenCalledWith({ poolId: p.id, userId: alice.id, now: NOW });
    expect(r).toEqual({
      Sessions: [
        {
          SessionId: sessionIdOf(p.id, "origin-1"),
          SessionType: "TOKEN",
          ClientId: "testclient0000000000000000",
          CreateDate: new Date(NOW - 1000),
          LastActiveDate: new Date(NOW - 500),
          IsCurrentSession: false,
        },
        expect.objectContaining({ SessionId: sessionIdOf(p.id, "origin-2"), IsCurrentSession: true }),
      ],
    });
  });

  it("pages with NextToken until every session was listed once, ties broken by SessionId", async () => {
    // Five sessions, two of them signed in within the same millisecond.
    const fams = [family(1), family(2), family(3), family(4), family(9, { createdAt: NOW - 1000 })];
    const { svc } = service(fams, 2);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await svc.list(p, alice, token);
      seen.push(...r.Sessions.map((s) => s.SessionId!));
      token = r.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(fams.map((f) => sessionIdOf(p.id, f.originJti)).sort());
    expect(new Set(seen).size).toBe(5);
  });

  it("gives no NextToken when the page holds everything", async () => {
    const { svc } = service([family(1), family(2)], 2);
    expect((await svc.list(p, alice, undefined)).NextToken).toBeUndefined();
  });

  it.each(["garbage", Buffer.from("12.tknnot-an-id").toString("base64url")])(
    "refuses a NextToken it did not issue (%s)",
    async (token) => {
      await expect(service([family(1)]).svc.list(p, alice, token)).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "Invalid NextToken.",
      });
    },
  );
});

describe("SessionService.revoke", () => {
  it("revokes the family's origin until its tokens, and any racing successor, have expired", async () => {
    const { svc, revokeOrigin } = service([family(1), family(2)]);
    await svc.revoke(p, alice, sessionIdOf(p.id, "origin-2"), { currentOrigin: "origin-1" });
    expect(revokeOrigin).toHaveBeenCalledExactlyOnceWith({
      poolId: p.id,
      originJti: "origin-2",
      userId: alice.id,
      tokensExpireAt: NOW + 30 * DAY,
    });
  });

  it("refuses an ID that is none of the user's live sessions with ResourceNotFoundException", async () => {
    const { svc, revokeOrigin } = service([family(1)]);
    await expect(svc.revoke(p, alice, sessionIdOf(p.id, "someone-elses"))).rejects.toMatchObject({
      code: "ResourceNotFoundException",
    });
    expect(revokeOrigin).not.toHaveBeenCalled();
  });

  it("refuses the caller's own session", async () => {
    const { svc, revokeOrigin } = service([family(1)]);
    await expect(
      svc.revoke(p, alice, sessionIdOf(p.id, "origin-1"), { currentOrigin: "origin-1" }),
    ).rejects.toMatchObject({ code: "InvalidParameterException", message: expect.stringContaining("current session") });
    expect(revokeOrigin).not.toHaveBeenCalled();
  });

  it("refuses RevokeAssociatedSessions LINKED, naming it, and accepts NONE", async () => {
    const { svc, revokeOrigin } = service([family(1)]);
    const id = sessionIdOf(p.id, "origin-1");
    await expect(svc.revoke(p, alice, id, { revokeAssociated: "LINKED" })).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: expect.stringContaining("RevokeAssociatedSessions LINKED"),
    });
    expect(revokeOrigin).not.toHaveBeenCalled();
    await svc.revoke(p, alice, id, { revokeAssociated: "NONE" });
    expect(revokeOrigin).toHaveBeenCalledOnce();
  });
});
