/** The authenticator-app secret, twice: as a QR code to scan and as text to type. */
import { QrCode } from "./QrCode";

/** Groups of four, as authenticator apps print secrets; they ignore the spaces when it is typed. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

export function TotpSecret({ sharedSecret, setupUri }: { sharedSecret: string; setupUri: string }) {
  return (
    <div className="totp-secret">
      <p>
        Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or
        1Password). If you cannot scan it, type the secret key instead.
      </p>
      <QrCode value={setupUri} label="QR code for your authenticator app" />
      <dl className="facts">
        <dt>Secret key</dt>
        <dd>
          <code className="mono" data-secret={sharedSecret}>
            {groupSecret(sharedSecret)}
          </code>
        </dd>
      </dl>
    </div>
  );
}
