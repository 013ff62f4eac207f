/**
 * The userpool's production build: dist/main.js, one ESM file from src/main.ts that
 * `npm run start:prod -w apps/userpool` (node dist/main.js) runs. `npm start` keeps running the
 * sources through tsx.
 *
 *   npm run build -w apps/userpool
 */
import { fileURLToPath } from "node:url";
import { bundleServer } from "../../../scripts/lib/serverBundle.js";

/**
 * Resolved from node_modules at run time, so a deployment installs them beside dist/:
 * - better-sqlite3: native addon; pg (and its optional pg-native): loaded only for their engine;
 * - @aws-sdk/client-lambda: loaded when a trigger given as a Lambda ARN first runs;
 * - nodemailer: loaded when SMTP_URL is set; openid-client: loaded with the first federated sign-in;
 * - @node-saml/node-saml, xml-crypto, @xmldom/xmldom: loaded with the first SAML provider or sign-in.
 * - the SNS/STS clients (first text through SNS), the AWS Encryption SDK (first custom sender code),
 *   @simplewebauthn/server (first passkey) and qr (first TOTP set-up page): each costs every process memory
 *   at start for a feature most deployments use rarely or never (docs/userpool/scaling.md, memory).
 */
const EXTERNAL = [
  "better-sqlite3",
  "pg",
  "pg-native",
  "@aws-sdk/client-lambda",
  "nodemailer",
  "openid-client",
  "@node-saml/node-saml",
  "xml-crypto",
  "@xmldom/xmldom",
  "@aws-sdk/client-sns",
  "@aws-sdk/client-sts",
  "@smithy/node-http-handler",
  "@aws-crypto/client-node",
  "@simplewebauthn/server",
  "qr",
] as const;

const bytes = await bundleServer({
  root: fileURLToPath(new URL("..", import.meta.url)),
  entry: "src/main.ts",
  outfile: "dist/main.js",
  external: EXTERNAL,
});
console.log(`built dist/main.js (${(bytes / 1024 / 1024).toFixed(1)} MiB with source map)`);
