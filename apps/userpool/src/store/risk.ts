/** Threat protection (services/risk/): risk configurations and the user event history. */

export type AuthEventType = "SignIn" | "SignUp" | "ForgotPassword" | "PasswordChange" | "ResendCode";
export type AuthEventResponse = "Pass" | "Fail" | "InProgress";
export type RiskDecision = "NoRisk" | "AccountTakeover" | "Block";
export type RiskLevel = "Low" | "Medium" | "High";
export type FeedbackValue = "Valid" | "Invalid";

export interface ChallengeOutcome {
  ChallengeName: "Password" | "Mfa";
  ChallengeResponse: "Success" | "Failure";
}

export interface AuthEventRow {
  eventId: string;
  poolId: string;
  userId: string;
  type: AuthEventType;
  createdAt: number;
  response: AuthEventResponse;
  riskDecision: RiskDecision;
  riskLevel: RiskLevel | null;
  compromised: boolean;
  challenges: ChallengeOutcome[];
  ip: string | null;
  deviceName: string | null;
  feedback: { value: FeedbackValue; provider: string; at: number } | null;
}

/** Where a page of events starts: after this event (newest-first order). */
export interface AuthEventCursor {
  createdAt: number;
  eventId: string;
}

export interface RiskStore {
  /** The stored configuration (JSON) of a pool (clientId "") or one of its clients. */
  getConfiguration(poolId: string, clientId: string): Promise<{ configuration: string; updatedAt: number } | undefined>;
  /** Replaces the configuration of a pool or client. */
  putConfiguration(poolId: string, clientId: string, configuration: string, now: number): Promise<void>;
  deleteConfiguration(poolId: string, clientId: string): Promise<void>;

  insertEvent(e: AuthEventRow): Promise<void>;
  /** Overwrites an event's outcome, risk and challenges; false when the event is not the user's. */
  updateEvent(
    poolId: string,
    userId: string,
    eventId: string,
    patch: Pick<AuthEventRow, "response" | "riskDecision" | "riskLevel" | "challenges">,
  ): Promise<boolean>;
  getEvent(poolId: string, userId: string, eventId: string): Promise<AuthEventRow | undefined>;
  /** A user's events newest first (ties by event ID, descending), `limit` of them after `after`. */
  listEvents(poolId: string, userId: string, limit: number, after?: AuthEventCursor): Promise<AuthEventRow[]>;
  /** A user's events created at or after `since`, newest first, at most `limit`. */
  recentEvents(poolId: string, userId: string, since: number, limit: number): Promise<AuthEventRow[]>;
  /** Sets the feedback of a user's event; false when there is no such event. */
  setFeedback(
    poolId: string,
    userId: string,
    eventId: string,
    feedback: { value: FeedbackValue; provider: string; at: number },
  ): Promise<boolean>;
  /** Deletes events created before `before`; returns how many. */
  purgeEventsBefore(before: number): Promise<number>;
}
