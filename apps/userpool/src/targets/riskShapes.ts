import { z } from "zod";

// Lengths and limits from the API reference (SetRiskConfiguration and the types it names).
const NotifyEmail = z.object({
  Subject: z.string().min(1).max(340),
  HtmlBody: z.string().min(6).max(20_000).optional(),
  TextBody: z.string().min(6).max(20_000).optional(),
});

const AccountTakeoverAction = z.object({
  Notify: z.boolean(),
  EventAction: z.enum(["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"]),
});

export const AccountTakeoverRiskConfiguration = z.object({
  NotifyConfiguration: z
    .object({
      From: z.string().max(2048).optional(),
      ReplyTo: z.string().max(2048).optional(),
      SourceArn: z.string().min(20).max(2048),
      BlockEmail: NotifyEmail.optional(),
      NoActionEmail: NotifyEmail.optional(),
      MfaEmail: NotifyEmail.optional(),
    })
    .optional(),
  Actions: z.object({
    LowAction: AccountTakeoverAction.optional(),
    MediumAction: AccountTakeoverAction.optional(),
    HighAction: AccountTakeoverAction.optional(),
  }),
});

export const CompromisedCredentialsRiskConfiguration = z.object({
  EventFilter: z
    .array(z.enum(["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]))
    .max(3)
    .optional(),
  Actions: z.object({ EventAction: z.enum(["BLOCK", "NO_ACTION"]) }),
});

/** CIDR blocks, at most 200 per list (RiskExceptionConfigurationType). */
export const RiskExceptionConfiguration = z.object({
  BlockedIPRangeList: z.array(z.string().min(1).max(64)).max(200).optional(),
  SkippedIPRangeList: z.array(z.string().min(1).max(64)).max(200).optional(),
});

export const FeedbackValue = z.enum(["Valid", "Invalid"]);
export const EventId = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[\w+-]+$/u);
/** AdminListUserAuthEvents: MaxResults 0–60 (0 means 60). */
export const AuthEventsMaxResults = z.number().int().min(0).max(60);
export const AuthEventsNextToken = z.string().min(1).max(131_072).regex(/^\S+$/u);
