// "The floor": the least a Node.js server can do for the benchmark's sign-ins and refreshes, so that
// bench/run.ts can show how much of the user pool's cost above the bound is the platform (HTTP on
// node:http, JSON, a real SQLite database, sealing) and how much is the user pool's own code.
//
// It speaks just enough of the protocol for bench/client.ts: SignUp (no checks), InitiateAuth
// USER_SRP_AUTH, RespondToAuthChallenge PASSWORD_VERIFIER and GetTokensFromRefreshToken, with the
// same SRP math (src/crypto/srp.ts), the same sealing (src/crypto/envelope.ts), an encrypted verifier,
// a single-use challenge, a hashed refresh token and two RS256 tokens, on better-sqlite3 prepared
// statements run directly (WAL, synchronous NORMAL, as the server's).
//
// It leaves out everything that makes the user pool a product: input validation, request logging,
// client and pool settings, SECRET_HASH, lockout, groups, triggers, revocation checks, the storage
// layer that runs the same code on PostgreSQL, and Cognito's error contract. NOT a server to use.
//
// Started by bench/run.ts over the same IPC as serverProcess.ts.
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createDataCrypto } from "../src/crypto/envelope.js";
import {
  computeVerifier,
  fromHex,
  newSalt,
  startServerSession,
  toHex,
  verifyClaimSignature,
} from "../src/crypto/srp.js";
import { cryptoRandom } from "../src/random.js";
import { measureRs256, measureSrpMath } from "./bound.js";

const POOL_ID = "us-east-1_AuthHub01";
const POOL_NAME = "AuthHub01";
const ISSUER = `http://localhost:9229/${POOL_ID}`;
const BLOCK_AAD = `srp-secret-block|${POOL_ID}`;

