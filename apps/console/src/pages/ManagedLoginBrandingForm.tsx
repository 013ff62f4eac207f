/**
 * One app client's managed login (version 2) branding style: DescribeManagedLoginBrandingByClient to read (no
 * style is a ResourceNotFoundException, shown as "none"), Create/Update/DeleteManagedLoginBranding to write. A
 * style is either Cognito's provided values or a Settings JSON document; the server refuses both at once, so the
 * form sends one or the other. Assets are listed, and one at a time added or replaced (same category and mode).
 */
import type {
  CreateManagedLoginBrandingRequest,
  CreateManagedLoginBrandingResponse,
  DeleteManagedLoginBrandingRequest,
  DescribeManagedLoginBrandingByClientRequest,
  DescribeManagedLoginBrandingByClientResponse,
  ManagedLoginBrandingType,
  UpdateManagedLoginBrandingRequest,
  UpdateManagedLoginBrandingResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { type FormEvent, useId, useState } from "react";
import { ConsoleError } from "../api/consoleApi";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { formRaw, Success, useAction } from "@authhub/ui";
import { ErrorMessage, Loaded, Select, useLoad } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

type Settings = NonNullable<CreateManagedLoginBrandingRequest["Settings"]>;
type Choice = { UseCognitoProvidedValues: true } | { Settings: Settings };

/** The textarea's text as a Settings document, or why it is not one. Exported for the tests' sake. */
export function readSettings(text: string): { settings: Settings } | { error: string } {
  if (!text.trim()) return { error: "Enter the settings as a JSON object, or use Cognito's default look" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `The settings are not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { error: 'The settings must be a JSON object, such as {"components": {}}' };
  return { settings: value as Settings };
}

/** AssetType in the API reference: the categories and colour modes the server takes, bytes 1,000,000 at most. */
const CATEGORIES = [
  "PAGE_HEADER_LOGO",
  "PAGE_HEADER_BACKGROUND",
  "PAGE_FOOTER_LOGO",
  "PAGE_FOOTER_BACKGROUND",
  "PAGE_BACKGROUND",
  "FORM_BACKGROUND",
  "FORM_LOGO",
  "FAVICON_ICO",
  "FAVICON_SVG",
  "EMAIL_GRAPHIC",
  "SMS_GRAPHIC",
  "AUTH_APP_GRAPHIC",
  "PASSWORD_GRAPHIC",
  "PASSKEY_GRAPHIC",
  "IDP_BUTTON_ICON",
] as const;
const COLOR_MODES = ["LIGHT", "DARK", "DYNAMIC"] as const;
export const MAX_ASSET_BYTES = 1_000_000;
const EXTENSIONS: Record<string, "ICO" | "JPEG" | "PNG" | "SVG" | "WEBP"> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/svg+xml": "SVG",
  "image/webp": "WEBP",
  "image/x-icon": "ICO",
  "image/vnd.microsoft.icon": "ICO",
};

type AssetFile = { Extension: "ICO" | "JPEG" | "PNG" | "SVG" | "WEBP"; Bytes: string };

/** The file as an asset's Extension and base64 Bytes, or why it cannot be one. */
function readAsset(file: File): Promise<AssetFile | string> {
  const extension = EXTENSIONS[file.type] ?? (/\.ico$/i.test(file.name) ? "ICO" : undefined);
  if (!extension) return Promise.resolve("The asset must be an ICO, JPEG, PNG, SVG or WEBP image");
  if (file.size > MAX_ASSET_BYTES) return Promise.resolve("The asset may be 1,000,000 bytes at most");
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ Extension: extension, Bytes: url.slice(url.indexOf(",") + 1) });
    };
    reader.onerror = () => resolve("The asset file could not be read");
    reader.readAsDataURL(file);
  });
}

export function ManagedLoginBrandingForm({
  poolId,
  clientId,
  clientName,
}: {
  poolId: string;
  clientId: string;
  clientName: string;
}) {
  const api = useApi();
  // Kept here: a change reloads the style, which remounts the editor with the stored values.
  const [notice, setNotice] = useState<string>();
  const { state, reload } = useLoad(async () => {
    try {
      const r = await api.op<DescribeManagedLoginBrandingByClientRequest, DescribeManagedLoginBrandingByClientResponse>(
        "DescribeManagedLoginBrandingByClient",
        { UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: false },
      );
      return r.ManagedLoginBranding ?? null;
    } catch (e) {
      // API reference: a client without a style answers ResourceNotFoundException; that is "none", not a failure.
      if (e instanceof ConsoleError && e.code === "ResourceNotFoundException") return null;
      throw e;
    }
  }, [api, poolId, clientId]);
  const changed = (what: string) => {
    setNotice(what);
    reload();
  };
  return (
    <Loaded load={state}>
      {(style) =>
        style ? (
          <StyleEditor
            key={`${style.ManagedLoginBrandingId}/${String(style.LastModifiedDate)}`}
            poolId={poolId}
            clientId={clientId}
            clientName={clientName}
            style={style}
            notice={notice}
            onChanged={changed}
          />
        ) : (
          <NewStyle poolId={poolId} clientId={clientId} notice={notice} onCreated={changed} />
        )
      }
    </Loaded>
  );
}

/** The two ways a style can look, and the document's textarea; `initial` fills it from a stored style. */
function StyleFields({
  provided,
  setProvided,
  initial,
  error,
}: {
  provided: boolean;
  setProvided: (v: boolean) => void;
  initial: string;
  error: string | undefined;
}) {
  const id = useId();
  return (
    <>
      <fieldset>
        <legend>Look</legend>
        <div className="checkbox">
          <input
            id={`${id}-provided`}
            type="radio"
            name={`${id}-look`}
            checked={provided}
            onChange={() => setProvided(true)}
          />
          <label htmlFor={`${id}-provided`}>Use Cognito's default look</label>
        </div>
        <div className="checkbox">
          <input
            id={`${id}-custom`}
            type="radio"
            name={`${id}-look`}
            checked={!provided}
            onChange={() => setProvided(false)}
          />
          <label htmlFor={`${id}-custom`}>Custom settings (JSON)</label>
        </div>
      </fieldset>
      {provided ? null : (
        <div className="field">
          <label htmlFor={`${id}-settings`}>Settings (JSON)</label>
          <textarea
            id={`${id}-settings`}
            name="Settings"
            rows={12}
            defaultValue={initial}
            spellCheck={false}
            aria-describedby={[error ? `${id}-settings-error` : "", `${id}-settings-hint`].filter(Boolean).join(" ")}
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <p id={`${id}-settings-error`} className="field-error">
              {error}
            </p>
          ) : null}
          <p id={`${id}-settings-hint`} className="hint">
            The branding editor's document, such as {'{"components": {"pageBackground": {"lightMode": '}
            {'{"color": "f4f5f7ff"}}}}'}. Colours are 8 hex digits (RGBA).
          </p>
        </div>
      )}
    </>
  );
}

/** The request's look, or the settings' error. */
function readChoice(form: HTMLFormElement, provided: boolean): Choice | { error: string } {
  if (provided) return { UseCognitoProvidedValues: true };
  const read = readSettings((form.elements.namedItem("Settings") as HTMLTextAreaElement | null)?.value ?? "");
  return "error" in read ? read : { Settings: read.settings };
}

function NewStyle({
  poolId,
  clientId,
  notice,
  onCreated,
}: {
  poolId: string;
  clientId: string;
  notice: string | undefined;
  onCreated: (notice: string) => void;
}) {
  const api = useApi();
  const [provided, setProvided] = useState(true);
  const [error, setError] = useState<string>();
  const create = useAction((req: CreateManagedLoginBrandingRequest) =>
    api.op<CreateManagedLoginBrandingRequest, CreateManagedLoginBrandingResponse>("CreateManagedLoginBranding", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const choice = readChoice(event.currentTarget, provided);
    if ("error" in choice) {
      setError(choice.error);
      create.reset();
      return;
    }
    setError(undefined);
    if ((await create.run({ UserPoolId: poolId, ClientId: clientId, ...choice })).ok) onCreated("Style created.");
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={create.pending}>
      {notice ? <Success>{notice}</Success> : null}
      <p>No managed login style: this client's managed login pages use the default look.</p>
      <StyleFields provided={provided} setProvided={setProvided} initial="" error={error} />
      {create.state.status === "error" ? <ErrorMessage error={create.state.error} /> : null}
      <button type="submit" disabled={create.pending}>
        {create.pending ? "Creating…" : "Create style"}
      </button>
    </form>
  );
}

function StyleEditor({
  poolId,
  clientId,
  clientName,
  style,
  notice,
  onChanged,
}: {
  poolId: string;
  clientId: string;
  clientName: string;
  style: ManagedLoginBrandingType;
  notice: string | undefined;
  onChanged: (notice: string) => void;
}) {
  const api = useApi();
  const id = style.ManagedLoginBrandingId ?? "";
  const formId = useId();
  const [provided, setProvided] = useState(style.UseCognitoProvidedValues === true);
  const [error, setError] = useState<string>();
  const update = useAction((req: UpdateManagedLoginBrandingRequest) =>
    api.op<UpdateManagedLoginBrandingRequest, UpdateManagedLoginBrandingResponse>("UpdateManagedLoginBranding", req),
  );
  const merged = useAction(() =>
    api.op<DescribeManagedLoginBrandingByClientRequest, DescribeManagedLoginBrandingByClientResponse>(
      "DescribeManagedLoginBrandingByClient",
      { UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: true },
    ),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const choice = readChoice(event.currentTarget, provided);
    if ("error" in choice) {
      setError(choice.error);
      update.reset();
      return;
    }
    setError(undefined);
    if ((await update.run({ UserPoolId: poolId, ManagedLoginBrandingId: id, ...choice })).ok) onChanged("Style saved.");
  };
  const assets = style.Assets ?? [];
  const effective = merged.state.status === "success" ? merged.state.result.ManagedLoginBranding?.Settings : undefined;
  return (
    <>
      <dl className="facts">
        <dt>Style ID</dt>
        <dd className="mono">{id}</dd>
        <dt>Look</dt>
        <dd>{style.UseCognitoProvidedValues ? "Cognito-provided values" : "Custom settings"}</dd>
        <dt>Assets</dt>
        <dd>{assets.length === 0 ? "None" : `${assets.length}`}</dd>
      </dl>
      {assets.length > 0 ? (
        <table>
          <caption>Assets of the style</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Colour mode</th>
              <th scope="col">Extension</th>
            </tr>
          </thead>
          <tbody>
            {assets.map((a) => (
              <tr key={`${a.Category}/${a.ColorMode}`}>
                <td>{a.Category}</td>
                <td>{a.ColorMode}</td>
                <td>{a.Extension}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={submit} noValidate aria-busy={update.pending}>
        <StyleFields
          provided={provided}
          setProvided={setProvided}
          initial={style.Settings ? JSON.stringify(style.Settings, null, 2) : ""}
          error={error}
        />
        <p className="hint">
          Saving merges the settings into the stored ones key by key and keeps the assets; the default look drops both.
        </p>
        {update.state.status === "error" ? <ErrorMessage error={update.state.error} /> : null}
        {notice ? <Success>{notice}</Success> : null}
        <button type="submit" disabled={update.pending}>
          {update.pending ? "Saving…" : "Save style"}
        </button>
      </form>
      <AssetUpload poolId={poolId} styleId={id} onUploaded={() => onChanged("Asset saved.")} />
      <p>
        <button type="button" className="secondary" onClick={() => void merged.run()} disabled={merged.pending}>
          Show the settings with the defaults merged in
        </button>
      </p>
      {merged.state.status === "error" ? <ErrorMessage error={merged.state.error} /> : null}
      {merged.state.status === "success" ? (
        <figure aria-labelledby={`${formId}-merged`}>
          <figcaption id={`${formId}-merged`}>Settings with this server's defaults merged in</figcaption>
          <pre className="mono">{JSON.stringify(effective ?? {}, null, 2)}</pre>
        </figure>
      ) : null}
      <ConfirmDelete
        what="managed login style"
        name={clientName}
        consequence="The client's managed login pages go back to the default look."
        onDelete={async () => {
          await api.op<DeleteManagedLoginBrandingRequest, object>("DeleteManagedLoginBranding", {
            UserPoolId: poolId,
            ManagedLoginBrandingId: id,
          });
          onChanged("Style deleted.");
        }}
      />
    </>
  );
}

/** One asset, added or replacing the style's asset of the same category and colour mode (the server's merge). */
function AssetUpload({ poolId, styleId, onUploaded }: { poolId: string; styleId: string; onUploaded: () => void }) {
  const api = useApi();
  const id = useId();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const upload = useAction((req: UpdateManagedLoginBrandingRequest) =>
    api.op<UpdateManagedLoginBrandingRequest, UpdateManagedLoginBrandingResponse>("UpdateManagedLoginBranding", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const read = file ? await readAsset(file) : "Choose the asset's image file";
    if (typeof read === "string") {
      setError(read);
      upload.reset();
      return;
    }
    setError(undefined);
    const asset = {
      Category: formRaw(form, "Category") as (typeof CATEGORIES)[number],
      ColorMode: formRaw(form, "ColorMode") as (typeof COLOR_MODES)[number],
      ...read,
    };
    // The SDK types Bytes as a Uint8Array; the JSON protocol carries it as base64, as sent here.
    const request = { UserPoolId: poolId, ManagedLoginBrandingId: styleId, Assets: [asset] };
    if ((await upload.run(request as unknown as UpdateManagedLoginBrandingRequest)).ok) onUploaded();
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={upload.pending} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add or replace an asset</h3>
      <Select label="Category" name="Category" options={CATEGORIES} />
      <Select label="Colour mode" name="ColorMode" options={COLOR_MODES} />
      <div className="field">
        <label htmlFor={`${id}-file`}>Image (ICO, JPEG, PNG, SVG or WEBP, 1,000,000 bytes at most)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept="image/png,image/jpeg,image/svg+xml,image/webp,image/x-icon,.ico"
          onChange={(e) => setFile(e.currentTarget.files?.[0])}
          aria-describedby={error ? `${id}-file-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
        {error ? (
          <p id={`${id}-file-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      {upload.state.status === "error" ? <ErrorMessage error={upload.state.error} /> : null}
      <button type="submit" disabled={upload.pending}>
        {upload.pending ? "Uploading…" : "Upload asset"}
      </button>
    </form>
  );
}
