import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { sharedTemplate, type CfnTemplate, type Json } from "./support/template.js";

/**
 * AWS managed policies the stack may attach, each for a stated reason. Anything else fails the test,
 * which is how AmazonRDSFullAccess (the tutorial's choice) and AdministratorAccess-AWSElasticBeanstalk
 * (CDK's default for the EB deploy action) stay out.
 */
const ALLOWED_MANAGED_POLICIES: Record<string, string> = {
  "service-role/AWSLambdaVPCAccessExecutionRole": "trigger: ENIs in the VPC and its own logs",
  AWSElasticBeanstalkWebTier: "EB instances: log streaming, X-Ray, the EB bucket",
  "service-role/AWSElasticBeanstalkEnhancedHealth": "EB service role: enhanced health reporting",
};

interface Statement {
  Effect: "Allow" | "Deny";
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Principal?: Json;
}

/** Every policy statement anywhere in the template (identity policies, inline role policies, resource policies). */
function allStatements(template: Template): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  const walk = (node: Json, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        walk(n, `${path}[${i}]`);
      });
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "Statement" && Array.isArray(value)) {
        value.forEach((s, i) => {
          found.push({ where: `${path}.Statement[${i}]`, statement: s as unknown as Statement });
        });
      } else walk(value, `${path}.${key}`);
    }
  };
  for (const [id, resource] of Object.entries((template.toJSON() as CfnTemplate).Resources))
    walk((resource.Properties ?? {}) as Json, id);
  return found;
}

const asList = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** "*" or "service:*": a grant of every action (prefix patterns like s3:GetObject* stay scoped to one verb family). */
const isWildcardAction = (action: Json) => typeof action === "string" && (action === "*" || /^[\w-]+:\*$/.test(action));

function managedPolicyNames(template: Template): { where: string; name: string }[] {
  const names: { where: string; name: string }[] = [];
  for (const [id, resource] of Object.entries((template.toJSON() as CfnTemplate).Resources)) {
    for (const arn of asList(resource.Properties?.ManagedPolicyArns)) {
      const text = typeof arn === "string" ? arn : JSON.stringify(arn);
      const match = /:iam::aws:policy\/([\w+=,.@/-]+)/.exec(text.replace(/","|\\"|"/g, ""));
      names.push({ where: id, name: match?.[1] ?? `(not an AWS managed policy: ${text})` });
    }
  }
  return names;
}

describe.each([
  ["default settings", () => sharedTemplate()],
  ["every option flipped (V2 trigger, HTTPS origin, no retention)", () => sharedTemplate("alternate")],
])("least privilege with %s", (_name, template) => {
  let t: Template;
  const get = () => (t ??= template());

  it("finds the policies it is checking (the scan is not vacuous)", () => {
    expect(allStatements(get()).length).toBeGreaterThan(20);
    expect(managedPolicyNames(get()).length).toBeGreaterThanOrEqual(3);
  });

  it("grants no '*' or 'service:*' action, and uses no NotAction allow", () => {
    const offenders = allStatements(get())
      .filter(({ statement }) => statement.Effect === "Allow")
      .filter(({ statement }) => statement.NotAction !== undefined || asList(statement.Action).some(isWildcardAction))
      .map(
        ({ where, statement }) => `${where}: ${JSON.stringify(statement.Action ?? { NotAction: statement.NotAction })}`,
      );
    expect(offenders).toEqual([]);
  });

  it("lets no resource policy allow an anonymous principal", () => {
    const offenders = allStatements(get())
      .filter(({ statement }) => statement.Effect === "Allow" && statement.Principal !== undefined)
      .filter(
        ({ statement }) =>
          JSON.stringify(statement.Principal) === '"*"' || JSON.stringify(statement.Principal).includes('"AWS":"*"'),
      )
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });

  it("attaches only allow-listed AWS managed policies (no AmazonRDSFullAccess, *FullAccess or Administrator)", () => {
    const names = managedPolicyNames(get());
    expect(names.filter(({ name }) => /FullAccess|Administrator|PowerUser/i.test(name))).toEqual([]);
    expect(names.filter(({ name }) => !(name in ALLOWED_MANAGED_POLICIES))).toEqual([]);
  });

  it("scopes secretsmanager:GetSecretValue to the database secret", () => {
    const grants = allStatements(get()).filter(({ statement }) =>
      asList(statement.Action).includes("secretsmanager:GetSecretValue"),
    );
    expect(grants.length).toBe(2); // the trigger and the EB instances
    for (const { statement } of grants)
      expect(JSON.stringify(statement.Resource)).toMatch(/^\{"Ref":"DatabasePostgresSecretAttachment\w+"\}$/);
  });
});

describe("the wildcard detector", () => {
  it("flags full wildcards and passes scoped actions", () => {
    expect(["*", "s3:*", "rds:*", "elasticloadbalancing:*"].every(isWildcardAction)).toBe(true);
    expect(["s3:GetObject", "s3:GetObject*", "logs:PutLogEvents", "ec2:Describe*"].some(isWildcardAction)).toBe(false);
  });
});
