/**
 * The classic hosted UI's branding for every app client of the pool (ClientId ALL) or for one app client:
 * GetUICustomization to read, SetUICustomization to write, with a live preview of the sign-in page. A client
 * without its own branding gets the pool's (GetUICustomization answers it with ClientId ALL); saving on the
 * client's page gives the client its own, which then wins over the pool's. SetUICustomization replaces the CSS and
 * the logo together (API reference), and GetUICustomization answers only the logo's URL, so keeping a logo while
 * the CSS changes means choosing its file again: the form says so rather than drop the logo silently.
 */
import type {
  GetUICustomizationRequest,
  GetUICustomizationResponse,
  SetUICustomizationRequest,
  SetUICustomizationResponse,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { type ChangeEvent, type FormEvent, useId, useMemo, useState } from "react";
import { formRaw, Success, useAction } from "@authhub/ui";
import { ErrorMessage, formChecked, Loaded, useLoad } from "../components/ui";
import { useApi } from "../session/ConsoleContext";
import { brandingPreview } from "./brandingPreview";

/** Developer Guide, classic branding: a PNG or JPEG logo of 100 KB at most; the CSS at most 131,072 characters. */
export const MAX_LOGO_BYTES = 100 * 1024;
const MAX_CSS = 131072;

interface Logo {
  /** The file as a data: URL, for the preview. */
  dataUrl: string;
  /** Its bytes in base64, as SetUICustomization's ImageFile takes them. */
  base64: string;
}

type Errors = { CSS?: string; logo?: string };

/** SetUICustomization as the JSON protocol carries it: the SDK's ImageFile blob is base64 on the wire. */
export type SetUICustomizationWire = Omit<SetUICustomizationRequest, "ImageFile"> & { ImageFile?: string };

/** The SetUICustomization request, or the fields' errors. Exported for the tests' sake. */
export function readBranding(
  target: { poolId: string; clientId?: string | undefined },
  current: GetUICustomizationResponse["UICustomization"],
  form: HTMLFormElement,
  logo: Logo | undefined,
  logoProblem: string | undefined,
): { request: SetUICustomizationWire } | { errors: Errors } {
  const errors: Errors = {};
  const css = formRaw(form, "CSS");
  if (css.length > MAX_CSS) errors.CSS = `The CSS may be ${MAX_CSS} characters at most`;
  const remove = formChecked(form, "removeLogo");
  if (logoProblem) errors.logo = logoProblem;
  else if (!inherits(target, current) && current?.ImageUrl && !logo && !remove)
    errors.logo = "Saving replaces the logo too: choose the logo file again to keep it, or remove the logo";
  if (errors.CSS || errors.logo) return { errors };
  return {
    request: {
      UserPoolId: target.poolId,
      ...(target.clientId ? { ClientId: target.clientId } : {}),
      ...(css.trim() ? { CSS: css } : {}),
      ...(logo && !remove ? { ImageFile: logo.base64 } : {}),
    },
  };
}

/** On a client's page: the branding shown is the pool's, for want of the client's own. */
function inherits(
  target: { clientId?: string | undefined },
  current: GetUICustomizationResponse["UICustomization"],
): boolean {
  return target.clientId !== undefined && current?.ClientId !== target.clientId;
}

function readLogo(file: File): Promise<Logo | string> {
  if (file.type !== "image/png" && file.type !== "image/jpeg") return Promise.resolve("The logo must be a PNG or JPEG");
  if (file.size > MAX_LOGO_BYTES) return Promise.resolve("The logo may be 100 KB at most");
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve({ dataUrl, base64: dataUrl.slice(dataUrl.indexOf(",") + 1) });
    };
    reader.onerror = () => resolve("The logo file could not be read");
    reader.readAsDataURL(file);
  });
}

/** `clientId`: that app client's branding; without it, the pool's for every client. */
export function BrandingForm({ pool, clientId }: { pool: UserPoolType; clientId?: string }) {
  const poolId = pool.Id ?? "";
  // API reference, SetUICustomization: "Your user pool must have a domain."
  if (!pool.Domain && !pool.CustomDomain) return <p>Create a domain first: the hosted pages are served on it.</p>;
  return <ClassicBranding poolId={poolId} clientId={clientId} />;
}

function ClassicBranding({ poolId, clientId }: { poolId: string; clientId?: string | undefined }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<GetUICustomizationRequest, GetUICustomizationResponse>("GetUICustomization", {
        UserPoolId: poolId,
        ...(clientId ? { ClientId: clientId } : {}),
      }),
    [api, poolId, clientId],
  );
  return (
    <Loaded load={state}>
      {({ UICustomization: ui }) => <BrandingEditor target={{ poolId, clientId }} current={ui} onSaved={reload} />}
    </Loaded>
  );
}

