import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type DomainRow } from "../../test/support/fakes.js";
import { updateUserPoolDomain } from "./updateUserPoolDomain.js";

const p = pool();
const row = (o: Partial<DomainRow>): DomainRow => ({
  domain: "auth",
  poolId: p.id,
  customDomainConfig: null,
  managedLoginVersion: 1,
  createdAt: 0,
  ...o,
});

function setup(updated: DomainRow) {
  const pools = { getPool: vi.fn(async () => p) };
  const domains = {
    update: vi.fn(async () => updated),
    describe: vi.fn(() => ({ CloudFrontDistribution: "auth.example.test" })),
  };
  return { pools, domains, deps: fakeDeps(updateUserPoolDomain, { pools, domains }) };
}

// API reference, UpdateUserPoolDomain.
describe("UpdateUserPoolDomain", () => {
  it("changes a prefix domain's managed login version and answers no CloudFront name", async () => {
    const { pools, domains, deps } = setup(row({ managedLoginVersion: 2 }));
    expect(
      await updateUserPoolDomain.handle(deps, { UserPoolId: p.id, Domain: "auth", ManagedLoginVersion: 2 }, ctx),
    ).toEqual({ ManagedLoginVersion: 2 });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(domains.update).toHaveBeenCalledWith(p.id, "auth", { managedLoginVersion: 2 });
  });

  it("replaces a custom domain's certificate and answers its CloudFront name", async () => {
    const CustomDomainConfig = { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/new" };
    const { domains, deps } = setup(row({ domain: "auth.example.com", customDomainConfig: CustomDomainConfig }));
    const res = await updateUserPoolDomain.handle(
      deps,
      { UserPoolId: p.id, Domain: "auth.example.com", CustomDomainConfig },
      ctx,
    );
    expect(domains.update).toHaveBeenCalledWith(p.id, "auth.example.com", { customDomainConfig: CustomDomainConfig });
    expect(res).toEqual({ ManagedLoginVersion: 1, CloudFrontDomain: "auth.example.test" });
  });

  it("refuses Routing by name and a version other than 1 or 2", () => {
    const parse = (v: object) => updateUserPoolDomain.input.safeParse({ UserPoolId: p.id, Domain: "auth", ...v });
    const routing = parse({ Routing: { Failover: {} } });
    expect(routing.success).toBe(false);
    expect(routing.error?.issues[0]?.message).toBe(
      "Routing (multi-Region failover routing) is not supported by this server.",
    );
    expect(parse({ ManagedLoginVersion: 3 }).success).toBe(false);
    expect(parse({ ManagedLoginVersion: 2 }).success).toBe(true);
  });
});
