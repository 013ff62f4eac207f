import { z } from "zod";

/** SessionId: `tkn` or `sso` and 25 lowercase letters and digits (API reference, SessionDescriptionType). */
export const SessionId = z.string().regex(/^(tkn|sso)[0-9a-z]{25}$/u);
export const RevokeAssociatedSessions = z.enum(["NONE", "LINKED"]).optional();
/** NextToken: 1–131072 non-space characters (API reference, ListUserSessions). */
export const SessionsNextToken = z.string().min(1).max(131_072).regex(/^\S+$/u);