function BrandingEditor({
  target,
  current,
  onSaved,
}: {
  target: { poolId: string; clientId?: string | undefined };
  current: GetUICustomizationResponse["UICustomization"];
  onSaved: () => void;
}) {
  const api = useApi();
  const id = useId();
  const [css, setCss] = useState(current?.CSS ?? "");
  const [logo, setLogo] = useState<Logo>();
  const [logoProblem, setLogoProblem] = useState<string>();
  const [remove, setRemove] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const save = useAction((req: SetUICustomizationWire) =>
    api.op<SetUICustomizationWire, SetUICustomizationResponse>("SetUICustomization", req),
  );
  // The pool's logo is not the client's: saving the client's own branding keeps only a file chosen here.
  const inherited = inherits(target, current);
  const ownLogo = inherited ? undefined : current?.ImageUrl;
  // The box exists only while there is a logo to remove; once saved without one it no longer counts.
  const removing = remove && ownLogo !== undefined;
  const previewLogo = removing ? undefined : (logo?.dataUrl ?? ownLogo);
  const srcDoc = useMemo(() => brandingPreview({ css, logo: previewLogo }), [css, previewLogo]);
  const chooseLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) {
      setLogo(undefined);
      setLogoProblem(undefined);
      return;
    }
    const read = await readLogo(file);
    setLogo(typeof read === "string" ? undefined : read);
    setLogoProblem(typeof read === "string" ? read : undefined);
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readBranding(target, current, event.currentTarget, logo, logoProblem);
    if ("errors" in read) {
      setErrors(read.errors);
      save.reset();
      return;
    }
    setErrors({});
    if ((await save.run(read.request)).ok) onSaved();
  };
  const cssHint = `${id}-css-hint`;
  const logoError = errors.logo ?? logoProblem;
  return (
    <div className="branding">
      <form onSubmit={submit} noValidate aria-busy={save.pending}>
        {target.clientId === undefined ? (
          <p className="hint">
            Applies to every app client without branding of its own, when the domain serves the hosted UI (classic). A
            domain on managed login uses branding styles per app client instead, edited on each app client's page.
          </p>
        ) : inherited ? (
          <p className="hint">
            This app client uses the pool's branding. Saving here gives it its own: the CSS below starts from the
            pool's, and the logo is only a file you choose.
          </p>
        ) : current?.CreationDate === undefined ? (
          // Nothing stored for the client or the pool: the answer only echoes the ids.
          <p className="hint">
            Neither this app client nor the pool has branding: the hosted pages have the default look. Saving here gives
            this client its own.
          </p>
        ) : (
          <p className="hint">This app client has its own branding, used instead of the pool's.</p>
        )}
        <div className="field">
          <label htmlFor={`${id}-css`}>CSS</label>
          <textarea
            id={`${id}-css`}
            name="CSS"
            rows={8}
            value={css}
            onChange={(e) => setCss(e.currentTarget.value)}
            spellCheck={false}
            aria-describedby={[errors.CSS ? `${id}-css-error` : "", cssHint].filter(Boolean).join(" ")}
            aria-invalid={errors.CSS ? true : undefined}
          />
          {errors.CSS ? (
            <p id={`${id}-css-error`} className="field-error">
              {errors.CSS}
            </p>
          ) : null}
          <p id={cssHint} className="hint">
            Cognito's classes only, such as .submitButton-customizable {"{"}background-color: #0b6e4f{"}"}.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-logo`}>Logo (PNG or JPEG, 100 KB at most)</label>
          <input
            id={`${id}-logo`}
            type="file"
            accept="image/png,image/jpeg"
            onChange={chooseLogo}
            aria-describedby={logoError ? `${id}-logo-error` : undefined}
            aria-invalid={logoError ? true : undefined}
          />
          {logoError ? (
            <p id={`${id}-logo-error`} className="field-error">
              {logoError}
            </p>
          ) : null}
        </div>
        {ownLogo ? (
          <div className="checkbox">
            <input
              id={`${id}-remove`}
              type="checkbox"
              name="removeLogo"
              checked={remove}
              onChange={(e) => setRemove(e.currentTarget.checked)}
            />
            <label htmlFor={`${id}-remove`}>Remove the logo</label>
          </div>
        ) : null}
        {save.state.status === "error" ? <ErrorMessage error={save.state.error} /> : null}
        {save.state.status === "success" ? <Success>Branding saved.</Success> : null}
        <button type="submit" disabled={save.pending}>
          {save.pending ? "Saving…" : "Save branding"}
        </button>
      </form>
      <figure className="preview">
        <iframe title="Preview of the hosted sign-in page" sandbox="" srcDoc={srcDoc} />
        <figcaption className="hint">Preview of the sign-in page with the settings above, before saving.</figcaption>
      </figure>
    </div>
  );
}
