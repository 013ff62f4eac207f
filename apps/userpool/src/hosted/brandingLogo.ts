/**
 * The classic hosted UI logo at the ImageUrl GetUICustomization answers: `/_branding/<pool>/<client>/<version>.<ext>`.
 * The version is in the path, so an old URL stops working when the logo changes and a current one can be cached.
 */
import type { Request, Response } from "express";
import type { Services } from "../services/index.js";

export function brandingLogo(deps: Pick<Services, "hostedBranding">, notFoundPage: (res: Response) => void) {
  return async (req: Request, res: Response): Promise<void> => {
    const file = /^(\d{1,20})\.(png|jpg)$/u.exec(String(req.params.file ?? ""));
    const logo = file
      ? await deps.hostedBranding.logo(String(req.params.pool), String(req.params.client), file[1]!)
      : undefined;
    if (!logo) return notFoundPage(res);
    res
      .status(200)
      .set({
        "Content-Type": logo.type,
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      })
      .send(logo.bytes);
  };
}
