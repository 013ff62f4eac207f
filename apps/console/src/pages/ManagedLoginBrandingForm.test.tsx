import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { ClientPage } from "./ClientsPages";
import { ManagedLoginBrandingForm, readSettings } from "./ManagedLoginBrandingForm";

const POOL = "us-east-1_Test01";
const CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado";
const STYLE_ID = "9f1c6a52-4c1e-4b1a-8a7e-2f3d4c5b6a70";
const SETTINGS = { components: { pageBackground: { lightMode: { color: "f4f5f7ff" } } } };

type Style = Record<string, unknown> | undefined;

/** A server double holding one style (or none), answering as the userpool's targets do. */
function setup(initial: Style, overrides: Record<string, (b: Record<string, unknown>) => unknown> = {}) {
  let style = initial;
  const fake = fakeConsole({
    DescribeManagedLoginBrandingByClient: (b) => {
      if (!style)
        throw new Cognito("ResourceNotFoundException", `No managed login branding style exists for ${CLIENT}.`);
      return {
        ManagedLoginBranding: b.ReturnMergedResources
          ? { ...style, Settings: { merged: true, ...(style.Settings as object) } }
          : style,
      };
    },
    CreateManagedLoginBranding: (b) => {
      style = {
        ManagedLoginBrandingId: STYLE_ID,
        UserPoolId: POOL,
        UseCognitoProvidedValues: b.UseCognitoProvidedValues === true,
        ...(b.Settings ? { Settings: b.Settings } : {}),
        Assets: [],
        LastModifiedDate: 1,
      };
      return { ManagedLoginBranding: style };
    },
    UpdateManagedLoginBranding: (b) => {
      style = {
        ...style,
        UseCognitoProvidedValues: b.UseCognitoProvidedValues === true,
        Settings: b.UseCognitoProvidedValues ? undefined : b.Settings,
        LastModifiedDate: 2,
      };
      return { ManagedLoginBranding: style };
    },
    DeleteManagedLoginBranding: () => {
      style = undefined;
      return {};
    },
    ...overrides,
  });
  renderConsole(<ManagedLoginBrandingForm poolId={POOL} clientId={CLIENT} clientName="web" />, fake.api);
  return { ...fake, user: userEvent.setup() };
}

