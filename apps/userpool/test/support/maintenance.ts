import { createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type Clock, systemClock } from "../../src/clock.js";
import { exportLines } from "../../src/maintenance/exportData.js";
import type { Store } from "../../src/store/index.js";
import { setUpTotp } from "./mfa.js";
import { CLIENT_ID, GOOD_PASSWORD, POOL_ID } from "./userpool.js";

/** Writes the export of `store` to `file`; returns its text. */
export async function exportToFile(store: Store, file: string): Promise<string> {
  const lines: string[] = [];
  for await (const line of exportLines(store, systemClock)) lines.push(line);
  const text = `${lines.join("\n")}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  return text;
}

/** The lines of a file, streamed. */
export function fileLines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
}

/** A confirmed user of the test pool preferring a verified authenticator app; returns its TOTP secret and tokens. */
export async function userWithTotp(
  admin: CognitoIdentityProviderClient,
  anon: CognitoIdentityProviderClient,
  email: string,
  clock: Clock,
): Promise<{ totpSecret: string; refreshToken: string; accessToken: string }> {
  await admin.send(new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, MessageAction: "SUPPRESS" }));
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  const signedIn = await anon.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
    }),
  );
  const r = signedIn.AuthenticationResult!;
  const totpSecret = await setUpTotp(anon, r.AccessToken!, clock, { prefer: true });
  return { totpSecret, refreshToken: r.RefreshToken!, accessToken: r.AccessToken! };
}
