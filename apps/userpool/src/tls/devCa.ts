/**
 * The development certificate authority: on first start a local CA and a `localhost` leaf are
 * generated under `<data dir>/tls/`; later starts reuse them and renew the leaf before it expires.
 * Only the CA certificate needs trusting (printed with instructions at start), so renewing the leaf
 * never asks the developer to trust anything again.
 */
import { createPrivateKey, randomBytes, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../privateFiles.js";
import { createCertificate, generateEcKeyPair } from "./x509.js";

const DAY = 86_400_000;
const CA_DAYS = 3650;
/** Browsers refuse leaf certificates valid for more than 398 days. */
const LEAF_DAYS = 397;
/** Renew the leaf when fewer days than this remain. */
const RENEW_DAYS = 30;
const HOSTNAMES = ["localhost"];
const IPS = ["127.0.0.1", "::1"];

export interface DevTls {
  /** PEM of the CA certificate: what to trust. */
  caPem: string;
  caPath: string;
  certPem: string;
  keyPem: string;
  /** True when this call created the CA (first start). */
  createdCa: boolean;
}

/** Loads the development CA and leaf from `dir`, creating or renewing them as needed. */
export function loadOrCreateDevTls(dir: string, now: Date = new Date()): DevTls {
  ensurePrivateDir(join(dir, ".."));
  const createdCa = !existsSync(join(dir, "ca.pem")) && createCaDir(dir, now);
  const caPath = join(dir, "ca.pem");
  const caPem = readFileSync(caPath, "utf8");
  const caKey = createPrivateKey(readFileSync(join(dir, "ca-key.pem"), "utf8"));
  const ca = new X509Certificate(caPem);

  const leafPath = join(dir, "localhost.pem");
  let leaf = existsSync(leafPath) ? splitBundle(readFileSync(leafPath, "utf8")) : undefined;
  if (!leaf || !leafIsGood(leaf.certPem, ca, now)) {
    leaf = issueLeaf(ca, caKey, now);
    // Write-then-rename: a concurrent start reads the old or the new file, never half of one.
    const tmp = `${leafPath}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(tmp, leaf.keyPem + leaf.certPem, { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, leafPath);
  }
  return { caPem, caPath, certPem: leaf.certPem, keyPem: leaf.keyPem, createdCa };
}

/** Creates the CA in a temporary directory and renames it into place; the loser of a race uses the winner's. */
function createCaDir(dir: string, now: Date): boolean {
  const tmp = mkdtempSync(`${dir}.tmp-`);
  try {
    const keys = generateEcKeyPair();
    const caPem = createCertificate({
      subject: { commonName: "Authhub Development CA", organization: "Authhub (development only)" },
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY),
      serial: randomBytes(16),
      isCa: true,
    });
    writeFileSync(join(tmp, "ca-key.pem"), keys.privateKeyPem, { mode: PRIVATE_FILE_MODE });
    writeFileSync(join(tmp, "ca.pem"), caPem, { mode: PRIVATE_FILE_MODE });
    chmodSync(tmp, PRIVATE_DIR_MODE);
    try {
      renameSync(tmp, dir);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") return false;
      throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function issueLeaf(
  ca: X509Certificate,
  caKey: ReturnType<typeof createPrivateKey>,
  now: Date,
): { certPem: string; keyPem: string } {
  const keys = generateEcKeyPair();
  const notAfter = new Date(Math.min(now.getTime() + LEAF_DAYS * DAY, new Date(ca.validTo).getTime()));
  const certPem = createCertificate({
    subject: { commonName: "localhost" },
    publicKey: keys.publicKey,
    issuer: { certificate: ca, privateKey: caKey },
    notBefore: new Date(now.getTime() - DAY),
    notAfter,
    serial: randomBytes(16),
    isCa: false,
    dnsNames: HOSTNAMES,
    ipAddresses: IPS,
  });
  return { certPem, keyPem: keys.privateKeyPem };
}

function leafIsGood(certPem: string, ca: X509Certificate, now: Date): boolean {
  try {
    const leaf = new X509Certificate(certPem);
    return (
      leaf.verify(ca.publicKey) &&
      new Date(leaf.validTo).getTime() - now.getTime() > RENEW_DAYS * DAY &&
      HOSTNAMES.every((h) => leaf.checkHost(h) === h)
    );
  } catch {
    return false;
  }
}

function splitBundle(pem: string): { certPem: string; keyPem: string } | undefined {
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(pem)?.[0];
  return key && cert ? { keyPem: key, certPem: cert } : undefined;
}

/**
 * Where the steps to trust the CA are written out for every browser and OS: the repository's README, which
 * `npm start`'s banner names too (a section heading, checked by devCa.test.ts).
 */
export const TRUST_DOCS = "README.md, Trusting the development certificate";

/** How to trust the CA, printed at start. */
export function trustInstructions(caPath: string): string {
  return [
    `Development HTTPS uses a local CA: ${caPath}`,
    "Trust it once (development machines only):",
    // Chrome and Chromium on Linux read the user's NSS database, not the system store (as README.md says).
    `  Chrome/Chromium/Edge on Linux (package libnss3-tools): certutil -d sql:$HOME/.pki/nssdb -A -t "C,," ` +
      `-n "Authhub dev CA" -i ${caPath}`,
    `  Debian/Ubuntu: sudo cp ${caPath} /usr/local/share/ca-certificates/authhub-dev-ca.crt ` +
      "&& sudo update-ca-certificates",
    `  macOS:         sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${caPath}`,
    `  Windows:       certutil -addstore -f Root ${caPath}`,
    "  Firefox:       Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import",
    `  Node.js:       NODE_EXTRA_CA_CERTS=${caPath}`,
  ].join("\n");
}
