import { CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect, inject, it } from "vitest";

it("signs a user up through the AWS SDK", async () => {
  const client = new CognitoIdentityProviderClient({
    endpoint: inject("userpoolUrl"),
    region: "us-east-1",
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
  });
  const r = await client.send(
    new SignUpCommand({
      ClientId: "exampleclient0000000000001",
      Username: "ada@example.com",
      Password: "Corr3ct-Horse!",
    }),
  );
  expect(r.UserSub).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.UserConfirmed).toBe(false);
});
