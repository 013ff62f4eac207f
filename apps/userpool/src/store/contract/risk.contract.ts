/**
 * Threat protection: risk configurations per pool and per client, replaced and deleted by key; the
 * event history of one user only, newest first with ties broken by event ID, paged after a cursor;
 * updates and feedback touch only the named user's event; housekeeping deletes by age; events go with
 * their user.
 */
import { expect, it } from "vitest";
import type { AuthEventRow, Store } from "../index.js";
import { createPool, createUser, HOUR, storeTest, T0 } from "./fixtures.js";

const event = (poolId: string, userId: string, eventId: string, createdAt: number): AuthEventRow => ({
  eventId,
  poolId,
  userId,
  type: "SignIn",
  createdAt,
  response: "InProgress",
  riskDecision: "NoRisk",
  riskLevel: null,
  compromised: false,
  challenges: [{ ChallengeName: "Password", ChallengeResponse: "Success" }],
  ip: "10.1.0.5",
  deviceName: "Chrome 131, Windows",
  feedback: null,
});

export function riskStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "risk configurations: one per pool and per client, replaced in place, deleted by key",
    withStore(async (s) => {
      const p = await createPool(s);
      expect(await s.risk.getConfiguration(p, "")).toBeUndefined();
      await s.risk.putConfiguration(p, "", '{"a":1}', T0);
      await s.risk.putConfiguration(p, "client1", '{"b":2}', T0);
      await s.risk.putConfiguration(p, "", '{"a":3}', T0 + 1);
      expect(await s.risk.getConfiguration(p, "")).toEqual({ configuration: '{"a":3}', updatedAt: T0 + 1 });
      expect(await s.risk.getConfiguration(p, "client1")).toEqual({ configuration: '{"b":2}', updatedAt: T0 });
      await s.risk.deleteConfiguration(p, "client1");
      expect(await s.risk.getConfiguration(p, "client1")).toBeUndefined();
      expect(await s.risk.getConfiguration(p, "")).toBeDefined();
    }),
  );

  it(
    "auth events: a user's own, newest first, paged, updated and given feedback by their user only",
    withStore(async (s) => {
      const p = await createPool(s);
      const alice = await createUser(s, p, "alice");
      const bob = await createUser(s, p, "bob");
      await s.risk.insertEvent(event(p, alice.id, "e-1", T0));
      await s.risk.insertEvent(event(p, alice.id, "e-3", T0 + 1000));
      await s.risk.insertEvent(event(p, alice.id, "e-2", T0 + 1000));
      await s.risk.insertEvent(event(p, bob.id, "e-9", T0 + 2000));
      const ids = (rows: AuthEventRow[]) => rows.map((e) => e.eventId);
      expect(ids(await s.risk.listEvents(p, alice.id, 10))).toEqual(["e-3", "e-2", "e-1"]);
      const page = await s.risk.listEvents(p, alice.id, 2);
      const last = page.at(-1)!;
      expect(ids(await s.risk.listEvents(p, alice.id, 2, last))).toEqual(["e-1"]);
      expect(ids(await s.risk.recentEvents(p, alice.id, T0 + 1000, 10))).toEqual(["e-3", "e-2"]);
      expect(await s.risk.getEvent(p, alice.id, "e-1")).toEqual(event(p, alice.id, "e-1", T0));

      const patch = {
        response: "Pass" as const,
        riskDecision: "AccountTakeover" as const,
        riskLevel: "Low" as const,
        challenges: [
          { ChallengeName: "Password" as const, ChallengeResponse: "Success" as const },
          { ChallengeName: "Mfa" as const, ChallengeResponse: "Success" as const },
        ],
      };
      expect(await s.risk.updateEvent(p, bob.id, "e-1", patch)).toBe(false);
      expect(await s.risk.updateEvent(p, alice.id, "e-1", patch)).toBe(true);
      expect(await s.risk.getEvent(p, alice.id, "e-1")).toMatchObject(patch);
      const feedback = { value: "Valid" as const, provider: "Admin", at: T0 + HOUR };
      expect(await s.risk.setFeedback(p, bob.id, "e-1", feedback)).toBe(false);
      expect(await s.risk.setFeedback(p, alice.id, "e-1", feedback)).toBe(true);
      expect((await s.risk.getEvent(p, alice.id, "e-1"))!.feedback).toEqual(feedback);
      expect(await s.risk.getEvent(p, bob.id, "e-1")).toBeUndefined();

      // Housekeeping by age; a deleted user takes its events along.
      expect(await s.risk.purgeEventsBefore(T0 + 1)).toBeGreaterThanOrEqual(1);
      expect(ids(await s.risk.listEvents(p, alice.id, 10))).toEqual(["e-3", "e-2"]);
      await s.users.delete(p, bob.id, T0 + 2);
      expect(await s.risk.listEvents(p, bob.id, 10)).toEqual([]);
    }),
  );
}
