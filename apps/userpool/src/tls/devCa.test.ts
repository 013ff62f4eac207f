import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadOrCreateDevTls, TRUST_DOCS, trustInstructions } from "./devCa.js";
import { fetchTrusting } from "./fetch.js";

const dirs: string[] = [];
const tlsDir = () => {
  const d = mkdtempSync(join(tmpdir(), "userpool-tls-"));
  dirs.push(d);
  return join(d, "tls");
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("development CA", () => {
  it("creates a CA and a localhost leaf that node:crypto parses and verifies, with browser-required extensions", () => {
    const dev = loadOrCreateDevTls(tlsDir());
    expect(dev.createdCa).toBe(true);
    const ca = new X509Certificate(dev.caPem);
    const leaf = new X509Certificate(dev.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.checkHost("localhost")).toBe("localhost");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.checkIP("::1")).toBe("::1");
    expect(leaf.checkHost("example.com")).toBeUndefined();
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    const days = (new Date(leaf.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(390);
    expect(days).toBeLessThanOrEqual(398);
    expect(statSync(join(dev.caPath, "..", "ca-key.pem")).mode & 0o777).toBe(0o600);
  });

  it("reuses the CA on the next start and renews only the leaf when it nears expiry", () => {
    const dir = tlsDir();
    const first = loadOrCreateDevTls(dir);
    const again = loadOrCreateDevTls(dir);
    expect(again.createdCa).toBe(false);
    expect(again.caPem).toBe(first.caPem);
    expect(again.certPem).toBe(first.certPem);
    const later = loadOrCreateDevTls(dir, new Date(Date.now() + 380 * 86_400_000));
    expect(later.caPem).toBe(first.caPem);
    expect(later.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(later.certPem).verify(new X509Certificate(first.caPem).publicKey)).toBe(true);
  });

  it("serves a real TLS handshake that succeeds only for a client trusting the CA", async () => {
    const dev = loadOrCreateDevTls(tlsDir());
    const server = createServer({ key: dev.keyPem, cert: dev.certPem }, (_req, res) => res.end("hello"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = await fetchTrusting([dev.caPem])(`https://localhost:${port}/`);
      expect(await ok.text()).toBe("hello");
      await expect(fetchTrusting([])(`https://localhost:${port}/`)).rejects.toThrow(/certificate/i);
    } finally {
      server.close();
    }
  });
});

describe("trustInstructions", () => {
  it("includes README's Chrome-on-Linux line (the user's NSS database), for the printed CA path", () => {
    const text = trustInstructions("/data/userpool/tls/ca.pem");
    expect(text).toContain(
      'certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Authhub dev CA" -i /data/userpool/tls/ca.pem',
    );
    expect(text).toContain("libnss3-tools");
  });
});

describe("TRUST_DOCS", () => {
  it("names the README section that holds the steps, as npm start's banner does (README.md)", () => {
    const [file, heading] = TRUST_DOCS.split(", ");
    expect(file).toBe("README.md");
    const readme = readFileSync(fileURLToPath(new URL("../../../../README.md", import.meta.url)), "utf8");
    expect(readme).toContain(`\n## ${heading}\n`);
    expect(readme).toContain("certutil -addstore -f Root"); // the steps are there, not only the heading
  });
});
