import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, type DomainRow } from "../../test/support/fakes.js";
import { describeUserPoolDomain } from "./describeUserPoolDomain.js";

const ROW: DomainRow = {
  domain: "auth",
  poolId: "us-east-1_TestPool1",
  customDomainConfig: null,
  managedLoginVersion: 1,
  createdAt: 0,
};

function setup(found: DomainRow | undefined) {
  const domains = {
    get: vi.fn(async () => found),
    describe: vi.fn(() => ({ Domain: "auth", Status: "ACTIVE" as const })),
  };
  return { domains, deps: fakeDeps(describeUserPoolDomain, { domains }) };
}

describe("DescribeUserPoolDomain", () => {
  it("describes a known domain", async () => {
    const { domains, deps } = setup(ROW);
    expect(await describeUserPoolDomain.handle(deps, { Domain: "auth" }, ctx)).toEqual({
      DomainDescription: { Domain: "auth", Status: "ACTIVE" },
    });
    expect(domains.describe).toHaveBeenCalledWith(ROW);
  });

  it("answers an unknown domain with an empty description, as Cognito does", async () => {
    const { domains, deps } = setup(undefined);
    expect(await describeUserPoolDomain.handle(deps, { Domain: "nope" }, ctx)).toEqual({ DomainDescription: {} });
    expect(domains.describe).not.toHaveBeenCalled();
  });
});
