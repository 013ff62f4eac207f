// The benchmark's client: AWS JSON 1.1 calls over keep-alive HTTP/1.1 and the client half of an SRP
// sign-in. Kept light on purpose (node:http rather than fetch, A = g^a computed before a round starts)
// so that on a 2-core machine as little client CPU as possible competes with the server being measured.
import { Agent, request } from "node:http";
import {
  createClientEphemeral,
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

/** One SRP sign-in: InitiateAuth USER_SRP_AUTH, then RespondToAuthChallenge PASSWORD_VERIFIER. */
export async function srpSignIn(
  client: BenchClient,
  t: SignInTarget,
  ephemeral: ClientEphemeral,
): Promise<Record<string, any>> {
  const started = await client.call("InitiateAuth", {
    AuthFlow: "USER_SRP_AUTH",
    ClientId: t.clientId,
    AuthParameters: { USERNAME: t.username, SRP_A: srpAHex(ephemeral) },
  });
  const ChallengeResponses = passwordVerifierResponses({
    poolName: t.poolName,
    password: t.password,
    ephemeral,
    challengeParameters: started.ChallengeParameters,
  });
  const done = await client.call("RespondToAuthChallenge", {
    ClientId: t.clientId,
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeResponses,
  });
  if (!done.AuthenticationResult?.IdToken || !done.AuthenticationResult?.RefreshToken)
    throw new Error("sign-in did not return tokens");
  return done.AuthenticationResult;
}