const crypto = createDataCrypto(cryptoRandom.bytes(32), cryptoRandom);
const dir = mkdtempSync(join(tmpdir(), "userpool-floor-"));
const db = new Database(join(dir, "floor.db"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  `
  create table users (id text primary key, attributes text not null, srp_salt text not null, ` +
    `verifier_enc text not null);
  create table aliases (alias text primary key, user_id text not null);
  create table answered (expires_at integer, id text, primary key (expires_at, id)) without rowid;
  create table refresh_tokens (hash text primary key, user_id text not null, origin_jti text not null, ` +
    `auth_time integer not null, expires_at integer not null);
  create index refresh_tokens_user on refresh_tokens (user_id);
`,
);
const q = {
  insertUser: db.prepare("insert into users values (?, ?, ?, ?)"),
  insertAlias: db.prepare("insert into aliases values (?, ?)"),
  userByAlias: db.prepare("select u.* from aliases a join users u on u.id = a.user_id where a.alias = ?"),
  userById: db.prepare("select * from users where id = ?"),
  markAnswered: db.prepare("insert into answered values (?, ?) on conflict do nothing returning id"),
  insertRefresh: db.prepare("insert into refresh_tokens values (?, ?, ?, ?, ?)"),
  refreshByHash: db.prepare("select * from refresh_tokens where hash = ?"),
};
interface User {
  id: string;
  attributes: string;
  srp_salt: string;
  verifier_enc: string;
}
interface Refresh {
  user_id: string;
  origin_jti: string;
  auth_time: number;
  expires_at: number;
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");
function jwt(kid: string, claims: Record<string, unknown>): string {
  const input = `${b64url(JSON.stringify({ kid, alg: "RS256" }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}
const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

class Refused extends Error {}

function tokens(user: User, clientId: string, originJti: string, authTime: number) {
  const now = Math.floor(Date.now() / 1000);
  const common = {
    sub: user.id,
    iss: ISSUER,
    origin_jti: originJti,
    event_id: randomUUID(),
    auth_time: authTime,
    iat: now,
    exp: now + 3600,
  };
  return {
    IdToken: jwt("id", {
      ...common,
      ...JSON.parse(user.attributes),
      aud: clientId,
      token_use: "id",
      "cognito:username": user.id,
      jti: randomUUID(),
    }),
    AccessToken: jwt("access", {
      ...common,
      client_id: clientId,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      jti: randomUUID(),
      username: user.id,
    }),
    ExpiresIn: 3600,
    TokenType: "Bearer",
  };
}

const operations: Record<string, (body: any) => unknown> = {
  SignUp(body) {
    const id = randomUUID();
    const salt = newSalt();
    const verifier = computeVerifier({ poolName: POOL_NAME, userId: id, password: body.Password, salt });
    q.insertUser.run(
      id,
      JSON.stringify({ email: body.Username, email_verified: "true" }),
      toHex(salt),
      crypto.encrypt(verifier, `verifier|${id}`),
    );
    q.insertAlias.run(body.Username, id);
    return { UserConfirmed: true, UserSub: id };
  },
  InitiateAuth(body) {
    const user = q.userByAlias.get(body.AuthParameters.USERNAME) as User | undefined;
    if (!user) throw new Refused();
    const { B, key } = startServerSession(
      crypto.decrypt(user.verifier_enc, `verifier|${user.id}`),
      fromHex(body.AuthParameters.SRP_A),
      cryptoRandom.bytes,
    );
    if (!key) throw new Refused();
    // ID, expiry, K, user ID; padded to 1 KiB as the server's.
    const block = Buffer.alloc(1024);
    cryptoRandom.bytes(16).copy(block, 0);
    block.writeDoubleBE(Date.now() + 180_000, 16);
    key.copy(block, 24);
    block.write(user.id, 40, "latin1");
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: {
        SALT: user.srp_salt,
        SECRET_BLOCK: crypto.seal(block, BLOCK_AAD).toString("base64"),
        SRP_B: toHex(B),
        USERNAME: user.id,
        USER_ID_FOR_SRP: user.id,
      },
    };
  },
  RespondToAuthChallenge(body) {
    const r = body.ChallengeResponses;
    const sealed = Buffer.from(r.PASSWORD_CLAIM_SECRET_BLOCK, "base64");
    const block = crypto.open(sealed, BLOCK_AAD);
    const userId = block.toString("latin1", 40, 76);
    const expiresAt = block.readDoubleBE(16);
    const signature = Buffer.from(r.PASSWORD_CLAIM_SIGNATURE, "base64");
    if (
      expiresAt <= Date.now() ||
      !verifyClaimSignature({
        key: block.subarray(24, 40),
        poolName: POOL_NAME,
        userId,
        secretBlock: sealed,
        timestamp: r.TIMESTAMP,
        signature,
      })
    )
      throw new Refused();
    if (!q.markAnswered.get(expiresAt, block.toString("hex", 0, 16))) throw new Refused();
    const user = q.userById.get(userId) as User;
    const refreshToken = cryptoRandom.bytes(32).toString("base64url");
    const originJti = randomUUID();
    const authTime = Math.floor(Date.now() / 1000);
    q.insertRefresh.run(sha256(refreshToken), userId, originJti, authTime, authTime + 30 * 86_400);
    return {
      ChallengeParameters: {},
      AuthenticationResult: { ...tokens(user, body.ClientId, originJti, authTime), RefreshToken: refreshToken },
    };
  },
  GetTokensFromRefreshToken(body) {
    const row = q.refreshByHash.get(sha256(body.RefreshToken)) as Refresh | undefined;
    if (!row || row.expires_at <= Date.now() / 1000) throw new Refused();
    return {
      AuthenticationResult: tokens(q.userById.get(row.user_id) as User, body.ClientId, row.origin_jti, row.auth_time),
    };
  },
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const op = operations[String(req.headers["x-amz-target"]).slice("AWSCognitoIdentityProviderService.".length)];
    let status = 200;
    let payload: string;
    try {
      if (!op) throw new Refused();
      payload = JSON.stringify(op(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    } catch {
      status = 400;
      payload = '{"__type":"NotAuthorizedException","message":"Incorrect username or password."}';
    }
    res.writeHead(status, {
      "Content-Type": "application/x-amz-json-1.1",
      "Content-Length": Buffer.byteLength(payload),
      "x-amzn-RequestId": randomUUID(),
    });
    res.end(payload);
  });
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.send!({ ready: `http://127.0.0.1:${port}` });
});
process.on("message", (m: unknown) => {
  if (m === "cpu") process.send!({ cpu: process.cpuUsage() });
  if (typeof m === "object" && m !== null && "bound" in m) {
    const n = (m as { bound: number }).bound;
    void measureSrpMath(n).then((srp) => process.send!({ srpMs: srp.msPerOp, rsaMs: measureRs256(n).msPerOp }));
  }
  if (m === "stop")
    server.close(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
});
