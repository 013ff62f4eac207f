/**
 * Branding of the hosted pages: the classic hosted UI customization (SetUICustomization / GetUICustomization:
 * CSS and a logo, per pool and per app client) and managed-login styles (CreateManagedLoginBranding and
 * friends: a Settings document and image Assets, one style per app client). The domain's ManagedLoginVersion
 * picks which one the pages apply, as in Cognito (1: classic, 2: managed login).
 */
import type {
  AssetType,
  ManagedLoginBrandingType,
  UICustomizationType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import {
  ConcurrentModificationException,
  InvalidParameterException,
  ManagedLoginBrandingExistsException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import {
  StoreConflictError,
  type BrandingAsset,
  type JsonObject,
  type ManagedLoginBrandingRow,
  type Store,
  type UiCustomizationRow,
} from "../store/index.js";
import type { PoolService } from "./pools.js";
import { sanitizeUiCss } from "./uiCss.js";
import type { PublicUrls } from "./urls.js";

export const ALL_CLIENTS = "ALL";
/** Developer Guide, classic branding: "The maximum allowable size for a logo image file is 100 KB". */
export const MAX_LOGO_BYTES = 100 * 1024;

/** What a hosted page applies: extra CSS (already safe) and a logo URL. */
export interface PageBranding {
  css?: string;
  logo?: string;
}

const LOGO_TYPES: { type: string; ext: string; magic: (b: Buffer) => boolean }[] = [
  { type: "image/png", ext: "png", magic: (b) => b.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex")) },
  { type: "image/jpeg", ext: "jpg", magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
];

const ASSET_MAGIC: Record<string, (b: Buffer) => boolean> = {
  PNG: LOGO_TYPES[0]!.magic,
  JPEG: LOGO_TYPES[1]!.magic,
  WEBP: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  ICO: (b) => b.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])),
  SVG: (b) => /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/iu.test(b.subarray(0, 2048).toString("utf8")),
};
const ASSET_MEDIA: Record<string, string> = {
  PNG: "image/png",
  JPEG: "image/jpeg",
  WEBP: "image/webp",
  ICO: "image/x-icon",
  SVG: "image/svg+xml",
};

export class BrandingService {
  constructor(
    private readonly deps: { store: Store; clock: Clock; random: Random; urls: PublicUrls; pools: PoolService },
  ) {}

  // ---- classic hosted UI ----

  /** SetUICustomization: replaces CSS and logo together (Cognito cannot set them separately). */
  async setUiCustomization(
    poolId: string,
    clientId: string | undefined,
    css: string | undefined,
    imageB64: string | undefined,
  ): Promise<UICustomizationType> {
    const clientKey = await this.clientKey(poolId, clientId);
    // API reference, SetUICustomization: "Your user pool must have a domain."
    if (!(await this.deps.store.domains.getForPool(poolId)))
      throw new InvalidParameterException("There has to be an existing domain associated with this user pool");
    // Refused unless every rule is Cognito's; stored as sent (the pages get the re-written sheet).
    if (css !== undefined) sanitizeUiCss(css);
    const cleanCss = css === undefined || css.trim() === "" ? null : css;
    let imageType: string | null = null;
    if (imageB64 !== undefined && imageB64 !== "") {
      const bytes = Buffer.from(imageB64, "base64");
      if (bytes.length > MAX_LOGO_BYTES)
        throw new InvalidParameterException(`ImageFile is ${bytes.length} bytes; the logo may be 100 KB at most.`);
      imageType = LOGO_TYPES.find((t) => t.magic(bytes))?.type ?? null;
      if (!imageType) throw new InvalidParameterException("ImageFile must be a PNG or JPEG image.");
    }
    const now = this.deps.clock.now().getTime();
    const old = await this.deps.store.branding.getUiCustomization(poolId, clientKey);
    const row: UiCustomizationRow = {
      poolId,
      clientKey,
      css: cleanCss,
      cssVersion: cleanCss === null ? null : String(now),
      imageB64: imageType ? imageB64! : null,
      imageType,
      imageVersion: imageType ? String(now) : null,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    };
    await this.deps.store.branding.putUiCustomization(row);
    return this.describeUi(row);
  }

  /** GetUICustomization: the client's own customization, else the pool's `ALL` one. */
  async getUiCustomization(poolId: string, clientId: string | undefined): Promise<UICustomizationType> {
    const clientKey = await this.clientKey(poolId, clientId);
    const row = await this.uiFor(poolId, clientKey);
    return row ? this.describeUi(row) : { UserPoolId: poolId, ClientId: clientKey };
  }

  private async uiFor(poolId: string, clientKey: string): Promise<UiCustomizationRow | undefined> {
    const own = await this.deps.store.branding.getUiCustomization(poolId, clientKey);
    if (own || clientKey === ALL_CLIENTS) return own;
    return this.deps.store.branding.getUiCustomization(poolId, ALL_CLIENTS);
  }

  /** The logo behind an ImageUrl, when `version` is still the current one. */
  async logo(poolId: string, clientKey: string, version: string): Promise<{ type: string; bytes: Buffer } | undefined> {
    const row = await this.deps.store.branding.getUiCustomization(poolId, clientKey);
    if (!row?.imageB64 || !row.imageType || row.imageVersion !== version) return undefined;
    return { type: row.imageType, bytes: Buffer.from(row.imageB64, "base64") };
  }

  private imageUrl(row: UiCustomizationRow): string | undefined {
    if (!row.imageType || !row.imageVersion) return undefined;
    const ext = LOGO_TYPES.find((t) => t.type === row.imageType)?.ext ?? "img";
    const base = this.deps.urls.hosted().replace(/\/+$/u, "");
    return `${base}/_branding/${row.poolId}/${encodeURIComponent(row.clientKey)}/${row.imageVersion}.${ext}`;
  }

  private describeUi(row: UiCustomizationRow): UICustomizationType {
    const url = this.imageUrl(row);
    return {
      UserPoolId: row.poolId,
      ClientId: row.clientKey,
      ...(url ? { ImageUrl: url } : {}),
      ...(row.css !== null ? { CSS: row.css, CSSVersion: row.cssVersion ?? undefined } : {}),
      CreationDate: new Date(row.createdAt),
      LastModifiedDate: new Date(row.updatedAt),
    };
  }

  private async clientKey(poolId: string, clientId: string | undefined): Promise<string> {
    await this.deps.pools.getPool(poolId);
    if (clientId === undefined || clientId === ALL_CLIENTS) return ALL_CLIENTS;
    await this.deps.pools.getClientOfPool(poolId, clientId);
    return clientId;
  }

  // ---- managed login ----

  async createManagedLogin(
    poolId: string,
    clientId: string,
    input: { useCognitoProvidedValues?: boolean; settings?: JsonObject; assets?: BrandingAsset[] },
  ): Promise<ManagedLoginBrandingType> {
    await this.deps.pools.getPool(poolId);
    await this.deps.pools.getClientOfPool(poolId, clientId);
    checkProvidedValues(input);
    const assets = checkAssets(input.assets ?? []);
    const now = this.deps.clock.now().getTime();
    const row: ManagedLoginBrandingRow = {
      id: this.deps.random.uuid(),
      poolId,
      clientId,
      useCognitoProvidedValues: input.useCognitoProvidedValues === true,
      settings: input.settings ?? null,
      assets,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.store.branding.createManagedLogin(row);
    } catch (e) {
      if (e instanceof StoreConflictError)
        throw new ManagedLoginBrandingExistsException(
          `A managed login branding style already exists for app client ${clientId}.`,
        );
      throw e;
    }
    return describeManagedLogin(row, false);
  }

  async describeManagedLogin(poolId: string, id: string, merged: boolean): Promise<ManagedLoginBrandingType> {
    return describeManagedLogin(await this.getManagedLogin(poolId, id), merged);
  }

  async describeManagedLoginByClient(
    poolId: string,
    clientId: string,
    merged: boolean,
  ): Promise<ManagedLoginBrandingType> {
    await this.deps.pools.getPool(poolId);
    const row = await this.deps.store.branding.getManagedLoginForClient(poolId, clientId);
    if (!row) throw new ResourceNotFoundException(`No managed login branding style exists for app client ${clientId}.`);
    return describeManagedLogin(row, merged);
  }

  /**
   * UpdateManagedLoginBranding keeps what the request leaves out: Settings merge into the stored document
   * (objects key by key), Assets replace the stored asset of the same Category and ColorMode.
   * UseCognitoProvidedValues true goes back to the defaults (no settings, no assets).
   */
  async updateManagedLogin(
    poolId: string,
    id: string,
    input: { useCognitoProvidedValues?: boolean; settings?: JsonObject; assets?: BrandingAsset[] },
  ): Promise<ManagedLoginBrandingType> {
    checkProvidedValues(input);
    const old = await this.getManagedLogin(poolId, id);
    const incoming = checkAssets(input.assets ?? []);
    const key = (a: BrandingAsset) => `${a.Category}/${a.ColorMode}`;
    const replaced = new Set(incoming.map(key));
    const provided = input.useCognitoProvidedValues === true;
    const settings = provided ? null : input.settings ? mergeDocs(old.settings ?? {}, input.settings) : old.settings;
    const assets = provided ? [] : [...old.assets.filter((a) => !replaced.has(key(a))), ...incoming];
    if (assets.length > 40) throw new InvalidParameterException("A style holds at most 40 assets.");
    const row: ManagedLoginBrandingRow = {
      ...old,
      useCognitoProvidedValues:
        provided ||
        (input.useCognitoProvidedValues === undefined &&
          old.useCognitoProvidedValues &&
          !input.settings &&
          !input.assets),
      settings,
      assets,
      updatedAt: Math.max(this.deps.clock.now().getTime(), old.updatedAt + 1),
    };
    if (!(await this.deps.store.branding.updateManagedLogin(row, old.updatedAt)))
      throw new ConcurrentModificationException("The managed login branding style changed during the update.");
    return describeManagedLogin(row, false);
  }

  async deleteManagedLogin(poolId: string, id: string): Promise<void> {
    await this.deps.pools.getPool(poolId);
    if (!(await this.deps.store.branding.deleteManagedLogin(poolId, id)))
      throw new ResourceNotFoundException(`Managed login branding style ${id} does not exist.`);
  }

  private async getManagedLogin(poolId: string, id: string): Promise<ManagedLoginBrandingRow> {
    await this.deps.pools.getPool(poolId);
    const row = await this.deps.store.branding.getManagedLogin(poolId, id);
    if (!row) throw new ResourceNotFoundException(`Managed login branding style ${id} does not exist.`);
    return row;
  }

  // ---- what a page shows ----

  /** The branding a hosted page of this client applies, by the domain's managed login version. */
  async forPage(poolId: string, clientId: string): Promise<PageBranding | undefined> {
    const domain = await this.deps.store.domains.getForPool(poolId);
    if (domain?.managedLoginVersion === 2) {
      const style = await this.deps.store.branding.getManagedLoginForClient(poolId, clientId);
      // No style: managed login's default look, never the classic customization.
      return style ? managedLoginPageBranding(style) : {};
    }
    const row = await this.uiFor(poolId, clientId);
    if (!row) return undefined;
    const css = row.css === null ? undefined : sanitizeUiCss(row.css);
    const logo = this.imageUrl(row);
    return { ...(css ? { css } : {}), ...(logo ? { logo } : {}) };
  }
}

function checkProvidedValues(input: { useCognitoProvidedValues?: boolean; settings?: unknown; assets?: unknown }) {
  // API reference, CreateManagedLoginBranding: with UseCognitoProvidedValues true, omit Settings and Assets.
  if (input.useCognitoProvidedValues === true && (input.settings !== undefined || input.assets !== undefined))
    throw new InvalidParameterException(
      "UseCognitoProvidedValues cannot be true when the request also has Settings or Assets.",
    );
}

/** Each asset: bytes that are what Extension says, one per Category and ColorMode. */
function checkAssets(assets: BrandingAsset[]): BrandingAsset[] {
  const seen = new Set<string>();
  for (const a of assets) {
    const k = `${a.Category}/${a.ColorMode}`;
    if (seen.has(k)) throw new InvalidParameterException(`Assets has more than one ${a.Category} for ${a.ColorMode}.`);
    seen.add(k);
    if (a.Bytes === undefined)
      throw new InvalidParameterException(`Asset ${a.Category} (${a.ColorMode}) has no Bytes.`);
    if (!ASSET_MAGIC[a.Extension]!(Buffer.from(a.Bytes, "base64")))
      throw new InvalidParameterException(`Asset ${a.Category} (${a.ColorMode}) is not a ${a.Extension} image.`);
  }
  return assets;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mergeDocs(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeDocs(out[k], v) : v;
  return out;
}

/**
 * The values this server starts a style from (its default look), returned merged under the stored ones when
 * ReturnMergedResources is true. They are this server's, not Cognito's console defaults (ADR 0030).
 */
export const DEFAULT_MANAGED_LOGIN_SETTINGS: JsonObject = {
  components: {
    primaryButton: { lightMode: { defaults: { backgroundColor: "1f5fbfff", textColor: "ffffffff" } } },
    pageBackground: { lightMode: { color: "f4f5f7ff" } },
    form: { lightMode: { backgroundColor: "ffffffff", borderColor: "d6d9deff" } },
  },
};

function describeManagedLogin(row: ManagedLoginBrandingRow, merged: boolean): ManagedLoginBrandingType {
  const settings = merged ? mergeDocs(DEFAULT_MANAGED_LOGIN_SETTINGS, row.settings ?? {}) : row.settings;
  return {
    ManagedLoginBrandingId: row.id,
    UserPoolId: row.poolId,
    UseCognitoProvidedValues: row.useCognitoProvidedValues,
    ...(settings !== null ? { Settings: settings as ManagedLoginBrandingType["Settings"] } : {}),
    Assets: row.assets.map((a) => ({ ...a }) as unknown as AssetType),
    CreationDate: new Date(row.createdAt),
    LastModifiedDate: new Date(row.updatedAt),
  };
}

/** Cognito's colours are 8 hex digits, RGBA; anything else is not put into CSS. */
function color(doc: unknown, ...path: string[]): string | undefined {
  let v: unknown = doc;
  for (const p of path) v = isObject(v) ? v[p] : undefined;
  return typeof v === "string" && /^[0-9a-fA-F]{8}$/u.test(v) ? `#${v.toLowerCase()}` : undefined;
}

/** The settings the pages can show: button, page and form colours, the form logo and the page background image. */
function managedLoginPageBranding(style: ManagedLoginBrandingRow): PageBranding {
  const s = style.settings ?? {};
  const rules: string[] = [];
  const button = [
    ["background", color(s, "components", "primaryButton", "lightMode", "defaults", "backgroundColor")],
    ["color", color(s, "components", "primaryButton", "lightMode", "defaults", "textColor")],
  ].filter((d) => d[1]);
  if (button.length) rules.push(`html body button{${button.map(([p, v]) => `${p}:${v}`).join(";")}}`);
  const accent = color(s, "components", "primaryButton", "lightMode", "defaults", "backgroundColor");
  if (accent) rules.push(`:root{--accent:${accent}}`);
  const page = color(s, "components", "pageBackground", "lightMode", "color");
  const pageImage = style.assets.find((a) => a.Category === "PAGE_BACKGROUND" && a.ColorMode !== "DARK" && a.Bytes);
  const bodyDecls = [
    ...(page ? [`background-color:${page}`] : []),
    // Base64 has no character that can leave the url(…) token.
    ...(pageImage
      ? [
          `background-image:url(data:${ASSET_MEDIA[pageImage.Extension]};base64,${pageImage.Bytes})`,
          "background-size:cover",
        ]
      : []),
  ];
  if (bodyDecls.length) rules.push(`html body{${bodyDecls.join(";")}}`);
  const form = [
    ["background-color", color(s, "components", "form", "lightMode", "backgroundColor")],
    ["border-color", color(s, "components", "form", "lightMode", "borderColor")],
  ].filter((d) => d[1]);
  if (form.length) rules.push(`html body .authhub-container{${form.map(([p, v]) => `${p}:${v}`).join(";")}}`);
  const logo = style.assets.find((a) => a.Category === "FORM_LOGO" && a.ColorMode !== "DARK" && a.Bytes);
  return {
    ...(rules.length ? { css: rules.join("") } : {}),
    ...(logo ? { logo: `data:${ASSET_MEDIA[logo.Extension]};base64,${logo.Bytes}` } : {}),
  };
}
