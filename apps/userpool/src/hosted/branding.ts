/**
 * Per-pool branding of the hosted pages: a logo and CSS, from the config file's UICustomization
 * (Cognito's SetUICustomization takes the same two things). Loaded at start; every instance reads
 * the same file, so they agree.
 */
export interface Branding {
  /** Extra CSS appended after the default sheet. */
  css?: string;
  /** Logo as a data: URI (ImageFile, base64 PNG/JPEG/SVG) or an https URL. */
  logo?: string;
}

export class BrandingRegistry {
  private readonly byPool = new Map<string, Branding>();

  set(poolId: string, b: Branding): void {
    this.byPool.set(poolId, b);
  }

  get(poolId: string): Branding {
    return this.byPool.get(poolId) ?? {};
  }
}
