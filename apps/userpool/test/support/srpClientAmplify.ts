// aws-amplify v6's own SRP code (@aws-amplify/auth srp/*), the second oracle next to
// amazon-cognito-identity-js: Amplify is what the web app signs in with. Its package exports hide these
// modules, so they are loaded by file path from the installed package; only the members we call are typed.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

interface AmplifyBig {
  toString(radix: number): string;
}
type AmplifyBigCtor = new (value: string, radix: number) => AmplifyBig;
interface AmplifyHelper {
  getPasswordAuthenticationKey(i: {
    username: string;
    password: string;
    serverBValue: AmplifyBig;
    salt: AmplifyBig;
  }): Promise<Uint8Array>;
}

function load() {
  let authDir: string;
  try {
    authDir = dirname(require.resolve("@aws-amplify/auth/package.json"));
  } catch {
    throw new Error(
      "@aws-amplify/auth is not installed: run `npm ci` at the repository root (it comes with aws-amplify)",
    );
  }
  const srpDir = join(authDir, "dist/cjs/providers/cognito/utils/srp");
  return {
    BigInteger: (require(join(srpDir, "BigInteger/index.js")) as { BigInteger: AmplifyBigCtor }).BigInteger,
    AuthenticationHelper: (
      require(join(srpDir, "AuthenticationHelper/index.js")) as {
        AuthenticationHelper: new (i: {
          userPoolName: string;
          a: AmplifyBig;
          g: AmplifyBig;
          A: AmplifyBig;
          N: AmplifyBig;
        }) => AmplifyHelper;
      }
    ).AuthenticationHelper,
    calculateA: (
      require(join(srpDir, "calculate/index.js")) as {
        calculateA(i: { a: AmplifyBig; g: AmplifyBig; N: AmplifyBig }): Promise<AmplifyBig>;
      }
    ).calculateA,
    INIT_N: (require(join(srpDir, "constants.js")) as { INIT_N: string }).INIT_N,
    ...(require(join(srpDir, "index.js")) as {
      getNowString(): string;
      getSignatureString(i: {
        userPoolName: string;
        username: string;
        challengeParameters: Record<string, string>;
        dateNow: string;
        hkdf: Uint8Array;
      }): string;
    }),
  };
}

let amplify: ReturnType<typeof load> | undefined;
const lib = () => (amplify ??= load());

/** Amplify's TIMESTAMP for now. */
export function amplifyNowString(): string {
  return lib().getNowString();
}

/**
 * Amplify's sign-in client side with a chosen secret `a`: SRP_A as Amplify sends it, then the
 * PASSWORD_VERIFIER ChallengeResponses built exactly as handlePasswordVerifierChallenge builds them.
 */
export async function amplifySrpClient(userPoolName: string, a: Buffer) {
  const { BigInteger, AuthenticationHelper, calculateA, INIT_N, getNowString, getSignatureString } = lib();
  const N = new BigInteger(INIT_N, 16);
  const g = new BigInteger("2", 16);
  const aBig = new BigInteger(a.toString("hex"), 16);
  const A = await calculateA({ a: aBig, g, N });
  const helper = new AuthenticationHelper({ userPoolName, a: aBig, g, A, N });
  return {
    srpA: A.toString(16),
    async respond(password: string, challengeParameters: Record<string, string>, dateNow = getNowString()) {
      const username = challengeParameters.USER_ID_FOR_SRP!;
      const hkdf = await helper.getPasswordAuthenticationKey({
        username,
        password,
        serverBValue: new BigInteger(challengeParameters.SRP_B!, 16),
        salt: new BigInteger(challengeParameters.SALT!, 16),
      });
      return {
        key: Buffer.from(hkdf),
        responses: {
          USERNAME: username,
          PASSWORD_CLAIM_SECRET_BLOCK: challengeParameters.SECRET_BLOCK!,
          TIMESTAMP: dateNow,
          PASSWORD_CLAIM_SIGNATURE: getSignatureString({ userPoolName, username, challengeParameters, dateNow, hkdf }),
        },
      };
    },
  };
}
