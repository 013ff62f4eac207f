/**
 * User enumeration (PreventUserExistenceErrors ENABLED): 100 existing, confirmed users and 100
 * names that match no user go through every operation Cognito promises to answer alike —
 * InitiateAuth (password and SRP, then the SRP answer), ForgotPassword, ConfirmForgotPassword,
 * ResendConfirmationCode — on the raw wire. After normalising what differs per name anyway (masked
 * destinations, random SRP values), statuses, error types, messages and body shapes must be
 * identical. Where Cognito does reveal an account (SignUp on a taken name; ConfirmSignUp for a
 * confirmed account), the test pins Cognito's answer (docs/security/user-existence.md).
 * Median latencies of both groups are printed for information (timing is not asserted).
 */
import { ConfirmSignUpCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { createClientEphemeral, srpAuthParameters } from "./support/srpClient.js";
import { startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, GOOD_PASSWORD, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";
import { callRaw, type WireResponse } from "./support/wire.js";

const N = 100;
const WRONG = "Wrong-Passw0rd!";

/** Replaces per-name values by their shape, so two answers compare equal exactly when they look alike. */
function shape(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => shape(x));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x, k)]));
  if (typeof v !== "string") return v;
  if (key === "Destination") return /^[a-z0-9]\*\*\*@[a-z]\*\*\*$/.test(v) ? "<masked email>" : v;
  if (key === "SALT" || key === "SRP_B") return /^[0-9a-f]+$/.test(v) ? `<hex ${v.length}>` : v;
  if (key === "Session") return /^[A-Za-z0-9_=+/.-]+$/.test(v) ? `<session ${v.length}>` : v;
  if (key === "SECRET_BLOCK") return /^[A-Za-z0-9+/]+=*$/.test(v) ? `<base64 ${v.length}>` : v;
  if (key === "USERNAME" || key === "USER_ID_FOR_SRP")
    return /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(v) ? "<uuid v4>" : v;
  return v;
}

