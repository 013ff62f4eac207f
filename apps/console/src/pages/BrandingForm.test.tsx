import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { BrandingForm } from "./BrandingForm";
import { brandingPreview } from "./brandingPreview";

const POOL = { Id: "us-east-1_Test01", Domain: "my-app" };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PNG_B64 = "iVBORw0KGgoBAgM=";
const LOGO_URL = "https://localhost:9443/_branding/us-east-1_Test01/ALL/1.png";

function setup(ui: Record<string, unknown> = {}, set: (b: Record<string, unknown>) => unknown = () => ({})) {
  const fake = fakeConsole({
    GetUICustomization: () => ({ UICustomization: { UserPoolId: POOL.Id, ClientId: "ALL", ...ui } }),
    SetUICustomization: set,
  });
  renderConsole(<BrandingForm pool={POOL} />, fake.api);
  return { ...fake, user: userEvent.setup() };
}

const preview = () => screen.getByTitle("Preview of the hosted sign-in page").getAttribute("srcdoc") ?? "";

describe("BrandingForm", () => {
  it("asks for a domain first, and reads nothing", () => {
    const fake = fakeConsole({});
    renderConsole(<BrandingForm pool={{ Id: POOL.Id }} />, fake.api);
    expect(screen.getByText("Create a domain first: the hosted pages are served on it.")).toBeInTheDocument();
    expect(fake.sent).toHaveLength(0);
  });

  it("previews the CSS as it is typed and sends it with the chosen logo for every client", async () => {
    const t = setup({ CSS: ".banner-customizable{background-color:#fff}" });
    const css = await screen.findByLabelText("CSS");
    expect(t.opCalls("GetUICustomization")[0]).toEqual({ UserPoolId: POOL.Id });
    expect(preview()).toContain(".banner-customizable{background-color:#fff}");
    await t.user.clear(css);
    fireEvent.change(css, { target: { value: ".submitButton-customizable{background-color:#0b6e4f}" } });
    expect(preview()).toContain(".submitButton-customizable{background-color:#0b6e4f}");
    expect(preview()).toContain('class="submitButton-customizable"');
    await t.user.upload(
      screen.getByLabelText("Logo (PNG or JPEG, 100 KB at most)"),
      new File([PNG], "logo.png", { type: "image/png" }),
    );
    await waitFor(() => expect(preview()).toContain(`src="data:image/png;base64,${PNG_B64}"`));
    await t.user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(t.opCalls("SetUICustomization")).toHaveLength(1));
    expect(t.opCalls("SetUICustomization")[0]).toEqual({
      UserPoolId: POOL.Id,
      CSS: ".submitButton-customizable{background-color:#0b6e4f}",
      ImageFile: PNG_B64,
    });
    expect(await screen.findByText("Branding saved.")).toBeInTheDocument();
  });

  it("will not drop the current logo silently: the file again, or remove it", async () => {
    const t = setup({ CSS: ".label-customizable{font-weight:400}", ImageUrl: LOGO_URL });
    await screen.findByLabelText("CSS");
    expect(preview()).toContain(`src="${LOGO_URL}"`);
    await t.user.click(screen.getByRole("button", { name: "Save branding" }));
    expect(
      screen.getByText("Saving replaces the logo too: choose the logo file again to keep it, or remove the logo"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Logo (PNG or JPEG, 100 KB at most)")).toHaveAttribute("aria-invalid", "true");
    expect(t.opCalls("SetUICustomization")).toHaveLength(0);
    await t.user.click(screen.getByLabelText("Remove the logo"));
    expect(preview()).not.toContain(LOGO_URL);
    await t.user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(t.opCalls("SetUICustomization")).toHaveLength(1));
    expect(t.opCalls("SetUICustomization")[0]).toEqual({
      UserPoolId: POOL.Id,
      CSS: ".label-customizable{font-weight:400}",
    });
  });

  it("after the logo is removed, a new logo is previewed and sent", async () => {
    let ui: Record<string, unknown> = { ImageUrl: LOGO_URL };
    const fake = fakeConsole({
      GetUICustomization: () => ({ UICustomization: { UserPoolId: POOL.Id, ClientId: "ALL", ...ui } }),
      SetUICustomization: (b) => {
        ui = b.ImageFile ? { ImageUrl: LOGO_URL.replace("1.png", "2.png") } : {};
        return { UICustomization: ui };
      },
    });
    renderConsole(<BrandingForm pool={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Remove the logo"));
    await user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(screen.queryByLabelText("Remove the logo")).not.toBeInTheDocument());
    await user.upload(
      screen.getByLabelText("Logo (PNG or JPEG, 100 KB at most)"),
      new File([PNG], "logo.png", { type: "image/png" }),
    );
    await waitFor(() => expect(preview()).toContain(`src="data:image/png;base64,${PNG_B64}"`));
    await user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(fake.opCalls("SetUICustomization")).toHaveLength(2));
    expect(fake.opCalls("SetUICustomization")).toEqual([
      { UserPoolId: POOL.Id },
      { UserPoolId: POOL.Id, ImageFile: PNG_B64 },
    ]);
  });

  it("refuses a logo that is not a PNG or JPEG, or too big, and sends nothing", async () => {
    const t = setup();
    const input = await screen.findByLabelText("Logo (PNG or JPEG, 100 KB at most)");
    // The accept attribute filters a picker, not a drop or a script: the form checks the type itself.
    await userEvent
      .setup({ applyAccept: false })
      .upload(input, new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }));
    expect(await screen.findByText("The logo must be a PNG or JPEG")).toBeInTheDocument();
    await t.user.upload(input, new File([new Uint8Array(100 * 1024 + 1)], "big.png", { type: "image/png" }));
    expect(await screen.findByText("The logo may be 100 KB at most")).toBeInTheDocument();
    await t.user.click(screen.getByRole("button", { name: "Save branding" }));
    expect(t.opCalls("SetUICustomization")).toHaveLength(0);
  });

  it("shows the server's refusal of the CSS in its words", async () => {
    const t = setup({}, () => {
      throw new Cognito(
        "InvalidParameterException",
        'CSS is not valid: the selector "body" is not one of Cognito\'s customizable classes.',
      );
    });
    fireEvent.change(await screen.findByLabelText("CSS"), { target: { value: "body{color:red}" } });
    await t.user.click(screen.getByRole("button", { name: "Save branding" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "InvalidParameterException: CSS is not valid: the selector",
    );
  });
});

