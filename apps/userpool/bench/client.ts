// The benchmark's client: AWS JSON 1.1 calls over keep-alive HTTP/1.1 and the client half of an SRP
// sign-in. Kept light on purpose (node:http rather than fetch, A = g^a computed before a round starts)
// so that on a 2-core machine as little client CPU as possible competes with the server being measured.
import { Agent, request } from "node:http";
import { toBytes } from "../src/crypto/srpPrimitives.js";
import { formatSrpTimestamp } from "../src/crypto/srpTimestamp.js";
import {
  createClientEphemeral,
  passwordAuthenticationKey,
  passwordClaimSignature,
  passwordVerifierResponses,
  srpAHex,
  type ClientEphemeral,
} from "../test/support/srpClient.js";

export interface BenchClient {
  call(op: string, body: unknown): Promise<Record<string, any>>;
  close(): void;
}

/** A client with `sockets` keep-alive connections to `url`. */
export function benchClient(url: string, sockets: number): BenchClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(url);
  return {
    call(op, body) {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: hostname,
            port,
            method: "POST",
            path: "/",
            agent,
            headers: {
              "content-type": "application/x-amz-json-1.1",
              "x-amz-target": `AWSCognitoIdentityProviderService.${op}`,
              "content-length": Buffer.byteLength(payload),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, any>;
              if (res.statusCode === 200) resolve(json);
              else reject(new Error(`${op}: ${json.__type}: ${json.message}`));
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

export interface SignInTarget {
  clientId: string;
  poolName: string;
  username: string;
  password: string;
}

/** Client ephemerals (a, A = g^a) made ahead of a timed round: they do not depend on the server. */
export function ephemerals(count: number): ClientEphemeral[] {
  // 32-byte a instead of the clients' 128: the server's work is the same, the client's is 4x smaller.
  return Array.from({ length: count }, () => createClientEphemeral({ aBytes: 32 }));
}

/**
 * InitiateAuth USER_SRP_AUTH, then RespondToAuthChallenge PASSWORD_VERIFIER (with DEVICE_KEY when
 * given): the server's answer, tokens or the next challenge.
 */
async function passwordVerifier(
  client: BenchClient,
  t: SignInTarget,
  ephemeral: ClientEphemeral,
  deviceKey?: string,
): Promise<Record<string, any>> {
  const started = await client.call("InitiateAuth", {
    AuthFlow: "USER_SRP_AUTH",
    ClientId: t.clientId,
    AuthParameters: {
      USERNAME: t.username,
      SRP_A: srpAHex(ephemeral),
      ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
    },
  });
  const ChallengeResponses = passwordVerifierResponses({
    poolName: t.poolName,
    password: t.password,
    ephemeral,
    challengeParameters: started.ChallengeParameters,
  });
  return client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeResponses: { ...ChallengeResponses, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
  });
}

function tokens(done: Record<string, any>, flow: string): Record<string, any> {
  if (!done.AuthenticationResult?.IdToken || !done.AuthenticationResult?.RefreshToken)
    throw new Error(`${flow} did not return tokens: ${done.ChallengeName ?? "no challenge either"}`);
  return done.AuthenticationResult;
}

function expectChallenge(r: Record<string, any>, name: string): void {
  if (r.ChallengeName !== name || !r.Session) throw new Error(`expected ${name}, got ${r.ChallengeName ?? "tokens"}`);
}

/** One SRP sign-in: InitiateAuth USER_SRP_AUTH, then RespondToAuthChallenge PASSWORD_VERIFIER. */
export async function srpSignIn(
  client: BenchClient,
  t: SignInTarget,
  ephemeral: ClientEphemeral,
): Promise<Record<string, any>> {
  return tokens(await passwordVerifier(client, t, ephemeral), "SRP sign-in");
}

/** An SRP sign-in answered with the authenticator app's `code()` at SOFTWARE_TOKEN_MFA. */
export async function totpSignIn(
  client: BenchClient,
  t: SignInTarget,
  ephemeral: ClientEphemeral,
  code: () => string,
): Promise<Record<string, any>> {
  const mfa = await passwordVerifier(client, t, ephemeral);
  expectChallenge(mfa, "SOFTWARE_TOKEN_MFA");
  const done = await client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "SOFTWARE_TOKEN_MFA",
    Session: mfa.Session,
    ChallengeResponses: { USERNAME: mfa.ChallengeParameters.USER_ID_FOR_SRP, SOFTWARE_TOKEN_MFA_CODE: code() },
  });
  return tokens(done, "TOTP sign-in");
}

export interface DeviceTarget extends SignInTarget {
  deviceKey: string;
  groupKey: string;
  devicePassword: string;
}

/**
 * An SRP sign-in from a remembered device, as amazon-cognito-identity-js makes it: PASSWORD_VERIFIER
 * with DEVICE_KEY, then DEVICE_SRP_AUTH (a second SRP_A) and DEVICE_PASSWORD_VERIFIER, whose proof is
 * HMAC(K, groupKey | deviceKey | SECRET_BLOCK | TIMESTAMP): the user SRP with the group key as the
 * pool name and the device key as the user.
 */
export async function deviceSignIn(
  client: BenchClient,
  t: DeviceTarget,
  ephemeral: ClientEphemeral,
  deviceEphemeral: ClientEphemeral,
): Promise<Record<string, any>> {
  const srpAuth = await passwordVerifier(client, t, ephemeral, t.deviceKey);
  expectChallenge(srpAuth, "DEVICE_SRP_AUTH");
  const username = srpAuth.ChallengeParameters?.USERNAME ?? t.username;
  const verifier = await client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "DEVICE_SRP_AUTH",
    Session: srpAuth.Session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: t.deviceKey, SRP_A: srpAHex(deviceEphemeral) },
  });
  expectChallenge(verifier, "DEVICE_PASSWORD_VERIFIER");
  const p = verifier.ChallengeParameters as Record<string, string>;
  const key = passwordAuthenticationKey({
    poolName: t.groupKey,
    userId: t.deviceKey,
    password: t.devicePassword,
    salt: toBytes(BigInt(`0x${p.SALT}`)),
    B: toBytes(BigInt(`0x${p.SRP_B}`)),
    ephemeral: deviceEphemeral,
  });
  const timestamp = formatSrpTimestamp(new Date());
  const signature = passwordClaimSignature({
    key,
    poolName: t.groupKey,
    userId: t.deviceKey,
    secretBlock: Buffer.from(p.SECRET_BLOCK!, "base64"),
    timestamp,
  });
  const done = await client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "DEVICE_PASSWORD_VERIFIER",
    Session: verifier.Session,
    ChallengeResponses: {
      USERNAME: username,
      DEVICE_KEY: t.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature.toString("base64"),
      TIMESTAMP: timestamp,
    },
  });
  return tokens(done, "remembered-device sign-in");
}
