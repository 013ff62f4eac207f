import { describe, expect, it } from "vitest";
import { CognitoError } from "../errors/cognitoErrors.js";
import { normalizeLambdaConfig, resolveFileConfigReferences } from "./lambdaConfig.js";
import { absoluteReference, parseReference, referenceProblem } from "./reference.js";

const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:user-sync";

describe("function references", () => {
  it.each([
    [ARN, { kind: "lambda", region: "eu-west-1", functionName: "user-sync" }],
    [`${ARN}:live`, { kind: "lambda", region: "eu-west-1", functionName: "user-sync" }],
    [
      "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:$LATEST",
      { kind: "lambda", region: "cn-north-1", functionName: "f" },
    ],
    ["file:./t/handler.mjs", { kind: "module", path: "/base/t/handler.mjs" }],
    ["file:../handler.cjs", { kind: "module", path: "/handler.cjs" }],
    ["file:/abs/handler.js", { kind: "module", path: "/abs/handler.js" }],
    ["file:///abs/handler.mjs", { kind: "module", path: "/abs/handler.mjs" }],
    ["./handler.mjs", { kind: "module", path: "/base/handler.mjs" }],
    ["/abs/x/handler.mjs", { kind: "module", path: "/abs/x/handler.mjs" }],
  ])("%s is accepted and parsed", (ref, expected) => {
    expect(referenceProblem(ref)).toBeUndefined();
    expect(parseReference(ref, "/base")).toMatchObject(expected);
  });

  it.each([
    ["arn:aws:iam::123456789012:role/x", "Lambda function ARN"],
    ["arn:aws:lambda:us-east-1:123:function:f", "Lambda function ARN"],
    ["handler.mjs", "module path"],
    ["user-sync", "module path"],
    ["https://example.com/handler.mjs", "module path"],
    ["./handler.ts", ".mjs, .cjs or .js"],
    ["file:", "module path"],
  ])("%s is refused (%s)", (ref, why) => {
    expect(referenceProblem(ref)).toContain(why);
  });

  it("makes relative module references absolute in the notation they were written in", () => {
    expect(absoluteReference("file:./a/h.mjs", "/cfg")).toBe("file:/cfg/a/h.mjs");
    expect(absoluteReference("../h.cjs", "/cfg/dir")).toBe("/cfg/h.cjs");
    expect(absoluteReference("/abs/h.mjs", "/cfg")).toBe("/abs/h.mjs");
    expect(absoluteReference("file:///abs/h.mjs", "/cfg")).toBe("file:///abs/h.mjs");
    expect(absoluteReference(ARN, "/cfg")).toBe(ARN);
  });
});

describe("LambdaConfig", () => {
  it("PreTokenGeneration alone is V1_0, and DescribeUserPool then shows both members", () => {
    expect(normalizeLambdaConfig({ PreTokenGeneration: ARN })).toEqual({
      PreTokenGeneration: ARN,
      PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V1_0" },
    });
  });

  it("PreTokenGenerationConfig alone also sets PreTokenGeneration", () => {
    expect(normalizeLambdaConfig({ PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" } })).toEqual({
      PreTokenGeneration: ARN,
      PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" },
    });
  });

  it("the two must name the same function", () => {
    expect(() =>
      normalizeLambdaConfig({
        PreTokenGeneration: ARN,
        PreTokenGenerationConfig: { LambdaArn: "./other.mjs", LambdaVersion: "V2_0" },
      }),
    ).toThrow(
      "LambdaConfig.PreTokenGeneration and LambdaConfig.PreTokenGenerationConfig.LambdaArn must be the same function.",
    );
  });

  it("a bad reference is an InvalidParameterException naming the member", () => {
    let err: unknown;
    try {
      normalizeLambdaConfig({ PreSignUp: "not a function" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CognitoError);
    expect(err).toMatchObject({
      code: "InvalidParameterException",
      message: expect.stringMatching(/^LambdaConfig\.PreSignUp must be a Lambda function ARN or a module path/),
    });
    expect(() =>
      normalizeLambdaConfig({ PreTokenGenerationConfig: { LambdaArn: "x", LambdaVersion: "V1_0" } }),
    ).toThrow(/^LambdaConfig\.PreTokenGenerationConfig\.LambdaArn /);
  });

  it("other members pass through unchanged", () => {
    expect(normalizeLambdaConfig({ PreSignUp: ARN, KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/abc" })).toEqual({
      PreSignUp: ARN,
      KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/abc",
    });
  });

  it("a custom sender needs KMSKeyID, a key ARN, and a valid function reference", () => {
    const KEY = "arn:aws:kms:us-east-1:123456789012:key/abc";
    const sender = { LambdaArn: ARN, LambdaVersion: "V1_0" as const };
    expect(normalizeLambdaConfig({ CustomSMSSender: sender, KMSKeyID: KEY })).toEqual({
      CustomSMSSender: sender,
      KMSKeyID: KEY,
    });
    expect(() => normalizeLambdaConfig({ CustomEmailSender: sender })).toThrow(
      "LambdaConfig.KMSKeyID is required when LambdaConfig.CustomEmailSender or LambdaConfig.CustomSMSSender is set.",
    );
    expect(() =>
      normalizeLambdaConfig({ CustomEmailSender: sender, KMSKeyID: "arn:aws:kms:us-east-1:123456789012:alias/a" }),
    ).toThrow(/^LambdaConfig\.KMSKeyID must be the ARN of a symmetric KMS key/);
    expect(() => normalizeLambdaConfig({ CustomEmailSender: { ...sender, LambdaArn: "x" }, KMSKeyID: KEY })).toThrow(
      /^LambdaConfig\.CustomEmailSender\.LambdaArn /,
    );
  });

  it("a config file's relative module paths become absolute against the file's directory", () => {
    const cfg = {
      UserPools: [
        {
          Id: "a",
          LambdaConfig: {
            PreSignUp: "./pre.mjs",
            PostConfirmation: ARN,
            PreTokenGenerationConfig: { LambdaArn: "file:../sync/index.mjs", LambdaVersion: "V2_0" as const },
            CustomEmailSender: { LambdaArn: "./sender.mjs", LambdaVersion: "V1_0" as const },
            CustomSMSSender: { LambdaArn: ARN, LambdaVersion: "V1_0" as const },
          },
        },
        { Id: "b" },
      ],
    };
    expect(resolveFileConfigReferences(cfg, "/repo/apps/userpool/examples")).toEqual({
      UserPools: [
        {
          Id: "a",
          LambdaConfig: {
            PreSignUp: "/repo/apps/userpool/examples/pre.mjs",
            PostConfirmation: ARN,
            PreTokenGenerationConfig: { LambdaArn: "file:/repo/apps/userpool/sync/index.mjs", LambdaVersion: "V2_0" },
            CustomEmailSender: { LambdaArn: "/repo/apps/userpool/examples/sender.mjs", LambdaVersion: "V1_0" },
            CustomSMSSender: { LambdaArn: ARN, LambdaVersion: "V1_0" },
          },
        },
        { Id: "b" },
      ],
    });
  });
});
