/**
 * Function references in LambdaConfig. Cognito takes Lambda ARNs; this server also takes a path to a
 * JavaScript module that exports `handler` (the local default, called in-process):
 *
 * - `arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]` → Lambda Invoke API
 * - `file:./handler.mjs`, `file:/abs/handler.mjs`, `file:///abs/handler.mjs`, `./handler.mjs`,
 *   `../x/handler.cjs`, `/abs/handler.js` → in-process module
 *
 * A relative module path in the config file is made absolute against the file's directory when the
 * file is loaded (see resolveFileConfigReferences); one set through Create/UpdateUserPool stays as
 * written and is resolved against the server's working directory at start. Which modules the API may
 * name at all is modulePolicy.ts's business.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type FunctionRef =
  | { kind: "module"; path: string; ref: string }
  | { kind: "lambda"; arn: string; region: string; functionName: string; ref: string };

// Lambda's own ARN shape (Invoke API reference, FunctionName pattern, full-ARN form).
const LAMBDA_ARN = new RegExp(
  "^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):" +
    "function:([a-zA-Z0-9_-]{1,64})(?::(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?$",
);
const MODULE_EXTENSION = /\.(?:mjs|cjs|js)$/;

/** Why a reference is not usable, or undefined when it is. */
export function referenceProblem(ref: string): string | undefined {
  if (ref.startsWith("arn:")) {
    return LAMBDA_ARN.test(ref)
      ? undefined
      : "must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)";
  }
  const path = modulePathOf(ref);
  if (path === undefined) return "must be a Lambda function ARN or a module path such as file:./triggers/handler.mjs";
  if (!MODULE_EXTENSION.test(path)) return "must name a .mjs, .cjs or .js module";
  return undefined;
}

/** Parses a reference that passed `referenceProblem`; relative module paths are resolved against `cwd`. */
export function parseReference(ref: string, cwd: string): FunctionRef {
  const arn = LAMBDA_ARN.exec(ref);
  if (arn) return { kind: "lambda", arn: ref, region: arn[1]!, functionName: arn[3]!, ref };
  const path = modulePathOf(ref);
  if (path === undefined) throw new Error(`not a function reference: ${ref}`);
  return { kind: "module", path: resolve(cwd, path), ref };
}

/** A relative module reference made absolute against `baseDir`, in the same notation; others unchanged. */
export function absoluteReference(ref: string, baseDir: string): string {
  if (ref.startsWith("arn:") || ref.startsWith("file://")) return ref;
  const path = modulePathOf(ref);
  if (path === undefined || isAbsolute(path)) return ref;
  return ref.startsWith("file:") ? `file:${resolve(baseDir, path)}` : resolve(baseDir, path);
}

function modulePathOf(ref: string): string | undefined {
  if (ref.startsWith("file://")) {
    try {
      return fileURLToPath(ref);
    } catch {
      return undefined;
    }
  }
  const path = ref.startsWith("file:") ? ref.slice("file:".length) : ref;
  // Plain paths must say they are paths, so a typo'd ARN is not taken for a file name.
  if (isAbsolute(path) || path.startsWith("./") || path.startsWith("../")) return path;
  if (ref.startsWith("file:") && path !== "" && !path.includes(":")) return path;
  return undefined;
}
