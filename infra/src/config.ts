/**
 * Deployment settings, read from CDK context (cdk.json, `-c key=value`, or ~/.cdk.json) and validated
 * before any construct is created, so a bad value fails `cdk synth` with the option's name.
 *
 * Context values passed with `-c` arrive as strings, so booleans, numbers and lists accept both
 * their JSON form (from cdk.json) and a string form ("true", "2", "a,b").
 */
export interface InfraConfig {
  /** Cognito hosted-domain prefix: https://<prefix>.auth.<region>.amazoncognito.com (globally unique per region). */
  domainPrefix: string;
  /** Google OAuth client ID (public). */
  googleClientId: string;
  /** Name (or ARN) of the Secrets Manager secret that holds the Google client secret. */
  googleClientSecretName: string;
  /** JSON field inside that secret, when the secret is a JSON object rather than a plain string. */
  googleClientSecretField: string | undefined;
  /** ARN of the CodeStar (CodeConnections) connection to GitHub. */
  codestarConnectionArn: string;
  githubOwner: string;
  githubRepo: string;
  githubBranch: string;
  /** Wire the trigger as a V2 Pre Token Generation event (needs the Essentials feature plan). */
  preTokenGenerationV2: boolean;
  /** Extra callback / sign-out URLs besides the CloudFront web URL. */
  callbackUrls: string[];
  logoutUrls: string[];
  /** Adds http://localhost:3000/ to the callback and sign-out URLs, for a local web app against real Cognito. */
  allowLocalhost: boolean;
  /** Path on the web origin that Cognito redirects to after sign-in and sign-out. */
  callbackPath: string;
  allowImplicitGrant: boolean;
  /** Which token the API accepts: the tutorial sends the ID token (docs/conventions.md). */
  apiTokenUse: "id" | "access" | "any";
  dbInstanceClass: string;
  dbAllocatedStorageGiB: number;
  dbBackupRetentionDays: number;
  ebInstanceType: string;
  ebSolutionStack: string;
  ebMinInstances: number;
  ebMaxInstances: number;
  natGateways: number;
  /** Keep the user pool, the database (as a final snapshot) and the web bucket when the stack is deleted. */
  retainData: boolean;
  /** ACM certificate (in the stack's region) for an HTTPS listener on the API load balancer. */
  apiCertificateArn: string | undefined;
  /** DNS name that points at the API load balancer and matches apiCertificateArn; CloudFront then uses HTTPS to it. */
  apiOriginDomainName: string | undefined;
}

export class InfraConfigError extends Error {
  override name = "InfraConfigError";
}

/** Anything with CDK's `tryGetContext` (a construct node), or a plain record in tests. */
export type ContextSource = { tryGetContext(key: string): unknown } | Record<string, unknown>;

export const DEFAULT_EB_SOLUTION_STACK = "64bit Amazon Linux 2023 v6.10.0 running Node.js 24";

