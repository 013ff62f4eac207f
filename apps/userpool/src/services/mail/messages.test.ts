import { describe, expect, it } from "vitest";
import { CodeDeliveryFailureException } from "../../errors/cognitoErrors.js";
import type { UserRow } from "../../store/index.js";
import type { Pool } from "../pools.js";
import type { Triggers } from "../triggers.js";
import type { PublicUrls } from "../urls.js";
import { MessageService, renderTemplate } from "./messages.js";

describe("renderTemplate", () => {
  it("substitutes the placeholders, escaping the values and the template in the HTML part only", () => {
    const out = renderTemplate("Hi {username} & co,\ncode {####}\n{##Confirm <here>##}", {
      code: "12<3",
      username: `o'brien "x"`,
      link: "https://auth.example.com/confirmUser?a=1&b=2",
    });
    expect(out.text).toBe(
      `Hi o'brien "x" & co,\ncode 12<3\nConfirm <here>: https://auth.example.com/confirmUser?a=1&b=2`,
    );
    expect(out.html).toBe(
      "Hi o&#39;brien &quot;x&quot; &amp; co,<br>\ncode 12&lt;3<br>\n" +
        '<a href="https://auth.example.com/confirmUser?a=1&amp;b=2">Confirm &lt;here&gt;</a>',
    );
  });

  it("leaves placeholders it has no value for", () => {
    expect(renderTemplate("{####} {username} {##a##}", {})).toEqual({
      text: "{####} {username} {##a##}",
      html: "{####} {username} {##a##}",
    });
  });
});

describe("MessageService", () => {
  it("reports a failed delivery as CodeDeliveryFailureException, with the mailer's error as its cause", async () => {
    const smtp = new Error("535 authentication failed for mailer:hunter2-S3CRET");
    const service = new MessageService({
      mailer: { send: async () => Promise.reject(smtp) },
      triggers: { customMessage: async () => undefined } as unknown as Triggers,
      urls: {} as PublicUrls,
    });
    const pool = {
      settings: { AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: "s", EmailMessage: "{####}" } } },
    } as unknown as Pool;
    const user = { username: "u", attributes: { email: "u@example.com" } } as unknown as UserRow;
    const err = await service.sendInvitation({ pool, user, temporaryPassword: "Temp-123" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodeDeliveryFailureException);
    expect((err as Error).message).toBe("Unable to deliver the message.");
    expect((err as Error).cause).toBe(smtp);
  });
});
