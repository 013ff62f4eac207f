/**
 * Trigger references as the userpool takes them (apps/userpool/src/triggers/reference.ts): a Lambda function ARN,
 * or a path to a JavaScript module run in-process (`file:./x.mjs`, `./x.mjs`, `/abs/x.js`).
 */
export const TRIGGERS = [
  { name: "PreSignUp", label: "Pre sign-up" },
  { name: "PostConfirmation", label: "Post confirmation" },
  { name: "PreAuthentication", label: "Pre authentication" },
  { name: "PostAuthentication", label: "Post authentication" },
  { name: "PreTokenGeneration", label: "Pre token generation" },
  { name: "CustomMessage", label: "Custom message" },
  { name: "UserMigration", label: "User migration" },
  { name: "DefineAuthChallenge", label: "Define auth challenge" },
  { name: "CreateAuthChallenge", label: "Create auth challenge" },
  { name: "VerifyAuthChallengeResponse", label: "Verify auth challenge response" },
] as const;
export type TriggerName = (typeof TRIGGERS)[number]["name"];

// Lambda's full-ARN form (Invoke API reference, FunctionName), as the server checks it.
const LAMBDA_ARN = new RegExp(
  "^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:" +
    "function:[a-zA-Z0-9_-]{1,64}(?::(?:\\$LATEST|[a-zA-Z0-9_-]{1,128}))?$",
);

/** Why a reference would be refused, or undefined when it is a Lambda ARN or a module path (or empty: no trigger). */
export function triggerProblem(ref: string): string | undefined {
  if (ref === "") return undefined;
  if (ref.startsWith("arn:")) {
    return LAMBDA_ARN.test(ref)
      ? undefined
      : "Enter a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>";
  }
  const path = ref.startsWith("file:") ? ref.slice(5) : ref;
  if (!/^(?:\.{1,2}\/|\/)/.test(path))
    return "Enter a Lambda function ARN or a module path such as file:./triggers/handler.mjs";
  if (!/\.(?:mjs|cjs|js)$/.test(path)) return "The module must be a .mjs, .cjs or .js file";
  return undefined;
}