const CUSTOM: Style = {
  ManagedLoginBrandingId: STYLE_ID,
  UserPoolId: POOL,
  UseCognitoProvidedValues: false,
  Settings: SETTINGS,
  Assets: [
    { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG" },
    { Category: "FAVICON_ICO", ColorMode: "DYNAMIC", Extension: "ICO" },
  ],
  LastModifiedDate: 1,
};

describe("ManagedLoginBrandingForm", () => {
  it("shows none for a client without a style and creates one with Cognito's default look", async () => {
    const t = setup(undefined);
    expect(
      await screen.findByText("No managed login style: this client's managed login pages use the default look."),
    ).toBeInTheDocument();
    expect(t.opCalls("DescribeManagedLoginBrandingByClient")[0]).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      ReturnMergedResources: false,
    });
    expect(screen.getByLabelText("Use Cognito's default look")).toBeChecked();
    await t.user.click(screen.getByRole("button", { name: "Create style" }));
    await waitFor(() => expect(t.opCalls("CreateManagedLoginBranding")).toHaveLength(1));
    expect(t.opCalls("CreateManagedLoginBranding")[0]).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      UseCognitoProvidedValues: true,
    });
    expect(await screen.findByText("Cognito-provided values")).toBeInTheDocument();
    expect(screen.getByText("Style created.")).toBeInTheDocument();
    expect(screen.getByText(STYLE_ID)).toBeInTheDocument();
  });

  it("checks the settings document before sending, then sends it as an object", async () => {
    const t = setup(undefined);
    await t.user.click(await screen.findByLabelText("Custom settings (JSON)"));
    const box = screen.getByLabelText("Settings (JSON)");
    const create = screen.getByRole("button", { name: "Create style" });
    await t.user.click(create);
    expect(screen.getByText("Enter the settings as a JSON object, or use Cognito's default look")).toBeInTheDocument();
    fireEvent.change(box, { target: { value: '{"components": ' } });
    await t.user.click(create);
    expect(screen.getByText(/^The settings are not valid JSON: /)).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-invalid", "true");
    fireEvent.change(box, { target: { value: "[1, 2]" } });
    await t.user.click(create);
    expect(screen.getByText('The settings must be a JSON object, such as {"components": {}}')).toBeInTheDocument();
    expect(t.opCalls("CreateManagedLoginBranding")).toHaveLength(0);
    fireEvent.change(box, { target: { value: JSON.stringify(SETTINGS) } });
    await t.user.click(create);
    await waitFor(() => expect(t.opCalls("CreateManagedLoginBranding")).toHaveLength(1));
    expect(t.opCalls("CreateManagedLoginBranding")[0]).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      Settings: SETTINGS,
    });
    expect(await screen.findByText("Custom settings")).toBeInTheDocument();
  });

  it("lists a custom style's assets, updates its settings and can switch it to the default look", async () => {
    const t = setup(CUSTOM);
    expect(await screen.findByText("Custom settings")).toBeInTheDocument();
    const rows = within(screen.getByRole("table", { name: "Assets of the style" })).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "CategoryColour modeExtension",
      "FORM_LOGOLIGHTPNG",
      "FAVICON_ICODYNAMICICO",
    ]);
    const box = screen.getByLabelText("Settings (JSON)");
    expect(JSON.parse((box as HTMLTextAreaElement).value)).toEqual(SETTINGS);
    const next = { components: { form: { lightMode: { borderColor: "000000ff" } } } };
    fireEvent.change(box, { target: { value: JSON.stringify(next) } });
    await t.user.click(screen.getByRole("button", { name: "Save style" }));
    await waitFor(() => expect(t.opCalls("UpdateManagedLoginBranding")).toHaveLength(1));
    expect(t.opCalls("UpdateManagedLoginBranding")[0]).toEqual({
      UserPoolId: POOL,
      ManagedLoginBrandingId: STYLE_ID,
      Settings: next,
    });
    expect(await screen.findByText("Style saved.")).toBeInTheDocument();
    await t.user.click(screen.getByLabelText("Use Cognito's default look"));
    expect(screen.queryByLabelText("Settings (JSON)")).not.toBeInTheDocument();
    await t.user.click(screen.getByRole("button", { name: "Save style" }));
    await waitFor(() => expect(t.opCalls("UpdateManagedLoginBranding")).toHaveLength(2));
    expect(t.opCalls("UpdateManagedLoginBranding")[1]).toEqual({
      UserPoolId: POOL,
      ManagedLoginBrandingId: STYLE_ID,
      UseCognitoProvidedValues: true,
    });
    expect(await screen.findByText("Cognito-provided values")).toBeInTheDocument();
  });

  it("shows the server's refusal in its words", async () => {
    const t = setup(undefined, {
      CreateManagedLoginBranding: () => {
        throw new Cognito(
          "ManagedLoginBrandingExistsException",
          `A managed login branding style already exists for app client ${CLIENT}.`,
        );
      },
    });
    await t.user.click(await screen.findByRole("button", { name: "Create style" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      `ManagedLoginBrandingExistsException: A managed login branding style already exists for app client ${CLIENT}.`,
    );
  });

  it("shows a failed read as an error, not as no style", async () => {
    setup(undefined, {
      DescribeManagedLoginBrandingByClient: () => {
        throw new Cognito("NotAuthorizedException", "The console session may not read this pool.");
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "NotAuthorizedException: The console session may not read this pool.",
    );
    expect(screen.queryByRole("button", { name: "Create style" })).not.toBeInTheDocument();
  });

  it("shows the settings merged with the defaults on request", async () => {
    const t = setup(CUSTOM);
    await t.user.click(await screen.findByRole("button", { name: "Show the settings with the defaults merged in" }));
    const figure = await screen.findByRole("figure", { name: "Settings with this server's defaults merged in" });
    expect(JSON.parse(figure.querySelector("pre")?.textContent ?? "")).toEqual({ merged: true, ...SETTINGS });
    expect(t.opCalls("DescribeManagedLoginBrandingByClient")[1]).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      ReturnMergedResources: true,
    });
  });

  it("deletes the style only once the client's name is typed", async () => {
    const t = setup(CUSTOM);
    const confirm = await screen.findByLabelText("Type web to confirm");
    await t.user.type(confirm, "wbe");
    await t.user.click(screen.getByRole("button", { name: "Delete managed login style" }));
    expect(screen.getByText("Type web exactly to delete this managed login style.")).toBeInTheDocument();
    expect(t.opCalls("DeleteManagedLoginBranding")).toHaveLength(0);
    await t.user.clear(confirm);
    await t.user.type(confirm, "web");
    await t.user.click(screen.getByRole("button", { name: "Delete managed login style" }));
    await waitFor(() => expect(t.opCalls("DeleteManagedLoginBranding")).toHaveLength(1));
    expect(t.opCalls("DeleteManagedLoginBranding")[0]).toEqual({ UserPoolId: POOL, ManagedLoginBrandingId: STYLE_ID });
    expect(await screen.findByText("Style deleted.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create style" })).toBeInTheDocument();
  });
});