describe("BrandingForm for one app client", () => {
  const CLIENT = "web1client";
  const CLIENT_LOGO = LOGO_URL.replace("/ALL/", `/${CLIENT}/`);

  it("starts from the pool's branding, without the pool's logo, and saves the client's own", async () => {
    let ui: Record<string, unknown> = { ClientId: "ALL", CSS: ".banner-customizable{padding:4px}", ImageUrl: LOGO_URL };
    const fake = fakeConsole({
      GetUICustomization: () => ({ UICustomization: { UserPoolId: POOL.Id, ...ui } }),
      SetUICustomization: (b) => {
        ui = { ClientId: b.ClientId, CSS: b.CSS, CreationDate: 1796000000 };
        return { UICustomization: { UserPoolId: POOL.Id, ...ui } };
      },
    });
    renderConsole(<BrandingForm pool={POOL} clientId={CLIENT} />, fake.api);
    const user = userEvent.setup();
    expect(await screen.findByLabelText("CSS")).toHaveValue(".banner-customizable{padding:4px}");
    expect(fake.opCalls("GetUICustomization")).toEqual([{ UserPoolId: POOL.Id, ClientId: CLIENT }]);
    expect(screen.getByText(/This app client uses the pool's branding\. Saving here gives it its own/)).toBeVisible();
    // The pool's logo is neither previewed as the client's nor offered for removal, nor asked for again.
    expect(preview()).not.toContain(LOGO_URL);
    expect(screen.queryByLabelText("Remove the logo")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(fake.opCalls("SetUICustomization")).toHaveLength(1));
    expect(fake.opCalls("SetUICustomization")[0]).toEqual({
      UserPoolId: POOL.Id,
      ClientId: CLIENT,
      CSS: ".banner-customizable{padding:4px}",
    });
    expect(await screen.findByText("This app client has its own branding, used instead of the pool's.")).toBeVisible();
    expect(screen.getByText("Branding saved.")).toBeVisible();
  });

  it("keeps the client's own logo only when chosen again or removed, as for the pool", async () => {
    const fake = fakeConsole({
      GetUICustomization: () => ({
        UICustomization: {
          UserPoolId: POOL.Id,
          ClientId: CLIENT,
          CSS: ".label-customizable{}",
          ImageUrl: CLIENT_LOGO,
          CreationDate: 1796000000,
        },
      }),
      SetUICustomization: () => ({}),
    });
    renderConsole(<BrandingForm pool={POOL} clientId={CLIENT} />, fake.api);
    const user = userEvent.setup();
    await screen.findByLabelText("CSS");
    expect(screen.getByText("This app client has its own branding, used instead of the pool's.")).toBeVisible();
    expect(preview()).toContain(`src="${CLIENT_LOGO}"`);
    await user.click(screen.getByRole("button", { name: "Save branding" }));
    expect(
      screen.getByText("Saving replaces the logo too: choose the logo file again to keep it, or remove the logo"),
    ).toBeInTheDocument();
    await user.upload(
      screen.getByLabelText("Logo (PNG or JPEG, 100 KB at most)"),
      new File([PNG], "logo.png", { type: "image/png" }),
    );
    await waitFor(() => expect(preview()).toContain(`src="data:image/png;base64,${PNG_B64}"`));
    await user.click(screen.getByRole("button", { name: "Save branding" }));
    await waitFor(() => expect(fake.opCalls("SetUICustomization")).toHaveLength(1));
    expect(fake.opCalls("SetUICustomization")[0]).toEqual({
      UserPoolId: POOL.Id,
      ClientId: CLIENT,
      CSS: ".label-customizable{}",
      ImageFile: PNG_B64,
    });
  });
  it("says when neither the client nor the pool has branding (the answer only echoes the ids)", async () => {
    const fake = fakeConsole({
      GetUICustomization: () => ({ UICustomization: { UserPoolId: POOL.Id, ClientId: CLIENT } }),
    });
    renderConsole(<BrandingForm pool={POOL} clientId={CLIENT} />, fake.api);
    expect(await screen.findByText(/Neither this app client nor the pool has branding/)).toBeVisible();
    expect(screen.getByLabelText("CSS")).toHaveValue("");
  });
});

describe("brandingPreview", () => {
  it("keeps the sheet inside its element and refuses a logo that is not an image or https", () => {
    const doc = brandingPreview({ css: "</style><script>alert(1)</script>", logo: "javascript:alert(1)" });
    expect(doc).not.toContain("</style><script>");
    expect(doc).not.toContain("javascript:");
    expect(doc).toContain("default-src 'none'");
  });
});
