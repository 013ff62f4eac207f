/**
 * Client ID metadata document (CIMD) policies through the AWS SDK v3 on each engine: create, describe, list
 * (paged), update (kept and replaced members), delete; Cognito's limits and errors (cache duration range, one
 * to five https patterns, unknown client, pool or policy); ClientId omitted once the app client is gone; the
 * URL cache (ListClientMetadataURLs, UpdateClientMetadataURLState: INVALIDATE drops a cached document,
 * REFRESH is refused by name, an uncached URL is CachedCIMDURLDoesNotExistException); and /oauth2/authorize
 * refusing a URL client_id with a page that names CIMD (ADR 0033).
 */
import {
  CreateCIMDPolicyCommand,
  CreateUserPoolClientCommand,
  DeleteCIMDPolicyCommand,
  DeleteUserPoolClientCommand,
  DescribeCIMDPolicyCommand,
  ListCIMDPoliciesCommand,
  ListClientMetadataURLsCommand,
  UpdateCIMDPolicyCommand,
  UpdateClientMetadataURLStateCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import { Browser, CALLBACK, CONF, POOL, startOAuthUserpool, WEB, type OAuthUserpool } from "./support.js";

const PATTERNS = ["https://*.apps.example.com/client.json", "https://tools.example.org/clients/*"];

describe.each(testEngines())("CIMD policies on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });

  const create = (over: Partial<ConstructorParameters<typeof CreateCIMDPolicyCommand>[0]> = {}) =>
    up.admin.send(
      new CreateCIMDPolicyCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        PolicyName: "partners",
        URLPatterns: PATTERNS,
        ...over,
      }),
    );

  it("creates, describes, updates and deletes a policy", async () => {
    const { CIMDPolicy: created } = await create();
    expect(created).toMatchObject({
      UserPoolId: POOL,
      ClientId: WEB,
      PolicyName: "partners",
      CacheDuration: 86_400,
      URLPatterns: PATTERNS,
    });
    expect(created!.CIMDPolicyId).toMatch(/^[a-z0-9]+$/);
    expect(created!.CreationDate).toBeInstanceOf(Date);
    const id = created!.CIMDPolicyId!;

    const described = await up.admin.send(new DescribeCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: id }));
    expect(described.CIMDPolicy).toEqual(created);

    // PolicyName and CacheDuration stay when not sent; ClientId and URLPatterns are replaced.
    const updated = await up.admin.send(
      new UpdateCIMDPolicyCommand({
        UserPoolId: POOL,
        CIMDPolicyId: id,
        ClientId: CONF,
        URLPatterns: ["https://one.example.net/*"],
      }),
    );
    expect(updated.CIMDPolicy).toMatchObject({
      ClientId: CONF,
      PolicyName: "partners",
      CacheDuration: 86_400,
      URLPatterns: ["https://one.example.net/*"],
    });
    const renamed = await up.admin.send(
      new UpdateCIMDPolicyCommand({
        UserPoolId: POOL,
        CIMDPolicyId: id,
        ClientId: CONF,
        PolicyName: "renamed",
        CacheDuration: 31_556_952,
        URLPatterns: ["https://one.example.net/*"],
      }),
    );
    expect(renamed.CIMDPolicy).toMatchObject({ PolicyName: "renamed", CacheDuration: 31_556_952 });

    await up.admin.send(new DeleteCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: id }));
    for (const command of [
      new DescribeCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: id }),
      new DeleteCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: id }),
      new ListClientMetadataURLsCommand({ UserPoolId: POOL, CIMDPolicyId: id }),
    ])
      await expect(up.admin.send(command as never)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("lists policies a page at a time", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await create({ PolicyName: `paged ${i}` })).CIMDPolicy!.CIMDPolicyId!);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await up.admin.send(new ListCIMDPoliciesCommand({ UserPoolId: POOL, MaxResults: 2, NextToken }));
      expect(page.CIMDPolicies!.length).toBeLessThanOrEqual(2);
      for (const p of page.CIMDPolicies!) {
        expect(p).not.toHaveProperty("URLPatterns");
        seen.push(p.CIMDPolicyId!);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    await expect(
      up.admin.send(new ListCIMDPoliciesCommand({ UserPoolId: POOL, NextToken: "bm90LWEtdG9rZW4x" })),
    ).resolves.toBeDefined();
    await expect(
      up.admin.send(new ListCIMDPoliciesCommand({ UserPoolId: POOL, NextToken: "%%%" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("refuses what Cognito refuses", async () => {
    const invalid = { name: "InvalidParameterException" };
    await expect(create({ CacheDuration: 86_399 })).rejects.toMatchObject(invalid);
    await expect(create({ CacheDuration: 31_556_953 })).rejects.toMatchObject(invalid);
    await expect(create({ URLPatterns: [] })).rejects.toMatchObject(invalid);
    await expect(
      create({ URLPatterns: Array.from({ length: 6 }, (_, i) => `https://a${i}.example.com/*`) }),
    ).rejects.toMatchObject(invalid);
    await expect(create({ URLPatterns: ["http://apps.example.com/client.json"] })).rejects.toMatchObject({
      ...invalid,
      message: expect.stringContaining("https"),
    });
    await expect(create({ URLPatterns: ["https://*.com/client.json"] })).rejects.toMatchObject(invalid);
    await expect(create({ URLPatterns: ["https://*/client.json"] })).rejects.toMatchObject(invalid);
    await expect(create({ PolicyName: "x".repeat(33) })).rejects.toMatchObject(invalid);
    await expect(create({ ClientId: "nosuchclient000000000001" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(create({ UserPoolId: "us-east-1_Missing01" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      up.admin.send(new DescribeCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: "Not-An-Id" })),
    ).rejects.toMatchObject(invalid);
  });

  it("omits ClientId once the app client is gone", async () => {
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: POOL, ClientName: "short-lived" }),
    );
    const clientId = client.UserPoolClient!.ClientId!;
    const { CIMDPolicy } = await create({ ClientId: clientId, PolicyName: "orphan" });
    await up.admin.send(new DeleteUserPoolClientCommand({ UserPoolId: POOL, ClientId: clientId }));
    const described = await up.admin.send(
      new DescribeCIMDPolicyCommand({ UserPoolId: POOL, CIMDPolicyId: CIMDPolicy!.CIMDPolicyId! }),
    );
    expect(described.CIMDPolicy).not.toHaveProperty("ClientId");
    expect(described.CIMDPolicy!.PolicyName).toBe("orphan");
  });

  it("serves the document cache: listed, invalidated, REFRESH refused by name, unknown URLs answered", async () => {
    const id = (await create({ PolicyName: "cache" })).CIMDPolicy!.CIMDPolicyId!;
    const url = "https://a.apps.example.com/client.json";
    expect(
      (await up.admin.send(new ListClientMetadataURLsCommand({ UserPoolId: POOL, CIMDPolicyId: id })))
        .ClientMetadataURLs,
    ).toEqual([]);
    const state = (Action: "REFRESH" | "INVALIDATE", URL = url) =>
      up.admin.send(new UpdateClientMetadataURLStateCommand({ UserPoolId: POOL, CIMDPolicyId: id, URL, Action }));
    await expect(state("INVALIDATE")).rejects.toMatchObject({ name: "CachedCIMDURLDoesNotExistException" });
    await expect(state("REFRESH")).rejects.toMatchObject({ name: "CachedCIMDURLDoesNotExistException" });

    // A document in the cache, as a fetch would leave it (this server has none to make: ADR 0033).
    const cachedAt = Date.parse("2026-12-01T00:00:00Z");
    await up.store.cimdPolicies.putDocument({
      policyId: id,
      url,
      document: JSON.stringify({ client_id: url, redirect_uris: [CALLBACK] }),
      cachedAt,
      expiresAt: cachedAt + 86_400_000,
    });
    const listed = await up.admin.send(new ListClientMetadataURLsCommand({ UserPoolId: POOL, CIMDPolicyId: id }));
    expect(listed.ClientMetadataURLs).toEqual([
      { URL: url, CachedDate: new Date(cachedAt), ExpirationDate: new Date(cachedAt + 86_400_000) },
    ]);
    await expect(state("REFRESH")).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("REFRESH"),
    });
    await state("INVALIDATE");
    expect(
      (await up.admin.send(new ListClientMetadataURLsCommand({ UserPoolId: POOL, CIMDPolicyId: id })))
        .ClientMetadataURLs,
    ).toEqual([]);
    await expect(state("INVALIDATE", "http://not-https.example.com/x")).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("/oauth2/authorize refuses a URL client_id with a page naming CIMD, never a redirect", async () => {
    const res = await new Browser(up.tlsFetch).navigate(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: "https://a.apps.example.com/client.json",
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
      })}`,
      [up.hosted],
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.body).toContain("Client ID metadata documents are not supported");
  });
});
