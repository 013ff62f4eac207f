import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { confirmDevice } from "./confirmDevice.js";

const p = pool({ DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
const u = user();
const KEY = "us-east-1_0b0e5c4a-1111-4222-8333-444455556666";

describe("ConfirmDevice", () => {
  it("authenticates the token, then confirms the device with the verifier, name and address", async () => {
    const confirm = vi.fn(async () => ({ UserConfirmationNecessary: true }));
    const deps = fakeDeps(confirmDevice, {
      accessTokens: { authenticate: async () => signedIn(p, u) },
      devices: { confirm },
    });
    const out = await confirmDevice.handle(
      deps,
      {
        AccessToken: "at",
        DeviceKey: KEY,
        DeviceName: "phone",
        DeviceSecretVerifierConfig: { PasswordVerifier: "AgM=", Salt: "AAEC" },
      },
      ctx,
    );
    expect(out).toEqual({ UserConfirmationNecessary: true });
    expect(confirm).toHaveBeenCalledWith(p, u, {
      deviceKey: KEY,
      passwordVerifier: "AgM=",
      salt: "AAEC",
      name: "phone",
      ip: ctx.sourceIp,
    });
  });

  it("needs the self-service scope, like every access-token operation", async () => {
    const confirm = vi.fn();
    const deps = fakeDeps(confirmDevice, {
      accessTokens: { authenticate: async () => signedIn(p, u, { scope: "openid" }) },
      devices: { confirm },
    });
    await expect(confirmDevice.handle(deps, { AccessToken: "at", DeviceKey: KEY }, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(confirm).not.toHaveBeenCalled();
  });
});
