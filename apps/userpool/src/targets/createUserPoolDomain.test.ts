import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type DomainRow } from "../../test/support/fakes.js";
import { createUserPoolDomain } from "./createUserPoolDomain.js";

const p = pool();
const row = (o: Partial<DomainRow>): DomainRow => ({
  domain: "auth",
  poolId: p.id,
  customDomainConfig: null,
  managedLoginVersion: 1,
  createdAt: 0,
  ...o,
});

function setup(created: DomainRow) {
  const pools = { getPool: vi.fn(async () => p) };
  const domains = {
    create: vi.fn(async () => created),
    describe: vi.fn(() => ({ CloudFrontDistribution: "auth.example.test" })),
  };
  return { pools, domains, deps: fakeDeps(createUserPoolDomain, { pools, domains }) };
}

describe("CreateUserPoolDomain", () => {
  it("creates a prefix domain of the pool, managed login version 1 by default", async () => {
    const { pools, domains, deps } = setup(row({}));
    expect(await createUserPoolDomain.handle(deps, { UserPoolId: p.id, Domain: "auth" }, ctx)).toEqual({
      ManagedLoginVersion: 1,
    });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(domains.create).toHaveBeenCalledWith(p.id, "auth", undefined, 1);
  });

  it("creates a custom domain and answers its CloudFront name", async () => {
    const CustomDomainConfig = { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x" };
    const { domains, deps } = setup(
      row({ domain: "auth.example.com", customDomainConfig: CustomDomainConfig, managedLoginVersion: 2 }),
    );
    const res = await createUserPoolDomain.handle(
      deps,
      { UserPoolId: p.id, Domain: "auth.example.com", CustomDomainConfig, ManagedLoginVersion: 2 },
      ctx,
    );
    expect(domains.create).toHaveBeenCalledWith(p.id, "auth.example.com", CustomDomainConfig, 2);
    expect(res).toEqual({ ManagedLoginVersion: 2, CloudFrontDomain: "auth.example.test" });
  });
});
