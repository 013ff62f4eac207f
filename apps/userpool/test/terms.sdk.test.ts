/**
 * Terms documents through the AWS SDK v3: CreateTerms, DescribeTerms, DescribeTermsByClient, ListTerms,
 * UpdateTerms and DeleteTerms, on each engine. The hosted sign-up with terms: test/oauth/branding.hosted.test.ts.
 */
import {
  CreateTermsCommand,
  DeleteTermsCommand,
  DeleteUserPoolClientCommand,
  DescribeTermsByClientCommand,
  DescribeTermsCommand,
  ListTermsCommand,
  UpdateTermsCommand,
  type TermsType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, LEGACY_CLIENT_ID, POOL_ID, SECRET_CLIENT_ID, SRP_ONLY_CLIENT_ID } from "./support/userpool.js";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

describe.each(testEngines())("terms documents on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const create = (ClientId: string, TermsName: string, Links: Record<string, string> | undefined) =>
    up.admin.send(
      new CreateTermsCommand({
        UserPoolId: POOL_ID,
        ClientId,
        TermsName,
        TermsSource: "LINK",
        Enforcement: "NONE",
        ...(Links ? { Links } : {}),
      }),
    );

  it("creates one terms-of-use and one privacy-policy per client, and describes them by id and by client", async () => {
    const links = { "cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es/terms" };
    const tou = (await create(CLIENT_ID, "terms-of-use", links)).Terms!;
    expect(tou.TermsId).toMatch(UUID4);
    expect(tou).toMatchObject({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      TermsName: "terms-of-use",
      TermsSource: "LINK",
      Enforcement: "NONE",
      Links: links,
    });
    expect(tou.CreationDate).toEqual(tou.LastModifiedDate);
    const pp = (await create(CLIENT_ID, "privacy-policy", { "cognito:default": "https://example.com/privacy" })).Terms!;

    expect(await rejection(create(CLIENT_ID, "terms-of-use", links))).toMatchObject({
      name: "TermsExistsException",
    });
    // Another client may have its own.
    await create(SECRET_CLIENT_ID, "terms-of-use", links);

    expect(
      (await up.admin.send(new DescribeTermsCommand({ UserPoolId: POOL_ID, TermsId: tou.TermsId! }))).Terms,
    ).toEqual(tou);
    const byClient = await up.admin.send(
      new DescribeTermsByClientCommand({ UserPoolId: POOL_ID, ClientId: CLIENT_ID, TermsName: "privacy-policy" }),
    );
    expect(byClient.Terms).toEqual(pp);
    expect(
      await rejection(
        up.admin.send(
          new DescribeTermsByClientCommand({
            UserPoolId: POOL_ID,
            ClientId: SECRET_CLIENT_ID,
            TermsName: "privacy-policy",
          }),
        ),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses names, sources, enforcements and links outside Cognito's", async () => {
    const send = (input: Record<string, unknown>) =>
      rejection(
        up.admin.send(
          new CreateTermsCommand({
            UserPoolId: POOL_ID,
            ClientId: LEGACY_CLIENT_ID,
            TermsName: "terms-of-use",
            TermsSource: "LINK",
            Enforcement: "NONE",
            Links: { "cognito:default": "https://example.com/t" },
            ...input,
          } as ConstructorParameters<typeof CreateTermsCommand>[0]),
        ),
      );
    for (const bad of [
      { TermsName: "cookies" },
      { TermsSource: "TEXT" },
      { Enforcement: "REQUIRED" },
      { Links: { klingon: "https://example.com/t" } },
      { Links: { "cognito:default": "https://example.com/has space" } },
      { Links: {} },
    ])
      expect(await send(bad), JSON.stringify(bad)).toMatchObject({ name: "InvalidParameterException" });
    expect(await send({ Links: undefined })).toMatchObject({
      name: "InvalidParameterException",
      message: "Links must hold at least one language's link.",
    });
    expect(await send({ Links: { "cognito:default": "javascript:alert(1)" } })).toMatchObject({
      name: "InvalidParameterException",
      message: "The link for cognito:default must be an http or https URL.",
    });
    expect(await send({ ClientId: "nosuchclient000000000000001" })).toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("lists the pool's terms in pages, updates them (a new version) and deletes them once", async () => {
    const a = (await create(SRP_ONLY_CLIENT_ID, "terms-of-use", { "cognito:default": "https://a.example/t" })).Terms!;
    const b = (await create(SRP_ONLY_CLIENT_ID, "privacy-policy", { "cognito:default": "https://a.example/p" })).Terms!;

    const all: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await up.admin.send(
        new ListTermsCommand({ UserPoolId: POOL_ID, MaxResults: 2, ...(token ? { NextToken: token } : {}) }),
      );
      expect(page.Terms!.length).toBeLessThanOrEqual(2);
      for (const t of page.Terms!) {
        expect(Object.keys(t).sort()).toEqual([
          "CreationDate",
          "Enforcement",
          "LastModifiedDate",
          "TermsId",
          "TermsName",
        ]);
        all.push(t.TermsId!);
      }
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    expect(all).toContain(a.TermsId);
    expect(all).toContain(b.TermsId);
    expect(new Set(all).size).toBe(all.length);
    expect(await rejection(up.admin.send(new ListTermsCommand({ UserPoolId: POOL_ID, MaxResults: 61 })))).toMatchObject(
      { name: "InvalidParameterException" },
    );

    clock.advance(3000);
    const updated = (
      await up.admin.send(
        new UpdateTermsCommand({
          UserPoolId: POOL_ID,
          TermsId: a.TermsId!,
          Links: { "cognito:default": "https://a.example/t2", "cognito:french": "https://a.example/fr/t2" },
        }),
      )
    ).Terms as TermsType;
    expect(updated).toMatchObject({
      TermsName: "terms-of-use",
      Links: { "cognito:french": "https://a.example/fr/t2" },
    });
    expect(updated.LastModifiedDate!.getTime() - a.LastModifiedDate!.getTime()).toBe(3000);
    expect(updated.CreationDate).toEqual(a.CreationDate);
    // Renaming onto the other document's name is a duplicate.
    expect(
      await rejection(
        up.admin.send(
          new UpdateTermsCommand({ UserPoolId: POOL_ID, TermsId: a.TermsId!, TermsName: "privacy-policy" }),
        ),
      ),
    ).toMatchObject({ name: "TermsExistsException" });

    const del = () => up.admin.send(new DeleteTermsCommand({ UserPoolId: POOL_ID, TermsId: b.TermsId! }));
    await del();
    expect(await rejection(del())).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await rejection(up.admin.send(new DescribeTermsCommand({ UserPoolId: POOL_ID, TermsId: b.TermsId! }))),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("removes a client's terms with the client", async () => {
    const t = (await create(LEGACY_CLIENT_ID, "terms-of-use", { "cognito:default": "https://l.example/t" })).Terms!;
    await up.admin.send(new DeleteUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: LEGACY_CLIENT_ID }));
    expect(
      await rejection(up.admin.send(new DescribeTermsCommand({ UserPoolId: POOL_ID, TermsId: t.TermsId! }))),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });
});
