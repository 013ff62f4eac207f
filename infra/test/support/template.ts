import { readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import { inject } from "vitest";
import type { TemplateVariant } from "./globalSetup.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Description?: string }>;
}

const shared = new Map<TemplateVariant, Template>();
/** A test stack synthesized once in globalSetup: TEST_CONTEXT ("default") or TEST_CONTEXT + ALTERNATE_CONTEXT. */
export function sharedTemplate(variant: TemplateVariant = "default"): Template {
  let t = shared.get(variant);
  if (!t) {
    t = Template.fromJSON(
      JSON.parse(readFileSync(inject("templateFiles")[variant], "utf8")) as Record<string, unknown>,
    );
    shared.set(variant, t);
  }
  return t;
}

export function resourcesOfType(template: Template, type: string): [string, CfnResource][] {
  return Object.entries((template.toJSON() as CfnTemplate).Resources).filter(([, r]) => r.Type === type);
}

/** The single resource of `type` (fails when there are none or several). */
export function onlyResource(template: Template, type: string): [string, CfnResource] {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0] as [string, CfnResource];
}

/**
 * Resolves the intrinsics CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split) against fake
 * physical values, the way CloudFormation would at deploy time. Unknown references throw, so a test
 * never silently compares an unresolved token.
 */
export function resolveCfn(value: Json, physical: Record<string, string>): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || Array.isArray(value)) throw new Error(`cannot resolve ${JSON.stringify(value)} to a string`);
  const [key, arg] = Object.entries(value)[0] ?? [];
  switch (key) {
    case "Ref": {
      const v = physical[arg as string];
      if (v === undefined) throw new Error(`no physical value for Ref ${String(arg)}`);
      return v;
    }
    case "Fn::GetAtt": {
      const [logicalId, attr] = arg as [string, string];
      const v = physical[`${logicalId}.${attr}`];
      if (v === undefined) throw new Error(`no physical value for GetAtt ${logicalId}.${attr}`);
      return v;
    }
    case "Fn::Join": {
      const [sep, parts] = arg as [string, Json[]];
      return parts.map((p) => resolveCfn(p, physical)).join(sep);
    }
    default:
      throw new Error(`unsupported intrinsic ${String(key)}`);
  }
}
