/**
 * Per-user quotas (Cognito developer guide, "Quotas in Amazon Cognito": ConfirmSignUp 15/h,
 * ConfirmForgotPassword 20/h, ResendConfirmationCode 5/h, ChangePassword 5/h), answered with
 * LimitExceededException; the hour is checked at −1 s / +1 s with the injected clock. Unknown names
 * are limited the same way, so the limit does not reveal which accounts exist.
 */
import {
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { QUOTAS } from "../src/services/quotas.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, GOOD_PASSWORD, latestCode, uniqueEmail } from "./support/userpool.js";

const LIMIT = { name: "LimitExceededException", message: "Attempt limit exceeded, please try after some time." };
const HOUR = 3_600_000;

describe.each(testEngines())("per-user quotas on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** Runs `fn` at `ms` past the current clock, then puts the clock back. */
  const at = async (ms: number, fn: () => Promise<void>) => {
    clock.advance(ms);
    try {
      await fn();
    } finally {
      clock.advance(-ms);
    }
  };

  it("the limits are Cognito's", () => {
    expect(QUOTAS).toMatchObject({
      ConfirmSignUp: 15,
      ConfirmForgotPassword: 20,
      ResendConfirmationCode: 5,
      ChangePassword: 5,
    });
  });

  it(
    "ConfirmSignUp: 15 calls an hour, wrong codes included; " +
      "the 16th is refused even with the right code until the hour is over",
    async () => {
      const email = uniqueEmail("quota");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      const code = await latestCode(up.url, email);
      const wrong = code === "000000" ? "000001" : "000000";
      for (let i = 0; i < 15; i++) {
        await expect(
          up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: wrong })),
        ).rejects.toMatchObject({ name: "CodeMismatchException" });
      }
      const confirm = () =>
        up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
      expect(await rejection(confirm())).toMatchObject(LIMIT);
      await at(HOUR - 1000, async () => expect(await rejection(confirm())).toMatchObject(LIMIT));
      await at(HOUR + 1000, async () => {
        await confirm();
      });
    },
  );

  it("ResendConfirmationCode: 5 an hour, for unknown names too", async () => {
    const email = uniqueEmail("quota");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    const ghost = uniqueEmail("ghost");
    for (const name of [email, ghost]) {
      const resend = () => up.anon.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_ID, Username: name }));
      for (let i = 0; i < 5; i++) expect((await resend()).CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
      expect(await rejection(resend())).toMatchObject(LIMIT);
      await at(HOUR - 1000, async () => expect(await rejection(resend())).toMatchObject(LIMIT));
      await at(HOUR + 1000, async () => {
        expect((await resend()).CodeDeliveryDetails?.Destination).toBe(`${name[0]}***@e***`);
      });
    }
  });

  it("ChangePassword: 5 an hour, wrong previous passwords included", async () => {
    const { email, password } = await confirmedUser(up);
    const t = await passwordSignIn(up, email, password);
    for (let i = 0; i < 5; i++) {
      await expect(
        up.anon.send(
          new ChangePasswordCommand({
            AccessToken: t.AccessToken!,
            PreviousPassword: `Wrong-Passw0rd${i}!`,
            ProposedPassword: "Next-Passw0rd!!",
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
    }
    expect(
      await rejection(
        up.anon.send(
          new ChangePasswordCommand({
            AccessToken: t.AccessToken!,
            PreviousPassword: password,
            ProposedPassword: "Next-Passw0rd!!",
          }),
        ),
      ),
    ).toMatchObject(LIMIT);
    await at(HOUR - 1000, async () => {
      const fresh = await passwordSignIn(up, email, password);
      expect(
        await rejection(
          up.anon.send(
            new ChangePasswordCommand({
              AccessToken: fresh.AccessToken!,
              PreviousPassword: password,
              ProposedPassword: "Next-Passw0rd!!",
            }),
          ),
        ),
      ).toMatchObject(LIMIT);
    });
    await at(HOUR + 1000, async () => {
      const fresh = await passwordSignIn(up, email, password);
      await up.anon.send(
        new ChangePasswordCommand({
          AccessToken: fresh.AccessToken!,
          PreviousPassword: password,
          ProposedPassword: "Next-Passw0rd!!",
        }),
      );
    });
  });

  it("ConfirmForgotPassword: 20 an hour; unknown names the same", async () => {
    const { email } = await confirmedUser(up);
    await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
    const code = await latestCode(up.url, email);
    const wrong = code === "000000" ? "000001" : "000000";
    const ghost = uniqueEmail("ghost");
    for (const name of [email, ghost]) {
      for (let i = 0; i < 20; i++) {
        await expect(
          up.anon.send(
            new ConfirmForgotPasswordCommand({
              ClientId: CLIENT_ID,
              Username: name,
              ConfirmationCode: wrong,
              Password: "Reset-Passw0rd!",
            }),
          ),
        ).rejects.toMatchObject({
          name: "CodeMismatchException",
        });
      }
      expect(
        await rejection(
          up.anon.send(
            new ConfirmForgotPasswordCommand({
              ClientId: CLIENT_ID,
              Username: name,
              ConfirmationCode: code,
              Password: "Reset-Passw0rd!",
            }),
          ),
        ),
      ).toMatchObject(LIMIT);
    }
    // An hour later the quota is fresh (and the old code expired): a new code works.
    await at(HOUR + 1000, async () => {
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
          Password: "Reset-Passw0rd!",
        }),
      );
    });
  });

  it("ForgotPassword: 5 codes an hour (Authhub's limit against mail flooding), unknown names alike", async () => {
    const { email } = await confirmedUser(up);
    for (const name of [email, uniqueEmail("ghost")]) {
      const forgot = () => up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: name }));
      for (let i = 0; i < 5; i++) await forgot();
      expect(await rejection(forgot())).toMatchObject(LIMIT);
    }
  });
});
