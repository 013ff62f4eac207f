import type { JsonObject } from "./json.js";

/** A classic hosted UI customization: a pool's default (`clientKey` "ALL") or one app client's. */
export interface UiCustomizationRow {
  poolId: string;
  clientKey: string;
  css: string | null;
  cssVersion: string | null;
  /** The logo as sent (base64) and its media type. */
  imageB64: string | null;
  imageType: string | null;
  imageVersion: string | null;
  createdAt: number;
  updatedAt: number;
}

/** One image of a managed-login style, as the API takes it (bytes base64). */
export interface BrandingAsset {
  Category: string;
  ColorMode: string;
  Extension: string;
  Bytes?: string | undefined;
  ResourceId?: string | undefined;
}

export interface ManagedLoginBrandingRow {
  id: string;
  poolId: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  settings: JsonObject | null;
  assets: BrandingAsset[];
  createdAt: number;
  updatedAt: number;
}

export interface BrandingStore {
  /** Creates or replaces the customization of (pool, client key). */
  putUiCustomization(r: UiCustomizationRow): Promise<void>;
  getUiCustomization(poolId: string, clientKey: string): Promise<UiCustomizationRow | undefined>;
  /** StoreConflictError when the client already has a style (a unique index decides). */
  createManagedLogin(r: ManagedLoginBrandingRow): Promise<void>;
  getManagedLogin(poolId: string, id: string): Promise<ManagedLoginBrandingRow | undefined>;
  getManagedLoginForClient(poolId: string, clientId: string): Promise<ManagedLoginBrandingRow | undefined>;
  /** Writes settings and assets when the row still has `expectedUpdatedAt`; false when it changed or is gone. */
  updateManagedLogin(r: ManagedLoginBrandingRow, expectedUpdatedAt: number): Promise<boolean>;
  deleteManagedLogin(poolId: string, id: string): Promise<boolean>;
}