describe("ManagedLoginBrandingForm assets", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const label = "Image (ICO, JPEG, PNG, SVG or WEBP, 1,000,000 bytes at most)";

  it("uploads one asset with its category, colour mode, extension and base64 bytes", async () => {
    const t = setup(CUSTOM);
    await screen.findByRole("form", { name: "Add or replace an asset" });
    await t.user.selectOptions(screen.getByLabelText("Category"), "PAGE_BACKGROUND");
    await t.user.selectOptions(screen.getByLabelText("Colour mode"), "DARK");
    await t.user.upload(screen.getByLabelText(label), new File([PNG], "bg.png", { type: "image/png" }));
    await t.user.click(screen.getByRole("button", { name: "Upload asset" }));
    await waitFor(() => expect(t.opCalls("UpdateManagedLoginBranding")).toHaveLength(1));
    expect(t.opCalls("UpdateManagedLoginBranding")[0]).toEqual({
      UserPoolId: POOL,
      ManagedLoginBrandingId: STYLE_ID,
      Assets: [{ Category: "PAGE_BACKGROUND", ColorMode: "DARK", Extension: "PNG", Bytes: "iVBORw0KGgoBAgM=" }],
    });
    expect(await screen.findByText("Asset saved.")).toBeInTheDocument();
  });

  it("refuses no file, another type or too many bytes, and sends nothing", async () => {
    const t = setup(CUSTOM);
    const upload = await screen.findByRole("button", { name: "Upload asset" });
    await t.user.click(upload);
    expect(await screen.findByText("Choose the asset's image file")).toBeInTheDocument();
    const input = screen.getByLabelText(label);
    await userEvent.setup({ applyAccept: false }).upload(input, new File(["GIF89a"], "a.gif", { type: "image/gif" }));
    await t.user.click(upload);
    expect(await screen.findByText("The asset must be an ICO, JPEG, PNG, SVG or WEBP image")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    await t.user.upload(input, new File([new Uint8Array(1_000_001)], "big.png", { type: "image/png" }));
    await t.user.click(upload);
    expect(await screen.findByText("The asset may be 1,000,000 bytes at most")).toBeInTheDocument();
    expect(t.opCalls("UpdateManagedLoginBranding")).toHaveLength(0);
  });

  it("shows the server's refusal of the image in its words", async () => {
    const t = setup(CUSTOM, {
      UpdateManagedLoginBranding: () => {
        throw new Cognito("InvalidParameterException", "Asset PAGE_HEADER_LOGO (LIGHT) is not a PNG image.");
      },
    });
    await t.user.upload(await screen.findByLabelText(label), new File(["not png"], "x.png", { type: "image/png" }));
    await t.user.click(screen.getByRole("button", { name: "Upload asset" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "InvalidParameterException: Asset PAGE_HEADER_LOGO (LIGHT) is not a PNG image.",
    );
  });
});

describe("ClientPage", () => {
  it("has the client's managed login branding section, confirmed by the client's name", async () => {
    const fake = fakeConsole({
      DescribeUserPoolClient: () => ({ UserPoolClient: { UserPoolId: POOL, ClientId: CLIENT, ClientName: "Web app" } }),
      ListIdentityProviders: () => ({ Providers: [] }),
      DescribeManagedLoginBrandingByClient: () => ({ ManagedLoginBranding: CUSTOM }),
    });
    renderConsole(<ClientPage poolId={POOL} clientId={CLIENT} />, fake.api);
    const section = await screen.findByRole("region", { name: "Managed login branding" });
    expect(await within(section).findByText("Custom settings")).toBeInTheDocument();
    expect(within(section).getByLabelText("Type Web app to confirm")).toBeInTheDocument();
    expect(fake.opCalls("DescribeManagedLoginBrandingByClient")).toEqual([
      { UserPoolId: POOL, ClientId: CLIENT, ReturnMergedResources: false },
    ]);
  });
});

describe("ClientPage's hosted UI branding", () => {
  const page = (pool: Record<string, unknown>) => {
    const fake = fakeConsole({
      DescribeUserPoolClient: () => ({ UserPoolClient: { UserPoolId: POOL, ClientId: CLIENT, ClientName: "Web app" } }),
      ListIdentityProviders: () => ({ Providers: [] }),
      DescribeManagedLoginBrandingByClient: () => ({ ManagedLoginBranding: CUSTOM }),
      DescribeUserPool: () => ({ UserPool: { Id: POOL, ...pool } }),
      GetUICustomization: () => ({ UICustomization: { UserPoolId: POOL, ClientId: "ALL" } }),
    });
    renderConsole(<ClientPage poolId={POOL} clientId={CLIENT} />, fake.api);
    return fake;
  };

  it("reads the client's classic branding when the pool has a domain", async () => {
    const fake = page({ Domain: "my-app" });
    const section = await screen.findByRole("region", { name: "Hosted UI branding" });
    expect(await within(section).findByText(/This app client uses the pool's branding/)).toBeInTheDocument();
    expect(fake.opCalls("GetUICustomization")).toEqual([{ UserPoolId: POOL, ClientId: CLIENT }]);
  });

  it("asks for a domain first, and reads no branding", async () => {
    const fake = page({});
    const section = await screen.findByRole("region", { name: "Hosted UI branding" });
    expect(await within(section).findByText("Create a domain first: the hosted pages are served on it.")).toBeVisible();
    expect(fake.opCalls("GetUICustomization")).toHaveLength(0);
  });
});

describe("readSettings", () => {
  it("takes a JSON object only", () => {
    expect(readSettings(' {"a": {"b": 1}} ')).toEqual({ settings: { a: { b: 1 } } });
    expect(readSettings("null")).toEqual({ error: 'The settings must be a JSON object, such as {"components": {}}' });
    expect(readSettings('"text"')).toEqual({ error: 'The settings must be a JSON object, such as {"components": {}}' });
    expect(readSettings("   ")).toEqual({
      error: "Enter the settings as a JSON object, or use Cognito's default look",
    });
  });
});
