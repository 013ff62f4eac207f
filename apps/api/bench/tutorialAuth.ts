import type { RequestHandler } from "express";
import jwt from "jsonwebtoken";
import jwkToPem from "jwk-to-pem";

/**
 * The tutorial's middleware, reproduced for the benchmark only: on EVERY request it downloads the
 * JWKS, converts the matching JWK to PEM, then verifies. This is the pattern requireAuth() replaces; it is
 * never used by the API. Kept faithful on purpose, including its weaknesses.
 */
export function tutorialAuth(jwksUri: string, issuer: string): RequestHandler {
  return async (req, res, next) => {
    const token = req.headers.authorization?.split(" ")[1];
    if (!token) {
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    try {
      const response = await fetch(jwksUri);
      const { keys } = (await response.json()) as { keys: Array<jwkToPem.JWK & { kid: string }> };
      const decoded = jwt.decode(token, { complete: true });
      const jwk = keys.find((k) => k.kid === decoded?.header.kid);
      if (!jwk) throw new Error("no key");
      const pem = jwkToPem(jwk);
      const payload = jwt.verify(token, pem, { algorithms: ["RS256"], issuer });
      (req as unknown as { auth: unknown }).auth = payload;
      next();
    } catch {
      res.status(401).json({ error: "unauthorized" });
    }
  };
}
