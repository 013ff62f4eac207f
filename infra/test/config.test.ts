import { describe, expect, it } from "vitest";
import { DEFAULT_EB_SOLUTION_STACK, InfraConfigError, readInfraConfig } from "../src/config.js";
import { TEST_CONTEXT } from "./support/synth.js";

const read = (extra: Record<string, unknown> = {}) => readInfraConfig({ ...TEST_CONTEXT, ...extra });
const problemsOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InfraConfigError);
    return (err as Error).message;
  }
  throw new Error("expected an InfraConfigError");
};

describe("readInfraConfig", () => {
  it("parses the test context with documented defaults", () => {
    const config = read();
    expect(config).toMatchObject({
      domainPrefix: "authhub-test",
      githubOwner: "acme",
      githubRepo: "authhub",
      githubBranch: "main",
      preTokenGenerationV2: false,
      allowLocalhost: true,
      allowImplicitGrant: false,
      callbackPath: "/",
      callbackUrls: ["https://app.example.com/"],
      apiTokenUse: "id",
      dbInstanceClass: "t4g.micro",
      natGateways: 1,
      retainData: true,
      ebSolutionStack: DEFAULT_EB_SOLUTION_STACK,
    });
  });

  it("accepts JSON values from cdk.json as well as strings from -c", () => {
    const config = read({
      preTokenGenerationV2: true,
      apiTokenUse: "access",
      natGateways: 2,
      callbackUrls: ["https://a.example.com/cb", "http://localhost:5173/"],
    });
    expect(config).toMatchObject({
      preTokenGenerationV2: true,
      natGateways: 2,
      callbackUrls: ["https://a.example.com/cb", "http://localhost:5173/"],
    });
  });

  it("names every missing required value at once", () => {
    const message = problemsOf(() => readInfraConfig({}));
    for (const key of [
      "domainPrefix",
      "googleClientId",
      "googleClientSecretName",
      "codestarConnectionArn",
      "githubRepo",
    ])
      expect(message).toContain(`"${key}"`);
  });

  it.each([
    [{ domainPrefix: "My_Pool" }, "domainPrefix"],
    [{ domainPrefix: "authhub-cognito" }, "domainPrefix"],
    [{ githubRepo: "just-a-name" }, "githubRepo"],
    [{ codestarConnectionArn: "arn:aws:iam::123456789012:role/x" }, "codestarConnectionArn"],
    [{ callbackUrls: "http://app.example.com/" }, "callbackUrls"],
    [{ preTokenGenerationV2: "yes" }, "preTokenGenerationV2"],
    [{ natGateways: "0" }, "natGateways"],
    [{ apiTokenUse: "access" }, "preTokenGenerationV2"],
    [{ apiCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x" }, "apiOriginDomainName"],
    [{ ebMinInstances: "3", ebMaxInstances: "2" }, "ebMaxInstances"],
    [{ callbackPath: "callback" }, "callbackPath"],
  ])("rejects %j, naming %s", (extra, key) => {
    expect(problemsOf(() => read(extra))).toContain(`"${key}"`);
  });
});