function normalised(r: WireResponse): unknown {
  return { status: r.status, errorType: r.errorType, body: shape(r.body) };
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe.each(testEngines())("user enumeration on $name", (engine) => {
  let up: EngineUserpool;
  const existing: string[] = [];
  const unknown = Array.from({ length: N }, () => uniqueEmail("nobody"));
  beforeAll(async () => {
    up = await startOn(engine);
    const emails = Array.from({ length: N }, () => uniqueEmail("somebody"));
    await inBatches(emails, 8, async (email) => {
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      await up.anon.send(
        new ConfirmSignUpCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
        }),
      );
      existing.push(email);
    });
  }, 300_000);
  afterAll(async () => {
    await up?.stop();
  });

  const timings: string[] = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  /**
   * Runs `call` for every existing and every unknown name, alternating between the two groups so
   * that machine load hits both alike; all 200 answers must normalise to one.
   */
  async function sameForAll(label: string, call: (name: string) => Promise<WireResponse>): Promise<unknown> {
    const answers = { existing: new Set<string>(), unknown: new Set<string>() };
    const ms = { existing: [] as number[], unknown: [] as number[] };
    await inBatches([...Array(N).keys()], 2, async (i) => {
      for (const group of ["existing", "unknown"] as const) {
        const name = group === "existing" ? existing[i]! : unknown[i]!;
        const t = performance.now();
        const r = await call(name);
        ms[group].push(performance.now() - t);
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        answers[group].add(JSON.stringify(normalised(r)));
      }
    });
    timings.push(
      `${label}: existing ${median(ms.existing).toFixed(1)} ms, ` +
        `unknown ${median(ms.unknown).toFixed(1)} ms (medians of ${N})`,
    );
    expect([...answers.existing]).toHaveLength(1);
    expect([...answers.unknown]).toEqual([...answers.existing]);
    return JSON.parse([...answers.existing][0]!);
  }

  it("InitiateAuth USER_PASSWORD_AUTH with a wrong password", async () => {
    const answer = await sameForAll("InitiateAuth USER_PASSWORD_AUTH", (name) =>
      callRaw(up.url, "InitiateAuth", {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: name, PASSWORD: WRONG },
      }),
    );
    expect(answer).toEqual({
      status: 400,
      errorType: "NotAuthorizedException",
      body: { __type: "NotAuthorizedException", message: "Incorrect username or password." },
    });
  });

  it("InitiateAuth USER_SRP_AUTH, then a wrong PASSWORD_VERIFIER answer", async () => {
    const challenges = new Map<string, Record<string, string>>();
    const answer = await sameForAll("InitiateAuth USER_SRP_AUTH", async (name) => {
      const r = await callRaw(up.url, "InitiateAuth", {
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: srpAuthParameters(name, createClientEphemeral({ aBytes: 32 })),
      });
      challenges.set(name, (r.body as { ChallengeParameters: Record<string, string> }).ChallengeParameters);
      return r;
    });
    expect(answer).toEqual({
      status: 200,
      errorType: null,
      body: {
        ChallengeName: "PASSWORD_VERIFIER",
        Session: "<session 43>",
        ChallengeParameters: {
          SALT: "<hex 32>",
          SECRET_BLOCK: "<base64 1404>",
          SRP_B: "<hex 768>",
          USERNAME: "<uuid v4>",
          USER_ID_FOR_SRP: "<uuid v4>",
        },
      },
    });
    // The same name always gets the same salt and USER_ID_FOR_SRP, for unknown names too.
    const again = await callRaw(up.url, "InitiateAuth", {
      AuthFlow: "USER_SRP_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: srpAuthParameters(unknown[0]!, createClientEphemeral({ aBytes: 32 })),
    });
    const first = challenges.get(unknown[0]!)!;
    expect((again.body as { ChallengeParameters: Record<string, string> }).ChallengeParameters).toMatchObject({
      SALT: first.SALT,
      USER_ID_FOR_SRP: first.USER_ID_FOR_SRP,
    });

    const verifier = await sameForAll("RespondToAuthChallenge PASSWORD_VERIFIER", (name) => {
      const c = challenges.get(name)!;
      return callRaw(up.url, "RespondToAuthChallenge", {
        ClientId: CLIENT_ID,
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: {
          USERNAME: c.USER_ID_FOR_SRP,
          PASSWORD_CLAIM_SECRET_BLOCK: c.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32, 7).toString("base64"),
          TIMESTAMP: "Tue Sep 25 00:09:40 UTC 2018",
        },
      });
    });
    expect(verifier).toMatchObject({
      status: 400,
      errorType: "NotAuthorizedException",
      body: { message: "Incorrect username or password." },
    });
  });

  it(
    "asking again with the returned USER_ID_FOR_SRP gets the same ID and salt, " + "for existing and unknown names",
    async () => {
      const srp = async (name: string) => {
        const r = await callRaw(up.url, "InitiateAuth", {
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: srpAuthParameters(name, createClientEphemeral({ aBytes: 32 })),
        });
        return (r.body as { ChallengeParameters: Record<string, string> }).ChallengeParameters;
      };
      for (const name of [existing[1]!, unknown[1]!, existing[2]!, unknown[2]!]) {
        const first = await srp(name);
        const second = await srp(first.USER_ID_FOR_SRP!);
        expect({ id: second.USER_ID_FOR_SRP, salt: second.SALT, username: second.USERNAME }, name).toEqual({
          id: first.USER_ID_FOR_SRP,
          salt: first.SALT,
          username: first.USERNAME,
        });
        // The ID in another case is still the same user (usernames are case-insensitive by default).
        const third = await srp(first.USER_ID_FOR_SRP!.toUpperCase());
        expect({ id: third.USER_ID_FOR_SRP, salt: third.SALT }, name).toEqual({
          id: first.USER_ID_FOR_SRP,
          salt: first.SALT,
        });
      }
    },
  );

  it("ConfirmForgotPassword without a code having been sent", async () => {
    const answer = await sameForAll("ConfirmForgotPassword", (name) =>
      callRaw(up.url, "ConfirmForgotPassword", {
        ClientId: CLIENT_ID,
        Username: name,
        ConfirmationCode: "123456",
        Password: "Brand-New-Passw0rd!",
      }),
    );
    expect(answer).toMatchObject({ status: 400, errorType: "CodeMismatchException" });
  });

  it("ForgotPassword, then ConfirmForgotPassword with a wrong code", async () => {
    const answer = await sameForAll("ForgotPassword", (name) =>
      callRaw(up.url, "ForgotPassword", { ClientId: CLIENT_ID, Username: name }),
    );
    expect(answer).toEqual({
      status: 200,
      errorType: null,
      body: { CodeDeliveryDetails: { Destination: "<masked email>", DeliveryMedium: "EMAIL", AttributeName: "email" } },
    });
    // The existing users did get a code; answer each with one that is certainly wrong.
    const wrongCode = new Map<string, string>();
    for (const email of existing)
      wrongCode.set(
        email,
        String((Number(/\b(\d{6})\b/.exec((await latestMessage(up.url, email)).text)![1]) + 1) % 1_000_000).padStart(
          6,
          "0",
        ),
      );
    const confirm = await sameForAll("ConfirmForgotPassword after a code", (name) =>
      callRaw(up.url, "ConfirmForgotPassword", {
        ClientId: CLIENT_ID,
        Username: name,
        ConfirmationCode: wrongCode.get(name) ?? "123456",
        Password: "Brand-New-Passw0rd!",
      }),
    );
    expect(confirm).toMatchObject({ status: 400, errorType: "CodeMismatchException" });
  });

  it("ResendConfirmationCode for confirmed and unknown names", async () => {
    const answer = await sameForAll("ResendConfirmationCode", (name) =>
      callRaw(up.url, "ResendConfirmationCode", { ClientId: CLIENT_ID, Username: name }),
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { CodeDeliveryDetails: { Destination: "<masked email>", DeliveryMedium: "EMAIL" } },
    });
  });

  it(
    "ConfirmSignUp: unknown and unconfirmed names answer alike; " + "a confirmed account gets Cognito's status error",
    async () => {
      const unconfirmed = uniqueEmail("unconfirmed");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: unconfirmed, Password: GOOD_PASSWORD }));
      const wrong = String((Number(await latestCode(up.url, unconfirmed)) + 1) % 1_000_000).padStart(6, "0");
      const confirm = async (name: string) =>
        normalised(
          await callRaw(up.url, "ConfirmSignUp", { ClientId: CLIENT_ID, Username: name, ConfirmationCode: wrong }),
        );
      const mismatch = await confirm(unknown[4]!);
      expect(mismatch).toMatchObject({ status: 400, errorType: "CodeMismatchException" });
      expect(await confirm(unconfirmed)).toEqual(mismatch);
      // Cognito answers a confirmed account this way whatever the code, with or without
      // PreventUserExistenceErrors; SignUp reveals the same fact (UsernameExistsException), as documented.
      expect(await confirm(existing[4]!)).toEqual({
        status: 400,
        errorType: "NotAuthorizedException",
        body: { __type: "NotAuthorizedException", message: "User cannot be confirmed. Current status is CONFIRMED" },
      });
    },
  );

  it("SignUp is the documented exception: a taken name is refused", async () => {
    const taken = await callRaw(up.url, "SignUp", {
      ClientId: CLIENT_ID,
      Username: existing[0]!,
      Password: GOOD_PASSWORD,
    });
    expect(taken.errorType).toBe("UsernameExistsException");
    // Latencies, for the record (the lead re-measures on a quiet machine).
    console.info(`[enumeration on ${engine.name}]\n  ${timings.join("\n  ")}`);
  });
});