/** Reads and validates every option; reports all problems at once. */
export function readInfraConfig(source: ContextSource): InfraConfig {
  const get = (key: string): unknown =>
    typeof (source as { tryGetContext?: unknown }).tryGetContext === "function"
      ? (source as { tryGetContext(key: string): unknown }).tryGetContext(key)
      : (source as Record<string, unknown>)[key];
  const problems: string[] = [];

  const required = (key: string, hint: string): string => {
    const v = get(key);
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    problems.push(`context "${key}" is required (${hint})`);
    return "";
  };
  const optional = (key: string): string | undefined => {
    const v = get(key);
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") {
      problems.push(`context "${key}" must be a string`);
      return undefined;
    }
    return v.trim();
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null || v === "") return fallback;
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    problems.push(`context "${key}" must be true or false; got ${JSON.stringify(v)}`);
    return fallback;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = get(key);
    if (v === undefined || v === null || v === "") return fallback;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`context "${key}" must be an integer from ${min} to ${max}; got ${JSON.stringify(v)}`);
      return fallback;
    }
    return n;
  };
  const list = (key: string): string[] => {
    const v = get(key);
    if (v === undefined || v === null || v === "") return [];
    if (Array.isArray(v) && v.every((x) => typeof x === "string"))
      return v.map((x: string) => x.trim()).filter(Boolean);
    if (typeof v === "string")
      return v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
    problems.push(`context "${key}" must be a list of strings or a comma-separated string`);
    return [];
  };

  const domainPrefix = required("domainPrefix", "the Cognito hosted-domain prefix, e.g. authhub-yourname");
  // Cognito's rule for prefix domains: lowercase letters, digits and hyphens, not starting or ending with a hyphen,
  // and never containing "aws", "amazon" or "cognito".
  if (
    domainPrefix &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix) || /aws|amazon|cognito/.test(domainPrefix))
  ) {
    problems.push(
      'context "domainPrefix" must be lowercase letters, digits and hyphens (no "aws", "amazon" or "cognito"); ' +
        `got "${domainPrefix}"`,
    );
  }
  const googleClientId = required("googleClientId", "the OAuth client ID from Google Cloud console > Credentials");
  const googleClientSecretName = required(
    "googleClientSecretName",
    "the Secrets Manager secret holding the Google client secret",
  );
  const codestarConnectionArn = required(
    "codestarConnectionArn",
    "Developer Tools > Connections > your GitHub connection's ARN",
  );
  if (
    codestarConnectionArn &&
    !/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/.test(
      codestarConnectionArn,
    )
  ) {
    problems.push(
      'context "codestarConnectionArn" is not a CodeStar/CodeConnections connection ARN; ' +
        `got "${codestarConnectionArn}"`,
    );
  }
  const repo = required("githubRepo", 'the GitHub repository as "owner/name"');
  const [githubOwner = "", githubRepo = "", ...rest] = repo.split("/");
  if (repo && (!githubOwner || !githubRepo || rest.length > 0))
    problems.push(`context "githubRepo" must look like "owner/name"; got "${repo}"`);

  const callbackUrls = list("callbackUrls");
  const logoutUrls = list("logoutUrls");
  for (const [key, urls] of [
    ["callbackUrls", callbackUrls],
    ["logoutUrls", logoutUrls],
  ] as const) {
    for (const u of urls) {
      // Cognito accepts http only for localhost; anything else must be https.
      if (!/^https:\/\/[^\s]+$/.test(u) && !/^http:\/\/localhost(:\d+)?(\/[^\s]*)?$/.test(u)) {
        problems.push(`context "${key}" entry "${u}" must be an https URL (http is allowed only for localhost)`);
      }
    }
  }
  const callbackPath = optional("callbackPath") ?? "/";
  if (!callbackPath.startsWith("/")) problems.push(`context "callbackPath" must start with "/"; got "${callbackPath}"`);

  const apiTokenUse = optional("apiTokenUse") ?? "id";
  if (apiTokenUse !== "id" && apiTokenUse !== "access" && apiTokenUse !== "any") {
    problems.push(`context "apiTokenUse" must be id, access or any; got "${apiTokenUse}"`);
  }
  const preTokenGenerationV2 = bool("preTokenGenerationV2", false);
  if (preTokenGenerationV2 === false && apiTokenUse === "access") {
    // Only the V2 event can put db_user_id into access tokens (docs/conventions.md).
    problems.push(
      'context "apiTokenUse"="access" needs "preTokenGenerationV2"=true: ' +
        "only the V2 trigger event customises access tokens",
    );
  }

  const apiCertificateArn = optional("apiCertificateArn");
  const apiOriginDomainName = optional("apiOriginDomainName");
  if ((apiCertificateArn === undefined) !== (apiOriginDomainName === undefined)) {
    problems.push('contexts "apiCertificateArn" and "apiOriginDomainName" go together: set both or neither');
  }

  const ebMinInstances = int("ebMinInstances", 1, 1, 20);
  const ebMaxInstances = int("ebMaxInstances", 2, 1, 20);
  if (ebMaxInstances < ebMinInstances)
    problems.push(`context "ebMaxInstances" (${ebMaxInstances}) is below "ebMinInstances" (${ebMinInstances})`);

  const config: InfraConfig = {
    domainPrefix,
    googleClientId,
    googleClientSecretName,
    googleClientSecretField: optional("googleClientSecretField"),
    codestarConnectionArn,
    githubOwner,
    githubRepo,
    githubBranch: optional("githubBranch") ?? "main",
    preTokenGenerationV2,
    callbackUrls,
    logoutUrls,
    allowLocalhost: bool("allowLocalhost", false),
    callbackPath,
    allowImplicitGrant: bool("allowImplicitGrant", false),
    apiTokenUse: apiTokenUse as InfraConfig["apiTokenUse"],
    dbInstanceClass: optional("dbInstanceClass") ?? "t4g.micro",
    dbAllocatedStorageGiB: int("dbAllocatedStorageGiB", 20, 20, 1000),
    dbBackupRetentionDays: int("dbBackupRetentionDays", 7, 1, 35),
    ebInstanceType: optional("ebInstanceType") ?? "t4g.small",
    ebSolutionStack: optional("ebSolutionStack") ?? DEFAULT_EB_SOLUTION_STACK,
    ebMinInstances,
    ebMaxInstances,
    // A private subnet with egress needs at least one NAT gateway (docs/deploy.md, "Cost").
    natGateways: int("natGateways", 1, 1, 3),
    retainData: bool("retainData", true),
    apiCertificateArn,
    apiOriginDomainName,
  };
  if (problems.length > 0) {
    throw new InfraConfigError(
      `invalid deployment settings (see docs/deploy.md, "Context values"):\n  - ${problems.join("\n  - ")}`,
    );
  }
  return config;
}
