/**
 * Branding through the AWS SDK v3: the classic hosted UI customization (SetUICustomization, GetUICustomization)
 * and managed-login styles (Create/Describe/DescribeByClient/Update/DeleteManagedLoginBranding), on each engine.
 * What the hosted pages show of them: test/oauth/branding.hosted.test.ts.
 */
import {
  CreateManagedLoginBrandingCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { GIF, JPEG, PNG, SVG } from "./support/images.js";
import { rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, LEGACY_CLIENT_ID, POOL_ID, ROTATING_CLIENT_ID, SECRET_CLIENT_ID } from "./support/userpool.js";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

describe.each(testEngines())("classic hosted UI customization on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });
  const set = (input: { ClientId?: string; CSS?: string; ImageFile?: Uint8Array }) =>
    up.admin.send(new SetUICustomizationCommand({ UserPoolId: POOL_ID, ...input }));
  const get = (ClientId?: string) =>
    up.admin.send(new GetUICustomizationCommand({ UserPoolId: POOL_ID, ...(ClientId ? { ClientId } : {}) }));

  it("needs a domain, then stores the pool default and per-client overrides", async () => {
    expect(await rejection(set({ ClientId: "ALL", CSS: ".label-customizable{font-weight:700}" }))).toMatchObject({
      name: "InvalidParameterException",
      message: "There has to be an existing domain associated with this user pool",
    });
    await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: POOL_ID, Domain: "branding-sdk-test" }));

    const css = ".submitButton-customizable { background-color: #c0ffee; }\n.label-customizable{font-weight:700}";
    const all = (await set({ ClientId: "ALL", CSS: css, ImageFile: PNG })).UICustomization!;
    expect(all).toMatchObject({ UserPoolId: POOL_ID, ClientId: "ALL", CSS: css });
    expect(all.CSSVersion).toMatch(/^\d+$/u);
    expect(all.ImageUrl).toMatch(new RegExp(`/_branding/${POOL_ID}/ALL/\\d+\\.png$`, "u"));
    expect(all.CreationDate).toBeInstanceOf(Date);
    expect(all.LastModifiedDate!.getTime()).toBe(all.CreationDate!.getTime());
    expect((await get()).UICustomization).toEqual(all);

    // A client without its own falls back to ALL; with its own, it no longer does.
    expect((await get(CLIENT_ID)).UICustomization).toEqual(all);
    clock.advance(5000);
    const own = (await set({ ClientId: CLIENT_ID, CSS: ".background-customizable{background-color:red}" }))
      .UICustomization!;
    expect(own).toMatchObject({ ClientId: CLIENT_ID, CSS: ".background-customizable{background-color:red}" });
    expect(own.ImageUrl).toBeUndefined();
    expect((await get(CLIENT_ID)).UICustomization).toEqual(own);
    expect((await get(SECRET_CLIENT_ID)).UICustomization).toEqual(all);

    // Setting again replaces CSS and logo together and keeps the creation date.
    clock.advance(5000);
    const again = (await set({ ClientId: CLIENT_ID, ImageFile: JPEG })).UICustomization!;
    expect(again.CSS).toBeUndefined();
    expect(again.ImageUrl).toMatch(/\.jpg$/u);
    expect(again.CreationDate).toEqual(own.CreationDate);
    expect(again.LastModifiedDate!.getTime() - own.LastModifiedDate!.getTime()).toBe(5000);
  });

  it("refuses CSS outside Cognito's classes and properties, and anything that loads or escapes", async () => {
    const refusals: [string, RegExp][] = [
      [".my-own-class{color:red}", /selector ".my-own-class" is not one of Cognito's customizable classes/u],
      ["body{color:red}", /selector "body"/u],
      [".label-customizable{color:red}", /property "color" of \.label-customizable/u],
      [".submitButton-customizable{background-color:url(https://evil.example/x)}", /value of background-color/u],
      ["@import 'https://evil.example/x.css';", /at-rules/u],
      ["@media print{.label-customizable{font-weight:700}}", /at-rules/u],
      [".label-customizable{font-weight:700}</style><script>alert(1)</script>", /angle brackets/u],
      [".errorMessage-customizable{background:image-set(x 1x)}", /value of background/u],
      [".label-customizable{font-weight:700", /unbalanced brace/u],
      [".label-customizable{font-weight:700 !important}", /value of font-weight/u],
    ];
    for (const [css, message] of refusals) {
      const e = await rejection(set({ ClientId: "ALL", CSS: css }));
      expect(e.name, css).toBe("InvalidParameterException");
      expect(e.message, css).toMatch(message);
    }
  });

  it("takes a PNG or JPEG logo of 100 KB at most", async () => {
    for (const image of [GIF, SVG, Buffer.from("not an image")])
      expect(await rejection(set({ ImageFile: image }))).toMatchObject({
        name: "InvalidParameterException",
        message: "ImageFile must be a PNG or JPEG image.",
      });
    const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
    expect(await rejection(set({ ImageFile: big }))).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/the logo may be 100 KB at most/u),
    });
    // Beyond the API's 131072-byte member limit: a validation error.
    expect(await rejection(set({ ImageFile: Buffer.alloc(131073) }))).toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("answers unknown pools and clients with ResourceNotFoundException", async () => {
    expect(
      await rejection(up.admin.send(new GetUICustomizationCommand({ UserPoolId: "us-east-1_Nope00000" }))),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(await rejection(get("nosuchclient000000000000001"))).toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});

describe.each(testEngines())("managed login branding on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const settings = {
    categories: { global: { colorSchemeMode: "LIGHT" } },
    components: {
      primaryButton: { lightMode: { defaults: { backgroundColor: "c0ffeeff", textColor: "000000ff" } } },
      pageBackground: { lightMode: { color: "112233ff" } },
    },
  };

  it("creates one style per client, with Settings and Assets kept exactly", async () => {
    const created = (
      await up.admin.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          Settings: settings,
          Assets: [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG }],
        }),
      )
    ).ManagedLoginBranding!;
    expect(created.ManagedLoginBrandingId).toMatch(UUID4);
    expect(created).toMatchObject({ UserPoolId: POOL_ID, UseCognitoProvidedValues: false, Settings: settings });
    expect(created.Assets).toHaveLength(1);
    expect(created.Assets![0]).toMatchObject({ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG" });
    expect(Buffer.from(created.Assets![0]!.Bytes!)).toEqual(PNG);

    const byId = await up.admin.send(
      new DescribeManagedLoginBrandingCommand({
        UserPoolId: POOL_ID,
        ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
      }),
    );
    expect(byId.ManagedLoginBranding).toEqual(created);
    const byClient = await up.admin.send(
      new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: POOL_ID, ClientId: CLIENT_ID }),
    );
    expect(byClient.ManagedLoginBranding).toEqual(created);

    // ReturnMergedResources: the defaults not customised come back too; the customised values win.
    const merged = (
      await up.admin.send(
        new DescribeManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
          ReturnMergedResources: true,
        }),
      )
    ).ManagedLoginBranding!;
    expect(merged.Settings).toMatchObject({
      categories: settings.categories,
      components: { ...settings.components, form: { lightMode: { backgroundColor: "ffffffff" } } },
    });

    expect(
      await rejection(
        up.admin.send(new CreateManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ClientId: CLIENT_ID })),
      ),
    ).toMatchObject({ name: "ManagedLoginBrandingExistsException" });
  });

  it("updates by merging Settings and replacing assets of the same category and mode", async () => {
    const created = (
      await up.admin.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ClientId: SECRET_CLIENT_ID,
          Settings: settings,
          Assets: [
            { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
            { Category: "PAGE_BACKGROUND", ColorMode: "DARK", Extension: "SVG", Bytes: SVG },
          ],
        }),
      )
    ).ManagedLoginBranding!;
    clock.advance(2000);
    const updated = (
      await up.admin.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
          Settings: { components: { pageBackground: { lightMode: { color: "ffffffff" } } } },
          Assets: [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "JPEG", Bytes: JPEG }],
        }),
      )
    ).ManagedLoginBranding!;
    expect(updated.Settings).toEqual({
      categories: settings.categories,
      components: { ...settings.components, pageBackground: { lightMode: { color: "ffffffff" } } },
    });
    expect(updated.Assets!.map((a) => [a.Category, a.ColorMode, a.Extension])).toEqual([
      ["PAGE_BACKGROUND", "DARK", "SVG"],
      ["FORM_LOGO", "LIGHT", "JPEG"],
    ]);
    expect(updated.LastModifiedDate!.getTime() - created.LastModifiedDate!.getTime()).toBe(2000);
    expect(updated.CreationDate).toEqual(created.CreationDate);

    // Back to Cognito's values: no settings, no assets.
    const reset = (
      await up.admin.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
          UseCognitoProvidedValues: true,
        }),
      )
    ).ManagedLoginBranding!;
    expect(reset.UseCognitoProvidedValues).toBe(true);
    expect(reset.Settings).toBeUndefined();
    expect(reset.Assets).toEqual([]);
  });

  it("refuses what it cannot honour, by name", async () => {
    const create = (input: Omit<ConstructorParameters<typeof CreateManagedLoginBrandingCommand>[0], "UserPoolId">) =>
      rejection(up.admin.send(new CreateManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ...input })));
    expect(await create({ ClientId: LEGACY_CLIENT_ID, UseCognitoProvidedValues: true, Settings: {} })).toMatchObject({
      name: "InvalidParameterException",
      message: "UseCognitoProvidedValues cannot be true when the request also has Settings or Assets.",
    });
    expect(
      await create({
        ClientId: LEGACY_CLIENT_ID,
        Assets: [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: JPEG }],
      }),
    ).toMatchObject({ name: "InvalidParameterException", message: "Asset FORM_LOGO (LIGHT) is not a PNG image." });
    expect(
      await create({
        ClientId: LEGACY_CLIENT_ID,
        Assets: [
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
        ],
      }),
    ).toMatchObject({ name: "InvalidParameterException", message: "Assets has more than one FORM_LOGO for LIGHT." });
    expect(await create({ ClientId: "nosuchclient000000000000001" })).toMatchObject({
      name: "ResourceNotFoundException",
    });
    // The refused requests created nothing.
    expect(
      await rejection(
        up.admin.send(
          new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: POOL_ID, ClientId: LEGACY_CLIENT_ID }),
        ),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await rejection(
        up.admin.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ManagedLoginBrandingId: "nope" })),
      ),
    ).toMatchObject({ name: "InvalidParameterException" });
  });

  it("takes requests of up to 2 MB, as Cognito does for styles: an asset of 900 000 bytes round-trips", async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(900_000 - PNG.length, 7)]);
    const created = (
      await up.admin.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ClientId: LEGACY_CLIENT_ID,
          Assets: [{ Category: "PAGE_BACKGROUND", ColorMode: "LIGHT", Extension: "PNG", Bytes: big }],
        }),
      )
    ).ManagedLoginBranding!;
    const read = await up.admin.send(
      new DescribeManagedLoginBrandingCommand({
        UserPoolId: POOL_ID,
        ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
      }),
    );
    expect(Buffer.from(read.ManagedLoginBranding!.Assets![0]!.Bytes!).equals(big)).toBe(true);
    await up.admin.send(
      new DeleteManagedLoginBrandingCommand({
        UserPoolId: POOL_ID,
        ManagedLoginBrandingId: created.ManagedLoginBrandingId!,
      }),
    );
    // Other operations keep the server's 256 KiB body limit.
    expect(
      await rejection(
        up.admin.send(new SetUICustomizationCommand({ UserPoolId: POOL_ID, CSS: " ".repeat(300 * 1024) })),
      ),
    ).toMatchObject({ name: "InvalidParameterException", message: "Request body exceeds 262144 bytes." });
  });

  it("deletes a style once", async () => {
    const id = (
      await up.admin.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: POOL_ID,
          ClientId: ROTATING_CLIENT_ID,
          UseCognitoProvidedValues: true,
        }),
      )
    ).ManagedLoginBranding!.ManagedLoginBrandingId!;
    const del = () =>
      up.admin.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ManagedLoginBrandingId: id }));
    await del();
    expect(await rejection(del())).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await rejection(
        up.admin.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ManagedLoginBrandingId: id })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    // The client may have a style again.
    await up.admin.send(new CreateManagedLoginBrandingCommand({ UserPoolId: POOL_ID, ClientId: ROTATING_CLIENT_ID }));
  });
});
