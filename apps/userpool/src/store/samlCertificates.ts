/** A pool's SAML signing (GetSigningCertificate) or encryption certificate and its sealed private key. */
export interface SamlCertificateRow {
  poolId: string;
  /** The certificate, base64 DER. */
  certificate: string;
  /** PKCS#8 DER of the private key, sealed under the data key. */
  privateEnc: string;
  createdAt: number;
}

export interface SamlCertificateStore {
  get(poolId: string): Promise<SamlCertificateRow | undefined>;
  /** Inserts unless the pool already has one; false when another writer won. */
  insertIfAbsent(r: SamlCertificateRow): Promise<boolean>;
}
